// The iptables view as HTML: tables and chains in the kernel's order, policies, readable
// rules with their counters, the rows whose counters moved highlighted with their deltas.
import type { CounterDelta } from "../model/types.js";
import type { Chain, Ruleset, Table } from "../inspect/types.js";
import { esc, humanBytes, thousands } from "./_escape.js";
import { htmlRoot, targetClass } from "./_html-style.js";
import { DeltaIndex, orderedRules, orderedTables, references, selectChains } from "./_order.js";
import { ruleColumns } from "./_rule-columns.js";

export interface IptablesHtmlOptions {
  /** One table; default every table in the ruleset. */
  table?: string;
  /** Only these chains. */
  chains?: readonly string[];
  /** Counters that moved (from counterDeltas): rows and policies highlighted with +N. */
  deltas?: readonly CounterDelta[];
  /** One line under a chain: what it is for (e.g. model's explainChain). */
  explain?: (chain: string, table: string) => string | undefined;
  /** One line under a table's heading. */
  explainTable?: (table: string) => string | undefined;
  /** Show only chains with rules or moved counters (default false: all). */
  hideEmpty?: boolean;
}

const delta = (d: CounterDelta): string => `+${thousands(d.packets)} pkts +${humanBytes(d.bytes)}`;

export function renderIptablesHtml(ruleset: Ruleset, options: IptablesHtmlOptions = {}): string {
  const deltas = new DeltaIndex(options.deltas, ruleset.family);
  const tables = orderedTables(ruleset).filter((t) => !options.table || t.name === options.table);
  const cmd = ruleset.family === "ipv6" ? "ip6tables" : "iptables";
  const body = tables.map((t) => {
    const chains = selectChains(t, options.chains).filter((c) => !options.hideEmpty || c.rules.length || deltas.get(t.name, c.name) || c.rules.some((r) => deltas.get(t.name, c.name, r.num)));
    if (!chains.length) return "";
    const note = options.explainTable?.(t.name);
    return `<h4>${esc(cmd)} table <code>${esc(t.name)}</code></h4>${note ? `<p class="vb-explain">${esc(note)}</p>` : ""}`
      + `<table class="vb-ipt-table"><thead><tr><th class="vb-num">#</th><th class="vb-num">pkts</th><th class="vb-num">bytes</th><th>target</th><th>prot</th><th>in</th><th>out</th><th>source</th><th>destination</th><th>match</th></tr></thead>`
      + chains.map((c) => chainHtml(t, c, deltas, ruleset.family, options)).join("") + "</table>";
  }).join("");
  return htmlRoot("iptables", body || `<p class="vb-muted">no ${options.table ? `table ${esc(options.table)}` : "tables"}${options.chains?.length ? ` with chains ${esc(options.chains.join(", "))}` : ""} in this ruleset</p>`);
}

function chainHtml(t: Table, c: Chain, deltas: DeltaIndex, family: "ipv4" | "ipv6", o: IptablesHtmlOptions): string {
  const moved = deltas.get(t.name, c.name);
  let head = `<strong class="vb-mono">Chain ${esc(c.name)}</strong> `;
  if (c.policy !== undefined) {
    const policy = `policy <span class="${targetClass(c.policy)}">${esc(c.policy)}</span> ${thousands(c.packets)} packet${c.packets === 1 ? "" : "s"}, ${humanBytes(c.bytes)}`;
    head += moved ? `<span class="vb-policy-moved">${policy} <span class="vb-delta">${delta(moved)}</span></span>` : `<span class="vb-muted">${policy}</span>`;
  } else {
    const n = references(t, c.name);
    head += `<span class="vb-muted">(${n} reference${n === 1 ? "" : "s"})</span>`;
  }
  const why = o.explain?.(c.name, t.name);
  const rows = orderedRules(c).map((r) => {
    const col = ruleColumns(r.spec, { family, protocolNames: true });
    const d = deltas.get(t.name, c.name, r.num);
    // `*`, 0.0.0.0/0 and ::/0 all read "any" (the title keeps the rule as saved).
    const any = (v: string) => (v === "*" || v === "0.0.0.0/0" || v === "::/0" ? '<span class="vb-muted">any</span>' : esc(v));
    const inv = (b: boolean, v: string) => (b ? `! ${v}` : v);
    return `<tr${d ? ' class="vb-moved"' : ""} title="${esc(`-A ${c.name} ${r.spec}`)}">`
      + `<td class="vb-num vb-muted">${r.num}</td>`
      // What moved sits under each counter, so the table needs no column of its own for it.
      + `<td class="vb-num">${thousands(r.packets)}${d ? `<div class="vb-delta" title="moved">+${thousands(d.packets)}</div>` : ""}</td>`
      + `<td class="vb-num">${esc(humanBytes(r.bytes))}${d ? `<div class="vb-delta" title="moved">+${esc(humanBytes(d.bytes))}</div>` : ""}</td>`
      + `<td class="vb-mono vb-wrap ${targetClass(col.target)}">${esc(col.target)}${r.goto ? ' <span class="vb-muted">(goto)</span>' : ""}</td>`
      + `<td class="vb-mono">${col.prot === "all" && !col.protInv ? '<span class="vb-muted">all</span>' : esc(inv(col.protInv, col.prot))}</td>`
      + `<td class="vb-mono">${any(col.in)}</td><td class="vb-mono">${any(col.out)}</td>`
      + `<td class="vb-mono">${col.sourceInv ? esc(`! ${col.source}`) : any(col.source)}</td>`
      + `<td class="vb-mono">${col.destinationInv ? esc(`! ${col.destination}`) : any(col.destination)}</td>`
      + `<td class="vb-mono vb-wrap">${esc(col.extras.trim())}${col.opt.includes("f") ? ` ${esc(col.opt.startsWith("!") ? "! fragment" : "fragment")}` : ""}</td></tr>`;
  });
  return `<tbody class="vb-chain"><tr class="vb-chain-head"><td colspan="10">${head}${why ? `<div class="vb-explain">${esc(why)}</div>` : ""}</td></tr>`
    + `${rows.join("") || '<tr><td></td><td colspan="9" class="vb-muted">no rules</td></tr>'}</tbody>`;
}
