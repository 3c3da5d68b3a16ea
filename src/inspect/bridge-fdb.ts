// `bridge -j fdb show`: learned and static MAC entries of bridges (and devices' own).
import type { FdbEntry } from "./types.js";
import { num, parseJsonArray, ParseError, str } from "./errors.js";

export function parseBridgeFdb(text: string, command = "bridge -j fdb show"): FdbEntry[] {
  return parseJsonArray(command, text).map((o, i) => {
    const mac = str(o.mac);
    const dev = str(o.ifname) ?? str(o.dev);
    if (mac === undefined || dev === undefined) {
      throw new ParseError(command, `entry ${i} has no mac/ifname`, undefined, JSON.stringify(o).slice(0, 160));
    }
    const e: FdbEntry = { mac, dev, state: str(o.state) ?? "" };
    const master = str(o.master);
    if (master !== undefined) e.master = master;
    const vlan = num(o.vlan);
    if (vlan !== undefined) e.vlan = vlan;
    if (Array.isArray(o.flags)) e.flags = o.flags.filter((f): f is string => typeof f === "string");
    return e;
  });
}

/** Entries a bridge learned or holds for its ports (not a device's own multicast list). */
export function isBridgeEntry(e: FdbEntry): boolean {
  return e.master !== undefined && !(e.flags ?? []).includes("self");
}
