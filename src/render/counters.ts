// "Which rules counted it": exactly the rules and policies whose counters moved.
import type { CounterDelta } from "../model/types.js";
import type { Rule, Ruleset } from "../inspect/types.js";
import { esc, humanBytes, naturalCompare, thousands, wrappableSpec } from "./_escape.js";
import { htmlRoot, targetClass } from "./_html-style.js";

const TABLE_ORDER = ["raw", "mangle", "nat", "filter", "security"];
const CHAIN_ORDER = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
const rank = (list: string[], v: string) => (list.includes(v) ? list.indexOf(v) : list.length);

/** Deltas in a stable order: namespace, family, table (as a packet meets them), chain, policy last. */
export function sortDeltas(deltas: readonly CounterDelta[]): CounterDelta[] {
  return [...deltas].sort((a, b) =>
    naturalCompare(a.namespace, b.namespace) || naturalCompare(a.family, b.family)
    || rank(TABLE_ORDER, a.table) - rank(TABLE_ORDER, b.table) || naturalCompare(a.table, b.table)
    || rank(CHAIN_ORDER, a.chain) - rank(CHAIN_ORDER, b.chain) || naturalCompare(a.chain, b.chain)
    || (a.num ?? Infinity) - (b.num ?? Infinity));
}

function where(d: CounterDelta): string {
  return `${d.namespace ? `[${d.namespace}] ` : ""}${d.family === "ipv6" ? "ip6tables " : ""}${d.table} ${d.chain}`;
}

function what(d: CounterDelta): string {
  if (d.num === undefined) return `policy ${d.target ?? "?"}`;
  return `#${d.num} ${d.spec ?? (d.target ? `-j ${d.target}` : "")}`.trim();
}

/** `filter FORWARD policy DROP  +2 pkts +168 B`, one line per moved counter. */
export function renderCountersText(deltas: readonly CounterDelta[]): string {
  if (!deltas.length) return "no iptables counter moved\n";
  const rows = sortDeltas(deltas).map((d) => [`${where(d)} ${what(d)}`, `+${d.packets} pkts +${humanBytes(d.bytes)}`] as const);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`).join("\n") + "\n";
}

function findRule(rs: Ruleset | undefined, d: CounterDelta): { packets: number; bytes: number; rule?: Rule } | undefined {
  const chain = rs?.tables.find((t) => t.name === d.table)?.chains.find((c) => c.name === d.chain);
  if (!chain) return undefined;
  if (d.num === undefined) return { packets: chain.packets, bytes: chain.bytes };
  const rule = chain.rules.find((r) => r.num === d.num && (d.spec === undefined || r.spec === d.spec)) ?? chain.rules.find((r) => r.spec === d.spec);
  return rule ? { packets: rule.packets, bytes: rule.bytes, rule } : undefined;
}

/** The same as an HTML table, with each counter's value before and after. */
export function renderCountersHtml(before: Ruleset | undefined, after: Ruleset | undefined, deltas: readonly CounterDelta[]): string {
  if (!deltas.length) return htmlRoot("counters", '<p class="vb-muted">No iptables counter moved: no rule or policy counted a packet.</p>');
  const rows = sortDeltas(deltas).map((d) => {
    const a = findRule(after, d);
    const b = findRule(before, d);
    const target = d.num === undefined ? d.target : (d.target ?? a?.rule?.target);
    const was = b ? `${thousands(b.packets)} → ${thousands(a?.packets ?? b.packets + d.packets)}` : a ? `new → ${thousands(a.packets)}` : "";
    const place = `${d.namespace ? `[${esc(d.namespace)}] ` : ""}${d.family === "ipv6" ? "ip6tables " : ""}<span class="vb-w">${esc(`${d.table} ${d.chain}`)}</span>`;
    return `<tr class="vb-moved"><td class="vb-mono vb-wrap">${place}</td>`
      + `<td class="vb-mono vb-wrap">${d.num === undefined ? `policy <span class="${targetClass(target)}">${esc(target ?? "?")}</span>` : `<span class="vb-muted">#${d.num}</span> ${wrappableSpec(d.spec ?? "")}`}</td>`
      + `<td class="vb-delta vb-num">+${thousands(d.packets)} pkts</td><td class="vb-delta vb-num">+${esc(humanBytes(d.bytes))}</td>`
      + `<td class="vb-num vb-muted">${esc(was)}</td></tr>`;
  });
  return htmlRoot("counters", `<table><caption>Which rules counted it: ${deltas.length} counter${deltas.length === 1 ? "" : "s"} moved</caption>`
    + `<thead><tr><th>chain</th><th>rule</th><th class="vb-num">packets</th><th class="vb-num">bytes</th><th class="vb-num vb-wrap">pkts before → after</th></tr></thead><tbody>${rows.join("")}</tbody></table>`);
}
