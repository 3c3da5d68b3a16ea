// Namespace names and ids: `ip -j netns list-id` and `ip netns list`.
import type { NsId } from "./types.js";
import { num, parseJsonArray, ParseError, str } from "./errors.js";

/** `ip -j netns list-id`: the ids this namespace gave to others (names when known). */
export function parseNetnsListId(text: string, command = "ip -j netns list-id"): NsId[] {
  return parseJsonArray(command, text).map((o, i) => {
    const nsid = num(o.nsid);
    if (nsid === undefined) throw new ParseError(command, `entry ${i} has no nsid`, undefined, JSON.stringify(o));
    const name = str(o.name);
    return name === undefined ? { nsid } : { nsid, name };
  });
}

/** `ip netns list`: "RED (id: 2)" or "RED" a line, newest first as ip prints them. */
/** A named namespace, and its id in the current namespace when it has one. */
export interface NetnsName {
  name: string;
  nsid?: number;
}

export function parseNetnsList(text: string, command = "ip netns list"): NetnsName[] {
  const out: NetnsName[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const m = /^(\S+)(?:\s+\(id:\s*(\d+)\))?$/.exec(line);
    if (!m) throw new ParseError(command, "expected NAME or NAME (id: N)", i + 1, line);
    out.push(m[2] === undefined ? { name: m[1]! } : { name: m[1]!, nsid: Number(m[2]) });
  });
  return out;
}
