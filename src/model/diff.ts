// What changed between two snapshots: namespaces, links (state, master, addresses, ...),
// routes, neighbours, fdb entries, sysctls, and the rulesets' shape (rules added or
// removed, policies changed). Counters are counters.ts's job.
import { formatAddress } from "../inspect/ip-link.js";
import { formatRoute } from "../inspect/ip-route.js";
import { compare } from "./snapshot.js";
import type { Change, NamespaceState, Snapshot } from "./types.js";
import type { Chain, FdbEntry, Link, Neighbour, Route, Ruleset } from "../inspect/types.js";

export interface DiffOptions {
  /** Include the `local` routing table (routes the kernel adds for every address). Default false. */
  localRoutes?: boolean;
  /** Include devices' own fdb entries (multicast `self` entries). Default false. */
  selfFdb?: boolean;
}

export function diffSnapshots(before: Snapshot, after: Snapshot, options: DiffOptions = {}): Change[] {
  const changes: Change[] = [];
  const b = new Map(before.namespaces.map((n) => [n.name, n]));
  const a = new Map(after.namespaces.map((n) => [n.name, n]));
  for (const name of sortedKeys(b, a)) {
    const x = b.get(name);
    const y = a.get(name);
    if (!x) changes.push({ kind: "added", what: "namespace", namespace: name, key: name });
    if (!y) changes.push({ kind: "removed", what: "namespace", namespace: name, key: name });
    changes.push(...diffNamespace(name, x, y, options));
  }
  return changes;
}

const EMPTY: NamespaceState = { name: "", links: [], routes: [], neighbours: [], fdb: [], sysctls: {}, iptables: { family: "ipv4", tables: [] }, ip6tables: { family: "ipv6", tables: [] } };

function diffNamespace(ns: string, x = EMPTY, y = EMPTY, o: DiffOptions): Change[] {
  const out: Change[] = [];
  const push = (c: Omit<Change, "namespace">) => out.push({ ...c, namespace: ns } as Change);

  // Links, and their addresses.
  const lb = byKey(x.links, (l) => l.name);
  const la = byKey(y.links, (l) => l.name);
  for (const name of sortedKeys(lb, la)) {
    const p = lb.get(name);
    const q = la.get(name);
    const key = `${ns}/${name}`;
    if (!p) push({ kind: "added", what: "link", key, after: describeLink(q!) });
    else if (!q) push({ kind: "removed", what: "link", key, before: describeLink(p) });
    else {
      for (const field of ["state", "adminUp", "master", "mac", "mtu", "kind"] as const) {
        const u = show(p[field]);
        const v = show(q[field]);
        if (u !== v) push({ kind: "changed", what: "link", key, field, before: u, after: v });
      }
    }
    const ab = new Set((p?.addresses ?? []).map(formatAddress));
    const aa = new Set((q?.addresses ?? []).map(formatAddress));
    for (const addr of [...new Set([...ab, ...aa])].sort(compare)) {
      if (!ab.has(addr)) push({ kind: "added", what: "address", key: `${key} ${addr}`, after: addr });
      if (!aa.has(addr)) push({ kind: "removed", what: "address", key: `${key} ${addr}`, before: addr });
    }
  }

  // Routes: one per table, type, destination and metric; gateway/dev changes are "changed".
  const keep = (r: Route) => o.localRoutes || r.table !== "local";
  out.push(...diffKeyed(ns, "route", x.routes.filter(keep), y.routes.filter(keep),
    (r) => `${r.table ?? "main"} ${r.type ?? "unicast"} ${r.dst}${r.metric !== undefined ? ` metric ${r.metric}` : ""}${r.dev && !r.gateway ? ` dev ${r.dev}` : ""}`, formatRoute));

  out.push(...diffKeyed(ns, "neighbour", x.neighbours, y.neighbours, (n) => `${n.dev} ${n.dst}`, describeNeighbour));

  const fdb = (e: FdbEntry) => o.selfFdb || !(e.flags ?? []).includes("self");
  out.push(...diffKeyed(ns, "fdb", x.fdb.filter(fdb), y.fdb.filter(fdb), (e) => `${e.dev} ${e.mac}${e.vlan !== undefined ? ` vlan ${e.vlan}` : ""}`, describeFdb));

  for (const k of sortedKeys(new Map(Object.entries(x.sysctls)), new Map(Object.entries(y.sysctls)))) {
    const u = x.sysctls[k];
    const v = y.sysctls[k];
    if (u === v) continue;
    push({ kind: u === undefined ? "added" : v === undefined ? "removed" : "changed", what: "sysctl", key: k, before: u, after: v });
  }

  out.push(...diffRules(ns, x.iptables, y.iptables), ...diffRules(ns, x.ip6tables, y.ip6tables));
  return out;
}

/** Rules added or removed (by spec, so counters and positions don't matter), policies changed. */
export function diffRules(ns: string, x: Ruleset, y: Ruleset): Change[] {
  const out: Change[] = [];
  const chains = (rs: Ruleset) => new Map<string, Chain>(rs.tables.flatMap((t) => t.chains.map((c) => [`${t.name} ${c.name}`, c] as const)));
  const cb = chains(x);
  const ca = chains(y);
  const fam = x.family === "ipv6" ? "ip6tables" : "iptables";
  for (const key of orderedUnion([...cb.keys()], [...ca.keys()])) {
    const p = cb.get(key);
    const q = ca.get(key);
    const k = `${fam} ${key}`;
    if (!p) out.push({ kind: "added", what: "chain", namespace: ns, key: k });
    else if (!q) out.push({ kind: "removed", what: "chain", namespace: ns, key: k });
    else if (p.policy !== q.policy) out.push({ kind: "changed", what: "policy", namespace: ns, key: k, field: "policy", before: p.policy, after: q.policy });
    const count = new Map<string, number>();
    for (const r of p?.rules ?? []) count.set(r.spec, (count.get(r.spec) ?? 0) + 1);
    for (const r of q?.rules ?? []) {
      const n = count.get(r.spec) ?? 0;
      if (n > 0) count.set(r.spec, n - 1);
      else out.push({ kind: "added", what: "rule", namespace: ns, key: `${k} ${r.spec}`, after: `${k} #${r.num} ${r.spec}` });
    }
    for (const r of p?.rules ?? []) {
      const n = count.get(r.spec) ?? 0;
      if (n > 0) {
        count.set(r.spec, n - 1);
        out.push({ kind: "removed", what: "rule", namespace: ns, key: `${k} ${r.spec}`, before: `${k} #${r.num} ${r.spec}` });
      }
    }
  }
  return out;
}

function diffKeyed<T>(ns: string, what: string, xs: T[], ys: T[], key: (t: T) => string, describe: (t: T) => string): Change[] {
  const out: Change[] = [];
  const b = byKey(xs, key);
  const a = byKey(ys, key);
  for (const k of sortedKeys(b, a)) {
    const p = b.get(k);
    const q = a.get(k);
    if (!p) out.push({ kind: "added", what, namespace: ns, key: k, after: describe(q!) });
    else if (!q) out.push({ kind: "removed", what, namespace: ns, key: k, before: describe(p) });
    else if (describe(p) !== describe(q)) out.push({ kind: "changed", what, namespace: ns, key: k, before: describe(p), after: describe(q) });
  }
  return out;
}

/** One line a learner can read: `RED: link reth0 state DOWN -> UP`. */
export function describeChange(c: Change): string {
  const where = c.namespace ? `${c.namespace}: ` : "";
  const key = c.what === "link" || c.what === "address" ? c.key.slice(c.key.indexOf("/") + 1) : c.key;
  switch (c.kind) {
    case "added":
      return `${where}+ ${c.what} ${c.what === "namespace" ? c.key : c.after ?? key}${c.what === "address" ? ` on ${key.split(" ")[0]}` : ""}`;
    case "removed":
      return `${where}- ${c.what} ${c.what === "namespace" ? c.key : c.before ?? key}${c.what === "address" ? ` from ${key.split(" ")[0]}` : ""}`;
    case "changed":
      return `${where}~ ${c.what} ${key}${c.field && c.what !== "policy" ? ` ${c.field}` : ""}: ${c.before ?? "(none)"} -> ${c.after ?? "(none)"}`;
  }
}

export function describeLink(l: Link): string {
  return [l.name, l.kind, l.state, l.master ? `master ${l.master}` : "", l.mac ?? ""].filter(Boolean).join(" ");
}

function describeNeighbour(n: Neighbour): string {
  return `${n.dst} dev ${n.dev}${n.lladdr ? ` lladdr ${n.lladdr}` : ""} ${n.state.join(",")}`.trim();
}

function describeFdb(e: FdbEntry): string {
  return `${e.mac} dev ${e.dev}${e.vlan !== undefined ? ` vlan ${e.vlan}` : ""}${e.master ? ` master ${e.master}` : ""}${e.state ? ` ${e.state}` : ""}`;
}

function show(v: unknown): string | undefined {
  return v === undefined ? undefined : String(v);
}

function byKey<T>(xs: readonly T[], key: (t: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of xs) if (!m.has(key(x))) m.set(key(x), x);
  return m;
}

function sortedKeys<T>(a: Map<string, T>, b: Map<string, T>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort(compare);
}

/** Keys of `a` in their order, then keys only `b` has, in theirs (keeps the kernel's chain order). */
function orderedUnion(a: string[], b: string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((k) => !seen.has(k))];
}
