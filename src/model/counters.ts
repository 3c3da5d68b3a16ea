// Which iptables counters moved between two snapshots: rules and chain policies, with
// their deltas. Rules are matched by table, chain and spec (the k-th rule with a given
// spec before is the k-th with that spec after), so an inserted rule shifts nothing.
import type { CounterDelta, Snapshot } from "./types.js";
import type { Chain, Ruleset } from "../inspect/types.js";

export function counterDeltas(before: Snapshot | Ruleset, after: Snapshot | Ruleset): CounterDelta[] {
  const out: CounterDelta[] = [];
  for (const [ns, fam, x] of rulesets(before)) {
    const y = rulesets(after).find(([n, f]) => n === ns && f === fam)?.[2];
    if (y) out.push(...rulesetDeltas(ns, x, y));
  }
  return out;
}

function rulesets(s: Snapshot | Ruleset): [string, string, Ruleset][] {
  if ("tables" in s) return [["", s.family, s]];
  return s.namespaces.flatMap((n) => [[n.name, "ipv4", n.iptables], [n.name, "ipv6", n.ip6tables]] as [string, string, Ruleset][]);
}

function rulesetDeltas(namespace: string, x: Ruleset, y: Ruleset): CounterDelta[] {
  const out: CounterDelta[] = [];
  for (const t of y.tables) {
    const tb = x.tables.find((u) => u.name === t.name);
    for (const c of t.chains) {
      const cb = tb?.chains.find((u) => u.name === c.name);
      const base = { family: y.family, namespace, table: t.name, chain: c.name };
      if (c.policy !== undefined) {
        const d = delta(cb?.packets ?? 0, cb?.bytes ?? 0, c.packets, c.bytes);
        if (d) out.push({ ...base, target: c.policy, ...d });
      }
      const matched = matchRules(cb, c);
      c.rules.forEach((r, i) => {
        const old = matched[i];
        const d = delta(old?.packets ?? 0, old?.bytes ?? 0, r.packets, r.bytes);
        if (!d) return;
        const cd: CounterDelta = { ...base, num: r.num, spec: r.spec, ...d };
        if (r.target !== undefined) cd.target = r.target;
        out.push(cd);
      });
    }
  }
  return out;
}

/** For each rule of `after`, its counterpart in `before` (undefined: a new rule). */
function matchRules(before: Chain | undefined, after: Chain): ({ packets: number; bytes: number } | undefined)[] {
  const queues = new Map<string, { packets: number; bytes: number }[]>();
  for (const r of before?.rules ?? []) {
    const q = queues.get(r.spec) ?? [];
    q.push(r);
    queues.set(r.spec, q);
  }
  return after.rules.map((r) => queues.get(r.spec)?.shift());
}

/** What a counter gained; a counter that went down was zeroed (-Z), so all it holds is new. */
function delta(p0: number, b0: number, p1: number, b1: number): { packets: number; bytes: number } | undefined {
  const reset = p1 < p0 || b1 < b0;
  const packets = reset ? p1 : p1 - p0;
  const bytes = reset ? b1 : b1 - b0;
  return packets || bytes ? { packets, bytes } : undefined;
}

/** "filter FORWARD policy DROP: +1 packets, +84 bytes" / "filter DOCKER-USER #1 -j ACCEPT: ...". */
export function describeDelta(d: CounterDelta): string {
  const where = `${d.namespace ? `${d.namespace}: ` : ""}${d.family === "ipv6" ? "ip6tables " : ""}${d.table} ${d.chain}`;
  const what = d.num === undefined ? `policy ${d.target}` : `#${d.num} ${d.spec}`;
  return `${where} ${what}: +${d.packets} packets, +${d.bytes} bytes`;
}
