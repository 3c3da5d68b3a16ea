// `ip -j neigh` (ARP for IPv4, NDP for IPv6).
import type { Neighbour } from "./types.js";
import { parseJsonArray, ParseError, str } from "./errors.js";

export function parseIpNeighbours(text: string, command = "ip -j neigh"): Neighbour[] {
  return parseJsonArray(command, text).map((o, i) => {
    const dst = str(o.dst);
    const dev = str(o.dev);
    if (dst === undefined || dev === undefined) {
      throw new ParseError(command, `neighbour ${i} has no dst/dev`, undefined, JSON.stringify(o).slice(0, 160));
    }
    const n: Neighbour = {
      dst,
      dev,
      state: Array.isArray(o.state) ? o.state.filter((s): s is string => typeof s === "string") : [],
      family: dst.includes(":") ? "inet6" : "inet",
    };
    const lladdr = str(o.lladdr);
    if (lladdr !== undefined) n.lladdr = lladdr;
    if (o.router !== undefined && o.router !== false) n.router = true;
    return n;
  });
}
