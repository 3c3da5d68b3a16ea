// What a trace cannot show, worked out from what it does (internal to walk.ts):
// - hooks the packet passed where no chain has rules (nf_tables traces nothing there);
// - the rewrite of a NAT rule in the last hook with rules (POSTROUTING's MASQUERADE shows
//   the old source only), and a reply's de-NAT after its last traced hook, from the other
//   direction of the connection;
// - the final verdict and where the packet went.
import type { Pending } from "./_walk-steps.js";
import { host } from "./_walk-ends.js";
import type { Endpoints, FinalVerdict, Hook, NatStep, RuleStep, TracedPacket } from "./walk.js";

export function addInferred(p: TracedPacket, pend: Pending, local: Set<string>): void {
  const rules = p.steps.filter((s): s is RuleStep => s.kind !== "nat");
  const lastRule = rules[rules.length - 1]!;
  const stopped = ["DROP", "QUEUE", "STOLEN"].includes(lastRule.verdict);
  // a kernel-log policy with no ruleset to say what it was: the packet may have died there
  const open = !stopped && lastRule.verdict !== "UNKNOWN";
  if (open) inferHooks(p, local);
  const delivered = p.hooks[p.hooks.length - 1]?.hook === "INPUT";
  if (open) inferNat(p, pend, delivered);
  p.last = p.steps[p.steps.length - 1]!.after;
  p.final = finalVerdict(p, rules, stopped);
}

function inferHooks(p: TracedPacket, local: Set<string>): void {
  const seen = p.hooks.map((h) => h.hook);
  const add = (hook: Hook, at = p.hooks.length) => p.hooks.splice(at, 0, { hook, seen: false });
  const first = seen[0];
  const last = seen[seen.length - 1];
  if (first === "PREROUTING") {
    if (last === "PREROUTING") {
      const dst = host(p.steps[p.steps.length - 1]!.after.dst);
      if (local.has(dst)) add("INPUT");
      else if (p.oif) { add("FORWARD"); add("POSTROUTING"); }
    } else if (last === "POSTROUTING" && !seen.includes("FORWARD")) {
      add("FORWARD", p.hooks.length - 1);
    } else if (last === "FORWARD") add("POSTROUTING");
  } else if (first === "OUTPUT" && last === "OUTPUT") add("POSTROUTING");
  else if (first === "FORWARD" && last === "FORWARD") add("POSTROUTING");
}

const reverse = (e: Endpoints): Endpoints => ({ src: e.dst, dst: e.src });

function natStep(p: TracedPacket, hook: Hook, by: string, before: Endpoints, after: Endpoints, rule?: RuleStep): NatStep {
  const last = p.steps[p.steps.length - 1]!;
  const step: NatStep = { kind: "nat", hook, table: "nat", by, inferred: true, before, after };
  if (rule) { step.chain = rule.chain; if (rule.rule) step.rule = rule.rule; }
  if (last.iif) step.iif = last.iif;
  if (last.oif) step.oif = last.oif;
  return step;
}

/** "--to-destination 11.11.11.2:80" / "--to-source X": the rule's own answer. */
function ruleAddress(rule: RuleStep, option: string, old: string): string | undefined {
  const m = new RegExp(`--${option} (\\S+)`).exec(rule.rule?.spec ?? "");
  if (!m) return undefined;
  const to = m[1]!.split("-")[0]!;
  if (/:\d+$/.test(to) || to.startsWith("[")) return to;
  const port = /:(\d+)$/.exec(old)?.[1];
  return port ? (to.includes(":") ? `[${to}]:${port}` : `${to}:${port}`) : to;
}

function inferNat(p: TracedPacket, pend: Pending, delivered: boolean): void {
  const now = () => p.steps[p.steps.length - 1]!.after;
  const other = pend.other;
  // where the connection's other direction says this packet must end up
  const expected = other ? reverse(other.first) : undefined;
  if (pend.nat) {
    const rule = pend.nat;
    const target = rule.rule?.target ?? "NAT";
    const before = now();
    let after: Endpoints | undefined;
    if (target === "DNAT" || target === "REDIRECT") {
      const to = ruleAddress(rule, "to-destination", before.dst) ?? expected?.dst;
      if (to) after = { src: before.src, dst: to };
    } else {
      const to = ruleAddress(rule, "to-source", before.src) ?? expected?.src ?? `(${rule.oif ?? "the outgoing interface"}'s address)`;
      after = { src: to, dst: before.dst };
    }
    if (after && (after.src !== before.src || after.dst !== before.dst)) p.steps.push(natStep(p, rule.hook, target, before, after, rule));
  }
  if (!expected) return;
  const cur = now();
  const srcHook: Hook = delivered ? "INPUT" : "POSTROUTING";
  const dstHook: Hook = p.hooks[0]?.hook === "OUTPUT" ? "OUTPUT" : "PREROUTING";
  if (cur.dst !== expected.dst && !cur.dst.startsWith("(")) p.steps.push(natStep(p, dstHook, "conntrack", cur, { src: cur.src, dst: expected.dst }));
  const mid = now();
  if (mid.src !== expected.src && !mid.src.startsWith("(")) p.steps.push(natStep(p, srcHook, "conntrack", mid, { src: expected.src, dst: mid.dst }));
}

function finalVerdict(p: TracedPacket, rules: RuleStep[], stopped: boolean): FinalVerdict {
  const lastRule = rules[rules.length - 1]!;
  // what let it through: filter's ACCEPT if there was one (the table that decides), else the last ACCEPT
  const accepts = [...rules].reverse().filter((s) => s.verdict === "ACCEPT");
  const decider = stopped || lastRule.verdict === "UNKNOWN" ? lastRule : accepts.find((s) => s.table === "filter") ?? accepts.find((s) => s.kind === "rule") ?? accepts[0] ?? lastRule;
  const pathEnd = p.hooks[p.hooks.length - 1]!.hook;
  const f: FinalVerdict = { verdict: "UNKNOWN", outcome: "unknown", policy: decider.kind === "policy", hook: decider.hook, table: decider.table, chain: decider.chain };
  if (decider.rule) f.rule = decider.rule;
  if (stopped) {
    f.verdict = lastRule.verdict as FinalVerdict["verdict"];
    f.outcome = lastRule.verdict === "DROP" ? "dropped" : "queued";
    return f;
  }
  if (lastRule.verdict === "UNKNOWN") {
    f.note = `the kernel log does not say what ${lastRule.table}:${lastRule.chain} ${lastRule.kind === "policy" ? "policy" : "rule"} did; give the ruleset (iptables-save) to know`;
    return f;
  }
  const reached = pathEnd === "INPUT" || pathEnd === "POSTROUTING";
  if (reached || decider.verdict === "ACCEPT") f.verdict = "ACCEPT";
  f.outcome = pathEnd === "INPUT" ? "delivered" : pathEnd === "POSTROUTING" ? (p.hooks[0]!.hook === "OUTPUT" ? "sent" : "forwarded") : "unknown";
  const untraced = p.hooks.filter((h) => !h.seen).map((h) => h.hook);
  if (untraced.length) f.note = `no chain with rules at ${untraced.join(" and ")}, so the trace ends at ${lastRule.table}:${lastRule.chain}`;
  else if (f.outcome === "unknown") f.note = `the trace ends at ${lastRule.table}:${lastRule.chain}; where the packet went next is not known`;
  return f;
}
