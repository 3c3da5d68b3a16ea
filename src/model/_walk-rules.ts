// Naming the rule a trace event points at, and its verdict (internal to walk.ts):
// xtables-monitor prints the rule's text, nft its handle, the kernel log its position.
import { splitWords } from "../inspect/iptables-save.js";
import type { TraceEvent, TraceVerdict } from "../inspect/trace-event.js";
import type { Chain, Rule } from "../inspect/types.js";
import type { RuleStep, WalkOptions, WalkRule } from "./walk.js";

export const NAT_TARGETS = new Set(["DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP"]);
const TERMINAL: Record<string, TraceVerdict> = { ACCEPT: "ACCEPT", DROP: "DROP", REJECT: "DROP", RETURN: "RETURN", QUEUE: "QUEUE", NFQUEUE: "QUEUE" };

export function findChain(options: WalkOptions, family: string, table: string, chain: string): Chain | undefined {
  const rs = options.rulesets?.find((r) => r.family === family);
  return rs?.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain);
}

/** The -j/-g target of a rule spec: the last one outside quotes. */
export function specTarget(spec: string): { target?: string; goto: boolean } {
  let words: string[];
  try {
    words = splitWords(spec);
  } catch {
    words = spec.split(/\s+/);
  }
  for (let i = words.length - 2; i >= 0; i--) {
    const w = words[i];
    if (w === "-j" || w === "--jump") return { target: words[i + 1], goto: false };
    if (w === "-g" || w === "--goto") return { target: words[i + 1], goto: true };
  }
  return { goto: false };
}

/** What the kernel did for a matched rule, from its target: a chain of the table is a jump. */
function verdictOf(rule: Rule | undefined, spec: string | undefined, isChain: (name: string) => boolean): { verdict: TraceVerdict; jump?: string } {
  const { target, goto } = rule?.target ? { target: rule.target, goto: !!rule.goto } : specTarget(spec ?? "");
  if (!target) return { verdict: "CONTINUE" };
  if (TERMINAL[target]) return { verdict: TERMINAL[target]! };
  if (NAT_TARGETS.has(target)) return { verdict: "ACCEPT" };
  if (isChain(target)) return { verdict: goto ? "GOTO" : "JUMP", jump: target };
  return { verdict: "CONTINUE" }; // LOG, TRACE, MARK, CT, ...: the packet goes on
}

type Resolved = Pick<RuleStep, "kind" | "rule" | "verdict" | "jump" | "tracing">;

export function resolveRule(e: TraceEvent, options: WalkOptions): Resolved {
  const chain = findChain(options, e.family, e.table, e.chain);
  let kind: RuleStep["kind"] = e.type;
  let rule: Rule | undefined;
  let walkRule: WalkRule | undefined;
  if (e.source === "kernel-log" && e.num !== undefined) {
    // "return"/"policy" also name unconditional `-j RETURN` / `-j ACCEPT` rules: the ruleset knows
    const inChain = chain ? e.num <= chain.rules.length : e.type === "rule";
    if (inChain) {
      kind = "rule";
      rule = chain?.rules[e.num - 1];
      walkRule = { num: e.num, spec: rule?.spec, target: rule?.target };
    }
  } else if (e.type === "rule") {
    if (e.rule !== undefined) {
      const i = chain ? chain.rules.findIndex((r) => r.spec === e.rule) : -1;
      rule = i >= 0 ? chain!.rules[i] : undefined;
      walkRule = { spec: e.rule, num: i >= 0 ? i + 1 : undefined, handle: e.handle, target: specTarget(e.rule).target };
    } else {
      const h = options.nftHandles?.find((x) => x.family === e.family && x.table === e.table && x.chain === e.chain && x.handle === e.handle);
      rule = h ? chain?.rules[h.position - 1] : undefined;
      walkRule = { num: h?.position, spec: rule?.spec, nft: e.nftRule, handle: e.handle, target: rule?.target };
    }
  }
  if (walkRule) for (const k of Object.keys(walkRule) as (keyof WalkRule)[]) if (walkRule[k] === undefined) delete walkRule[k];
  const tracing = walkRule?.target === "TRACE" || /\bnftrace set 1\b/.test(e.nftRule ?? "") || undefined;
  let verdict: Resolved["verdict"] = e.verdict ?? "UNKNOWN";
  let jump = e.target;
  if (!e.verdict) {
    if (kind === "policy") verdict = (chain?.policy as TraceVerdict | undefined) ?? "UNKNOWN";
    else if (kind === "return") verdict = "RETURN";
    else if (rule || walkRule?.spec) {
      const isChain = (name: string) => findChain(options, e.family, e.table, name) !== undefined;
      ({ verdict, jump } = verdictOf(rule, walkRule?.spec, isChain));
    }
  }
  const out: Resolved = { kind, verdict };
  if (walkRule) out.rule = walkRule;
  if (jump) out.jump = jump;
  if (tracing) out.tracing = true;
  return out;
}
