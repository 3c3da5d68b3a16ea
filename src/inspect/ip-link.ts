// `ip -j -d link` and `ip -j -d addr` (the latter adds `addr_info` to each link).
import type { Address, Link } from "./types.js";
import { num, parseJsonArray, ParseError, str } from "./errors.js";

/** Interfaces from `ip -j -d link` or `ip -j -d addr` (addresses filled when present). */
export function parseIpLinks(text: string, command = "ip -j -d link"): Link[] {
  return parseJsonArray(command, text).map((o, i) => toLink(o, i, command));
}

function toLink(o: Record<string, unknown>, i: number, command: string): Link {
  const ifindex = num(o.ifindex);
  const name = str(o.ifname);
  if (ifindex === undefined || name === undefined) {
    throw new ParseError(command, `interface ${i} has no ifindex/ifname`, undefined, JSON.stringify(o).slice(0, 160));
  }
  const flags = Array.isArray(o.flags) ? o.flags.filter((f): f is string => typeof f === "string") : [];
  const info = (o.linkinfo ?? {}) as Record<string, unknown>;
  const slave = (info.info_slave_data ?? {}) as Record<string, unknown>;
  const linkType = str(o.link_type);
  const kind = str(info.info_kind) ?? (linkType === "loopback" ? "loopback" : "device");
  const link: Link = {
    ifindex,
    name,
    kind,
    state: settledState(str(o.operstate) ?? "UNKNOWN", flags),
    adminUp: flags.includes("UP"),
    addresses: Array.isArray(o.addr_info) ? o.addr_info.map((a, j) => toAddress(a, `${name} address ${j}`, command)) : [],
    flags,
  };
  const mac = str(o.address);
  if (mac !== undefined && linkType !== "loopback" && linkType !== "none") link.mac = mac;
  const mtu = num(o.mtu);
  if (mtu !== undefined) link.mtu = mtu;
  const master = str(o.master);
  if (master !== undefined) link.master = master;
  const portState = str(slave.state);
  if (portState !== undefined && str(info.info_slave_kind) === "bridge") link.portState = portState;
  if (kind === "veth") {
    // Without -d there is no linkinfo; `link_index` alone still names the peer.
    const peer = num(o.link_index);
    if (peer !== undefined) link.peerIfindex = peer;
    const nsid = num(o.link_netnsid);
    if (nsid !== undefined) link.peerNetnsId = nsid;
    // Both ends in one namespace: `ip -j` names the peer ("link": "veth1") instead.
    const peerName = str(o.link);
    if (peer === undefined && peerName !== undefined) link.peerName = peerName;
  }
  return link;
}

function toAddress(a: unknown, what: string, command: string): Address {
  const o = (a ?? {}) as Record<string, unknown>;
  const family = str(o.family);
  const address = str(o.local);
  const prefixlen = num(o.prefixlen);
  if ((family !== "inet" && family !== "inet6") || address === undefined || prefixlen === undefined) {
    throw new ParseError(command, `${what} lacks family/local/prefixlen`, undefined, JSON.stringify(a).slice(0, 160));
  }
  const out: Address = { family, address, prefixlen };
  const scope = str(o.scope);
  if (scope !== undefined) out.scope = scope;
  return out;
}

/** `ip -j addr` alone: ifname -> addresses (to merge into links from `ip -j link`). */
export function parseIpAddrs(text: string, command = "ip -j addr"): Map<string, Address[]> {
  const map = new Map<string, Address[]>();
  for (const [i, o] of parseJsonArray(command, text).entries()) {
    const name = str(o.ifname);
    if (name === undefined) throw new ParseError(command, `interface ${i} has no ifname`);
    map.set(name, Array.isArray(o.addr_info) ? o.addr_info.map((a, j) => toAddress(a, `${name} address ${j}`, command)) : []);
  }
  return map;
}

/** "11.11.11.2/24" */
export function formatAddress(a: Address): string {
  return `${a.address}/${a.prefixlen}`;
}

/** The kernel sets carrier (LOWER_UP) at once but publishes operstate through linkwatch,
 *  up to a second later: an UP+LOWER_UP link reported DOWN is a link about to be UP. */
function settledState(operstate: string, flags: readonly string[]): string {
  if (operstate === "DOWN" && flags.includes("UP") && flags.includes("LOWER_UP")) return "UP";
  return operstate;
}
