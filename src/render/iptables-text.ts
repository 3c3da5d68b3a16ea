// `iptables -nvL` as text, from a parsed ruleset: the shape learners know from the terminal.
import picocolors from "picocolors";
import type { CounterDelta } from "../model/types.js";
import type { Ruleset } from "../inspect/types.js";
import { DeltaIndex, orderedRules, orderedTables, references, selectChains } from "./_order.js";
import { ruleColumns } from "./_rule-columns.js";

export interface IptablesTextOptions {
  /** Which table (default "filter", as `iptables -nvL`). */
  table?: string;
  /** Only these chains (kernel order kept). */
  chains?: readonly string[];
  /** ANSI colours: bold chain headers, moved counters highlighted. */
  color?: boolean;
  /** Highlight these moved counters (with color) — from counterDeltas(). */
  deltas?: readonly CounterDelta[];
  /** Exact numbers as `-x` prints them, instead of K/M/G. */
  exact?: boolean;
  /** `--line-numbers`. */
  lineNumbers?: boolean;
  /** "all"/"tcp" as iptables < 1.8.9 prints; default numeric ("0"/"6") as 1.8.9+ does. */
  protocolNames?: boolean;
}

/** xtables_print_num: a right-aligned column, or K/M/G/T rounded like iptables does. */
export function formatIptablesNumber(n: number, exact = false, table = true): string {
  if (exact) return table ? `${String(n).padStart(8)} ` : `${n} `;
  if (n <= 99999) return table ? `${String(n).padStart(5)} ` : `${n} `;
  let v = n;
  for (const unit of ["K", "M", "G"]) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999) return table ? `${String(v).padStart(4)}${unit} ` : `${v}${unit} `;
  }
  v = Math.floor((v + 500) / 1000);
  return table ? `${String(v).padStart(4)}T ` : `${v}T `;
}

export function renderIptablesText(ruleset: Ruleset, options: IptablesTextOptions = {}): string {
  const pc = picocolors.createColors(options.color ?? false);
  const tableName = options.table ?? "filter";
  const table = orderedTables(ruleset).find((t) => t.name === tableName);
  if (!table) return `# no table ${tableName} in this ruleset (tables: ${orderedTables(ruleset).map((t) => t.name).join(", ") || "none"})\n`;
  const deltas = new DeltaIndex(options.deltas, ruleset.family);
  const exact = options.exact ?? false;
  const num = (n: number) => formatIptablesNumber(n, exact);
  const chains = selectChains(table, options.chains);
  const missing = (options.chains ?? []).filter((c) => !table.chains.some((x) => x.name === c));
  const blocks = chains.map((chain) => {
    const lines: string[] = [];
    let head = pc.bold(`Chain ${chain.name}`);
    if (chain.policy !== undefined) {
      const counts = `${formatIptablesNumber(chain.packets, exact, false)}packets, ${formatIptablesNumber(chain.bytes, exact, false)}bytes`;
      const moved = deltas.get(table.name, chain.name);
      head += ` (policy ${colorTarget(pc, chain.policy)} ${moved ? pc.bold(pc.yellow(counts)) : counts})`;
    } else {
      head += ` (${references(table, chain.name)} references)`;
    }
    lines.push(head);
    let header = options.lineNumbers ? "num  " : "";
    header += exact ? `${"pkts".padStart(8)} ${"bytes".padStart(10)} ` : " pkts bytes ";
    header += `${"target".padEnd(9)}  prot opt ${"in".padEnd(6)} ${"out".padEnd(6)}  ${"source".padEnd(19)}  ${"destination".padEnd(19)} `;
    lines.push(pc.dim(header));
    for (const rule of orderedRules(chain)) {
      const c = ruleColumns(rule.spec, { family: ruleset.family, protocolNames: options.protocolNames });
      const moved = deltas.get(table.name, chain.name, rule.num);
      const counters = num(rule.packets) + num(rule.bytes);
      let line = options.lineNumbers ? `${String(rule.num).padEnd(4)} ` : "";
      line += moved ? pc.bold(pc.yellow(counters)) : counters;
      line += colorTarget(pc, c.target.padEnd(9), c.target) + " ";
      line += (c.protInv ? "!" : " ") + c.prot.padEnd(4) + " " + c.opt + " ";
      line += ` ${c.in.padEnd(6)} ${c.out.padEnd(6)} `;
      line += (c.sourceInv ? "!" : " ") + c.source.padEnd(19) + " ";
      line += (c.destinationInv ? "!" : " ") + c.destination.padEnd(19) + " ";
      line += c.extras;
      lines.push(line);
    }
    return lines.join("\n") + "\n";
  });
  for (const m of missing) blocks.push(`# no chain ${m} in table ${table.name}\n`);
  return blocks.join("\n");
}

type Colors = ReturnType<typeof picocolors.createColors>;

function colorTarget(pc: Colors, text: string, target = text.trim()): string {
  if (target === "ACCEPT") return pc.green(text);
  if (target === "DROP" || target === "REJECT") return pc.red(text);
  if (target === "") return text;
  if (["RETURN", "LOG", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "MARK"].includes(target)) return pc.magenta(text);
  return pc.cyan(text);
}
