// `ip -j route show table all` (IPv4 and IPv6; main, local and any other table).
import type { Route } from "./types.js";
import { num, parseJsonArray, ParseError, str } from "./errors.js";

export function parseIpRoutes(text: string, command = "ip -j route show table all"): Route[] {
  return parseJsonArray(command, text).map((o, i) => {
    const dst = str(o.dst);
    if (dst === undefined) throw new ParseError(command, `route ${i} has no dst`, undefined, JSON.stringify(o).slice(0, 160));
    const r: Route = { dst };
    const set = <K extends keyof Route>(k: K, v: Route[K] | undefined) => { if (v !== undefined) r[k] = v; };
    set("gateway", str(o.gateway));
    set("dev", str(o.dev));
    set("protocol", str(o.protocol));
    set("scope", str(o.scope));
    set("prefsrc", str(o.prefsrc));
    // `ip route` leaves out "table main" unless asked for all tables; name it anyway.
    set("table", str(o.table) ?? (num(o.table) !== undefined ? String(o.table) : "main"));
    set("type", str(o.type) ?? "unicast");
    set("metric", num(o.metric));
    set("family", dst.includes(":") || str(o.gateway)?.includes(":") ? "inet6" : "inet");
    return r;
  });
}

/** "default via 10.0.2.2 dev enp0s3", the way `ip route` prints it. */
export function formatRoute(r: Route): string {
  const parts: string[] = [];
  if (r.type && r.type !== "unicast") parts.push(r.type);
  parts.push(r.dst);
  if (r.gateway) parts.push("via", r.gateway);
  if (r.dev) parts.push("dev", r.dev);
  if (r.table && r.table !== "main") parts.push("table", r.table);
  if (r.protocol && r.protocol !== "boot") parts.push("proto", r.protocol);
  if (r.scope && r.scope !== "global") parts.push("scope", r.scope);
  if (r.prefsrc) parts.push("src", r.prefsrc);
  if (r.metric !== undefined) parts.push("metric", String(r.metric));
  return parts.join(" ");
}
