// `iptables-save -c` / `ip6tables-save -c`: every table, chains in printed order,
// policies and rules with their [packets:bytes] counters.
import type { Chain, Rule, Ruleset, Table } from "./types.js";
import { ParseError } from "./errors.js";

export function parseIptablesSave(text: string, family: "ipv4" | "ipv6" = "ipv4", command = family === "ipv6" ? "ip6tables-save -c" : "iptables-save -c"): Ruleset {
  const tables: Table[] = [];
  let table: Table | undefined;
  let chains = new Map<string, Chain>();
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const fail = (why: string): never => { throw new ParseError(command, why, i + 1, line); };
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith("*")) {
      if (table) fail(`table ${table.name} has no COMMIT before the next table`);
      const name = line.slice(1).trim();
      if (!/^[\w-]+$/.test(name)) fail("bad table name");
      table = { name, chains: [] };
      chains = new Map();
      return;
    }
    if (line === "COMMIT") {
      if (!table) fail("COMMIT outside a table");
      tables.push(table!);
      table = undefined;
      return;
    }
    if (!table) return fail("a rule or chain outside any table (no *filter/*nat line before it)");
    if (line.startsWith(":")) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?$/.exec(line);
      if (!m) return fail("expected :CHAIN POLICY [packets:bytes]");
      const chain: Chain = { name: m[1]!, packets: Number(m[3] ?? 0), bytes: Number(m[4] ?? 0), rules: [] };
      if (m[2] !== "-") chain.policy = m[2]!;
      table.chains.push(chain);
      chains.set(chain.name, chain);
      return;
    }
    const m = /^(?:\[(\d+):(\d+)\]\s+)?-A\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) return fail("expected [packets:bytes] -A CHAIN ...");
    const chain = chains.get(m[3]!);
    if (!chain) return fail(`rule for chain ${m[3]} which was not declared in table ${table.name}`);
    chain.rules.push(toRule(m[4] ?? "", Number(m[1] ?? 0), Number(m[2] ?? 0), chain.rules.length + 1, fail));
  });
  if (table) throw new ParseError(command, `table ${table.name} has no COMMIT (output cut short?)`, lines.length);
  return { family, tables };
}

function toRule(spec: string, packets: number, bytes: number, num: number, fail: (why: string) => never): Rule {
  let words: string[];
  try {
    words = splitWords(spec);
  } catch (e) {
    return fail((e as Error).message);
  }
  const rule: Rule = { spec, packets, bytes, num };
  // The last -j/-g at the top level is the target; a comment may contain "-j" in quotes.
  for (let i = words.length - 2; i >= 0; i--) {
    const w = words[i];
    if (w === "-j" || w === "--jump" || w === "-g" || w === "--goto") {
      rule.target = words[i + 1];
      if (w === "-g" || w === "--goto") rule.goto = true;
      break;
    }
  }
  const c = words.indexOf("--comment");
  if (c >= 0 && c + 1 < words.length) rule.comment = words[c + 1];
  return rule;
}

/** Split a rule into words the way iptables-save quotes them: "..." with \" and \\ escapes. */
export function splitWords(spec: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < spec.length) {
    while (spec[i] === " " || spec[i] === "\t") i++;
    if (i >= spec.length) break;
    let word = "";
    while (i < spec.length && spec[i] !== " " && spec[i] !== "\t") {
      if (spec[i] === '"') {
        i++;
        while (i < spec.length && spec[i] !== '"') {
          if (spec[i] === "\\" && i + 1 < spec.length) i++;
          word += spec[i++];
        }
        if (i >= spec.length) throw new Error("unterminated quote");
        i++;
      } else {
        word += spec[i++];
      }
    }
    words.push(word);
  }
  return words;
}

/** Print a ruleset back in iptables-save form (counters included). */
export function formatIptablesSave(rs: Ruleset): string {
  const out: string[] = [];
  for (const t of rs.tables) {
    out.push(`*${t.name}`);
    for (const c of t.chains) out.push(`:${c.name} ${c.policy ?? "-"} [${c.packets}:${c.bytes}]`);
    for (const c of t.chains) for (const r of c.rules) out.push(`[${r.packets}:${r.bytes}] -A ${c.name}${r.spec ? ` ${r.spec}` : ""}`);
    out.push("COMMIT");
  }
  return out.join("\n") + (out.length ? "\n" : "");
}
