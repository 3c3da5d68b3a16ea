// Neighbours (ARP/NDP), routes and the bridge fdb as small tables, text and HTML.
import type { FdbEntry, Neighbour, Route } from "../inspect/types.js";
import { esc, naturalCompare } from "./_escape.js";
import { htmlRoot } from "./_html-style.js";

export interface NetTableOptions {
  /** Caption, e.g. "RED: neighbours". */
  title?: string;
}
export interface RouteTableOptions extends NetTableOptions {
  /** Routing tables to show (default ["main"]); "all" for every one. */
  tables?: readonly string[] | "all";
  /** Address family (default "inet"; "all" for both). */
  family?: "inet" | "inet6" | "all";
}
export interface FdbTableOptions extends NetTableOptions {
  /** Include devices' own entries (`self`, multicast); default false, as the course reads `brctl showmacs`. */
  self?: boolean;
}

type Cell = string;
interface Grid { head: string[]; rows: Cell[][] }

function textGrid(g: Grid, title?: string, empty = "(none)"): string {
  const keep = g.head.map((_, i) => g.rows.some((r) => r[i]) || i === 0);
  const head = g.head.filter((_, i) => keep[i]);
  const rows = g.rows.map((r) => r.filter((_, i) => keep[i]));
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(w[i]!))).join("  ").trimEnd();
  const out = [...(title ? [title] : []), line(head), ...(rows.length ? rows.map(line) : [empty])];
  return out.join("\n") + "\n";
}

function htmlGrid(kind: string, g: Grid, title?: string, empty = "none"): string {
  const keep = g.head.map((_, i) => g.rows.some((r) => r[i]) || i === 0);
  const head = g.head.filter((_, i) => keep[i]);
  const rows = g.rows.map((r) => r.filter((_, i) => keep[i]));
  return htmlRoot(kind, `<table>${title ? `<caption>${esc(title)}</caption>` : ""}<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>`
    + (rows.length ? rows.map((r) => `<tr>${r.map((c) => `<td class="vb-mono">${esc(c)}</td>`).join("")}</tr>`).join("") : `<tr><td colspan="${head.length}" class="vb-muted">${esc(empty)}</td></tr>`)
    + "</tbody></table>");
}

function neighbourGrid(list: readonly Neighbour[]): Grid {
  const rows = [...list]
    .sort((a, b) => naturalCompare(a.dev, b.dev) || naturalCompare(a.dst, b.dst))
    .map((n) => [n.dst, n.dev, n.lladdr ?? "", n.state.join(","), n.router ? "router" : ""]);
  return { head: ["address", "dev", "lladdr (MAC)", "state", "flags"], rows };
}

const isV6 = (r: Route) => (r.family ? r.family === "inet6" : r.dst.includes(":") || (r.gateway ?? "").includes(":"));

function routeGrid(list: readonly Route[], o: RouteTableOptions): Grid {
  const tables = o.tables ?? ["main"];
  const fam = o.family ?? "inet";
  const rows = list
    .filter((r) => tables === "all" || tables.includes(r.table ?? "main"))
    .filter((r) => fam === "all" || (fam === "inet6") === isV6(r))
    .map((r) => ({ r, key: r.dst === "default" ? "" : r.dst }))
    .sort((a, b) => naturalCompare(a.r.table ?? "main", b.r.table ?? "main") || naturalCompare(a.key, b.key) || (a.r.metric ?? 0) - (b.r.metric ?? 0) || naturalCompare(a.r.dev ?? "", b.r.dev ?? ""))
    .map(({ r }) => [
      r.type && r.type !== "unicast" ? `${r.type} ${r.dst}` : r.dst,
      r.gateway ?? "", r.dev ?? "", r.protocol ?? "", r.scope ?? "", r.prefsrc ?? "",
      r.metric !== undefined ? String(r.metric) : "", tables === "all" || tables.length > 1 ? (r.table ?? "main") : "",
    ]);
  return { head: ["destination", "via", "dev", "proto", "scope", "src", "metric", "table"], rows };
}

function fdbGrid(list: readonly FdbEntry[], o: FdbTableOptions): Grid {
  const rows = list
    .filter((e) => o.self || !(e.flags ?? []).includes("self"))
    .sort((a, b) => naturalCompare(a.master ?? "", b.master ?? "") || naturalCompare(a.dev, b.dev) || naturalCompare(a.mac, b.mac) || (a.vlan ?? 0) - (b.vlan ?? 0))
    .map((e) => [e.mac, e.dev, e.master ?? "", e.vlan !== undefined ? String(e.vlan) : "", e.state || "learned", (e.flags ?? []).join(",")]);
  return { head: ["MAC", "port (dev)", "bridge", "vlan", "state", "flags"], rows };
}

export const renderNeighboursText = (list: readonly Neighbour[], o: NetTableOptions = {}): string => textGrid(neighbourGrid(list), o.title, "(no neighbours)");
export const renderNeighboursHtml = (list: readonly Neighbour[], o: NetTableOptions = {}): string => htmlGrid("neigh", neighbourGrid(list), o.title, "no neighbours");
export const renderRoutesText = (list: readonly Route[], o: RouteTableOptions = {}): string => textGrid(routeGrid(list, o), o.title, "(no routes)");
export const renderRoutesHtml = (list: readonly Route[], o: RouteTableOptions = {}): string => htmlGrid("routes", routeGrid(list, o), o.title, "no routes");
export const renderFdbText = (list: readonly FdbEntry[], o: FdbTableOptions = {}): string => textGrid(fdbGrid(list, o), o.title, "(no entries)");
export const renderFdbHtml = (list: readonly FdbEntry[], o: FdbTableOptions = {}): string => htmlGrid("fdb", fdbGrid(list, o), o.title, "no entries");
