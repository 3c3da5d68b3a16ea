// The order iptables shows tables, chains and rules in; renderers never trust input order.
import type { CounterDelta } from "../model/types.js";
import type { Chain, Ruleset, Table } from "../inspect/types.js";

const TABLE_ORDER = ["filter", "nat", "mangle", "raw", "security"];
const BUILTIN_ORDER = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];

const rank = (list: string[], name: string): number => {
  const i = list.indexOf(name);
  return i < 0 ? list.length : i;
};
const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function orderedTables(rs: Ruleset): Table[] {
  return [...rs.tables].sort((a, b) => rank(TABLE_ORDER, a.name) - rank(TABLE_ORDER, b.name) || byteCompare(a.name, b.name));
}

/** Built-in chains in hook order, then user chains by name (as `iptables -L` lists them). */
export function orderedChains(t: Table): Chain[] {
  return [...t.chains].sort((a, b) => {
    const ra = a.policy !== undefined ? rank(BUILTIN_ORDER, a.name) : BUILTIN_ORDER.length + 1;
    const rb = b.policy !== undefined ? rank(BUILTIN_ORDER, b.name) : BUILTIN_ORDER.length + 1;
    return ra - rb || byteCompare(a.name, b.name);
  });
}

export function orderedRules(c: Chain): Chain["rules"] {
  return [...c.rules].sort((a, b) => a.num - b.num);
}

/** How many rules of the table jump or go to this chain: `Chain DOCKER (2 references)`. */
export function references(t: Table, chain: string): number {
  let n = 0;
  for (const c of t.chains) for (const r of c.rules) if (r.target === chain) n++;
  return n;
}

/** Pick the chains asked for, keeping the kernel's order. */
export function selectChains(t: Table, chains?: readonly string[]): Chain[] {
  const all = orderedChains(t);
  return chains?.length ? all.filter((c) => chains.includes(c.name)) : all;
}

/** Look up deltas for one chain (policy: num undefined). */
export class DeltaIndex {
  private map = new Map<string, CounterDelta>();
  constructor(deltas: readonly CounterDelta[] = [], family?: string) {
    for (const d of deltas) {
      if (family && d.family !== family) continue;
      this.map.set(DeltaIndex.key(d.table, d.chain, d.num), d);
    }
  }
  static key(table: string, chain: string, num?: number): string {
    return `${table}\u0000${chain}\u0000${num ?? "policy"}`;
  }
  get(table: string, chain: string, num?: number): CounterDelta | undefined {
    return this.map.get(DeltaIndex.key(table, chain, num));
  }
}
