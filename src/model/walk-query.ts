// Questions a notebook asks of a walk (and the assertions toHavePassed / toEndWith /
// toHaveRewritten will ask): which steps matched, how the packet ended, which addresses
// were rewritten; and a one-paragraph account of the walk for failure messages.
import type { Hook, NatStep, PacketWalk, RuleStep, TracedPacket, WalkRule } from "./walk.js";

export interface PacketSelector {
  /** The packet's 1-based index in walk.packets. */
  packet?: number;
  /** The first packet of this direction (the default: the walk's first packet). */
  direction?: "request" | "reply";
}

export interface StepSelector extends PacketSelector {
  table?: string;
  chain?: string;
  hook?: Hook;
  /** A rule number, or text its `iptables -S` spec (or nft text) contains. */
  rule?: number | string;
  /** The chain's policy (not a rule). */
  policy?: boolean;
  verdict?: string;
}

export interface FoundStep {
  packet: TracedPacket;
  step: RuleStep;
}

export interface Rewrite {
  packet: number;
  direction: "request" | "reply";
  hook: Hook;
  field: "src" | "dst";
  before: string;
  after: string;
  /** DNAT, SNAT, MASQUERADE, REDIRECT, or conntrack (a later or reply packet of a NATed connection). */
  by: string;
  rule?: WalkRule;
  inferred: boolean;
}

/** The packets a selector names; with neither field, every packet of the walk. */
function selectPackets(walk: PacketWalk, sel: PacketSelector, all: boolean): TracedPacket[] {
  if (sel.packet !== undefined) return walk.packets.filter((p) => p.index === sel.packet);
  if (sel.direction) return all ? walk.packets.filter((p) => p.direction === sel.direction) : walk.packets.filter((p) => p.direction === sel.direction).slice(0, 1);
  return all ? walk.packets : walk.packets.slice(0, 1);
}

function ruleMatches(rule: WalkRule | undefined, want: number | string): boolean {
  if (!rule) return false;
  if (typeof want === "number") return rule.num === want;
  return (rule.spec ?? "").includes(want) || (rule.nft ?? "").includes(want);
}

/** Every rule/policy step that matches (by default in any packet of the walk). */
export function findSteps(walk: PacketWalk, sel: StepSelector = {}): FoundStep[] {
  const out: FoundStep[] = [];
  for (const packet of selectPackets(walk, sel, true)) {
    for (const step of packet.steps) {
      if (step.kind === "nat") continue;
      if (sel.table && step.table !== sel.table) continue;
      if (sel.chain && step.chain !== sel.chain) continue;
      if (sel.hook && step.hook !== sel.hook) continue;
      if (sel.verdict && step.verdict !== sel.verdict.toUpperCase()) continue;
      if (sel.policy !== undefined && (step.kind === "policy") !== sel.policy) continue;
      if (sel.rule !== undefined && !ruleMatches(step.rule, sel.rule)) continue;
      out.push({ packet, step });
    }
  }
  return out;
}

/** Did any selected packet pass this table/chain (and rule)? */
export function passed(walk: PacketWalk, sel: StepSelector): boolean {
  return findSteps(walk, sel).length > 0;
}

/** Did the selected packet (the walk's first by default) end with this verdict, there? */
export function endsWith(walk: PacketWalk, verdict: string, sel: Omit<StepSelector, "verdict"> = {}): boolean {
  const p = selectPackets(walk, sel, false)[0];
  if (!p) return false;
  const f = p.final;
  if (f.verdict !== verdict.toUpperCase()) return false;
  if (sel.table && f.table !== sel.table) return false;
  if (sel.chain && f.chain !== sel.chain) return false;
  if (sel.hook && f.hook !== sel.hook) return false;
  if (sel.policy !== undefined && f.policy !== sel.policy) return false;
  if (sel.rule !== undefined && !ruleMatches(f.rule, sel.rule)) return false;
  return true;
}

/** Every address rewrite of the walk, one per field (src or dst) that changed. */
export function rewrites(walk: PacketWalk): Rewrite[] {
  const out: Rewrite[] = [];
  for (const p of walk.packets) {
    for (const s of p.steps) {
      if (s.kind !== "nat") continue;
      for (const field of ["src", "dst"] as const) {
        if (s.before[field] === s.after[field]) continue;
        const r: Rewrite = { packet: p.index, direction: p.direction, hook: s.hook, field, before: s.before[field], after: s.after[field], by: s.by, inferred: s.inferred };
        if (s.rule) r.rule = s.rule;
        out.push(r);
      }
    }
  }
  return out;
}

export function describeRule(step: RuleStep): string {
  if (step.kind === "policy") return "policy";
  if (step.kind === "return") return "end of chain";
  const r = step.rule;
  if (!r) return "a rule";
  const text = r.spec ?? r.nft ?? (r.handle !== undefined ? `handle ${r.handle}` : "");
  return r.num !== undefined ? `#${r.num} ${text}`.trim() : text || "a rule";
}

export function describeVerdict(step: RuleStep): string {
  return step.jump ? `${step.verdict} ${step.jump}` : step.verdict;
}

export function describeNat(s: NatStep): string {
  const parts = (["src", "dst"] as const).filter((f) => s.before[f] !== s.after[f]).map((f) => `${f} ${s.before[f]} -> ${s.after[f]}`);
  return `${s.by}${s.inferred ? " (inferred)" : ""}: ${parts.join(", ")}`;
}

export function describeFinal(p: TracedPacket): string {
  const f = p.final;
  const where = f.chain ? `${f.table}:${f.chain} ${f.policy ? "policy" : f.rule?.num !== undefined ? `rule #${f.rule.num}${f.rule.spec ? ` (${f.rule.spec})` : ""}` : "rule"}` : "";
  const what = { dropped: "dropped", delivered: "delivered to a local process", forwarded: `forwarded${p.oif ? ` out of ${p.oif}` : ""}`, sent: `sent out of ${p.oif ?? "?"}`, queued: "queued", unknown: "fate unknown" }[f.outcome];
  return `${f.verdict} by ${where || "?"}: ${what}`;
}

/** One packet in one line: what it was, each step, how it ended. */
export function describePacket(p: TracedPacket): string {
  const head = `#${p.index} ${p.direction} ${p.summary} ${p.first.src} -> ${p.first.dst}`;
  const bridge = p.bridge ? ` (${p.bridge.bridged ? "bridged on" : "in through"} ${p.bridge.name}${p.bridge.physin ? ` from ${p.bridge.physin}` : ""}${p.bridge.physout ? ` to ${p.bridge.physout}` : ""})` : "";
  const steps = p.steps.filter((s) => s.kind === "nat" || !s.tracing).map((s) =>
    s.kind === "nat" ? `NAT ${describeNat(s)}` : `${s.table}:${s.chain} ${describeRule(s)} ${describeVerdict(s)}`);
  return `${head}${bridge}: ${steps.join(", ")}; ${describeFinal(p)}.`;
}

/** The whole walk in one paragraph, for an assertion's failure message. */
export function describeWalk(walk: PacketWalk): string {
  if (walk.packets.length === 0) {
    return `No packet was traced${walk.excluded ? ` (${walk.excluded} neighbour-discovery packets left out)` : ""}: did the TRACE rules match, and did the traffic run while the monitor listened?`;
  }
  const n = walk.packets.length;
  const lead = `${n} packet${n === 1 ? "" : "s"} traced (${walk.source}${walk.excluded ? `; ${walk.excluded} neighbour-discovery left out` : ""}).`;
  return [lead, ...walk.packets.map(describePacket)].join(" ");
}
