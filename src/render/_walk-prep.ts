// What both walk renderers show, worked out once (internal): which request and reply, each
// one's hooks and steps grouped by hook in path order, and the words for its ending.
import type { Hook, NatStep, PacketWalk, RuleStep, TracedPacket } from "../model/walk.js";

export interface WalkRenderOptions {
  /** The request to follow (walk.packets index, 1-based; default: the first request). */
  request?: number;
  /** The reply beside it (default: the first reply of the same connection). */
  reply?: number;
  /** Heading (default "Following one packet through netfilter"). */
  title?: string;
}

export type Tone = "accept" | "drop" | "jump" | "other";

export interface StepRow {
  kind: "step";
  /** "filter:DOCKER-USER" */
  label: string;
  /** 0 in a built-in chain, 1 in a chain it jumped to, ... */
  depth: number;
  /** "#1 -j RETURN"; "policy" / "end of chain" go in `inline`. */
  rule?: string;
  inline?: string;
  verdict: string;
  /** JUMP/GOTO: the chain. */
  jump?: string;
  tone: Tone;
  tracing: boolean;
  title: string;
}

export interface NatRow {
  kind: "nat";
  /** "dst 192.168.50.10:8088 → 11.11.11.2:80" (one line per field changed). */
  changes: string[];
  by: string;
  inferred: boolean;
  title: string;
}

export type Row = StepRow | NatRow;

export interface HookGroup {
  hook: Hook;
  seen: boolean;
  /** "in br0 (from reth1) → out br0 (to beth1)" */
  where: string;
  rows: Row[];
  nat: boolean;
}

export interface Ending {
  tone: "accept" | "drop" | "unknown";
  /** "✕ DROP", "✓ ACCEPT" */
  head: string;
  /** "forwarded out of br0 (to beth1)" / "dropped by filter:FORWARD policy" */
  what: string;
  /** "let through by filter:FORWARD #7" (ACCEPT only) */
  by?: string;
  /** The deciding rule's text. */
  rule?: string;
  note?: string;
}

export interface Panel {
  role: "request" | "reply";
  packet?: TracedPacket;
  /** "#1 ICMP echo-request" */
  heading: string;
  route: string;
  /** "leaves as 10.0.2.15 → 8.8.8.8" when rewritten */
  rewritten?: string;
  /** "in reth1 → br0 · out br0 → beth1" */
  ifaces?: string;
  groups: HookGroup[];
  ending?: Ending;
  /** Why there is no packet in this panel. */
  empty?: string;
  /** The hooks the packet passed, in order (seen or not), and where it ended. */
  path: Hook[];
  quiet: Set<Hook>;
  droppedAt?: Hook;
  bridged?: string;
  inLabel?: string;
  outLabel?: string;
}

const BUILTIN = new Set(["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]);
export const ARROW = "→";

function tone(s: RuleStep): Tone {
  if (s.verdict === "ACCEPT") return "accept";
  if (s.verdict === "DROP") return "drop";
  if (s.verdict === "JUMP" || s.verdict === "GOTO") return "jump";
  return "other";
}

function stepRow(s: RuleStep, depth: number): StepRow {
  const label = `${s.table}:${s.chain}`;
  const verdict = s.jump ? `${s.verdict} ${ARROW} ${s.jump}` : s.verdict;
  const row: StepRow = { kind: "step", label, depth, verdict: s.verdict, tone: tone(s), tracing: !!s.tracing, title: "" };
  if (s.jump) row.jump = s.jump;
  if (s.kind === "policy") row.inline = "policy";
  else if (s.kind === "return") row.inline = "end of chain";
  else {
    const r = s.rule;
    const text = r?.spec ?? r?.nft ?? (r?.handle !== undefined ? `handle ${r.handle}` : "");
    row.rule = `${r?.num !== undefined ? `#${r.num} ` : ""}${text}`.trim() || "a rule";
  }
  if (s.tracing) row.inline = "the TRACE rule: marks the packet";
  row.title = `${label} ${row.rule ?? row.inline ?? ""}: ${verdict}`;
  return row;
}

function natRow(s: NatStep): NatRow {
  const changes = (["src", "dst"] as const).filter((f) => s.before[f] !== s.after[f]).map((f) => `${f} ${s.before[f]} ${ARROW} ${s.after[f]}`);
  const rule = s.rule?.num !== undefined ? ` (${s.chain ? `nat:${s.chain} ` : ""}#${s.rule.num})` : s.chain ? ` (nat:${s.chain})` : "";
  const by = s.by === "conntrack"
    ? `by conntrack: the connection's NAT${s.inferred ? ", after the last traced chain" : ""}`
    : `by ${s.by}${rule}${s.inferred ? `: the new ${changes[0]?.startsWith("src") ? "source" : "destination"} shows only in the other direction` : ""}`;
  return { kind: "nat", changes, by, inferred: s.inferred, title: `${changes.join(", ")} ${by}` };
}

function where(p: TracedPacket, hook: Hook, steps: (RuleStep | NatStep)[]): string {
  const s = steps.find((x) => x.iif || x.oif);
  if (!s) return "";
  const side = (dir: "in" | "out", dev?: string, phys?: string) => (dev ? `${dir} ${dev}${phys ? ` (${dir === "in" ? "from" : "to"} ${phys})` : ""}` : "");
  const parts = [side("in", s.iif, s.physin), hook === "PREROUTING" ? "" : side("out", s.oif, s.physout)].filter(Boolean);
  return parts.join(` ${ARROW} `);
}

function ending(p: TracedPacket): Ending {
  const f = p.final;
  const at = f.chain ? `${f.table}:${f.chain}${f.policy ? " policy" : f.rule?.num !== undefined ? ` #${f.rule.num}` : ""}` : "?";
  const e: Ending = { tone: "unknown", head: "? UNKNOWN", what: `the trace ends at ${at}` };
  if (!f.policy && f.rule?.spec) e.rule = f.rule.spec;
  if (f.note) e.note = f.note;
  if (f.verdict === "DROP") return { ...e, tone: "drop", head: "✕ DROP", what: `dropped by ${at}` };
  if (f.verdict === "UNKNOWN") return e;
  const out = p.bridge?.physout ? `${p.oif} (to ${p.bridge.physout})` : p.oif;
  const went = { delivered: "delivered to a local process", forwarded: `forwarded out of ${out ?? "?"}`, sent: `sent out of ${out ?? "?"}`, queued: "queued", unknown: "where it went next is not in the trace", dropped: "" }[f.outcome];
  return { ...e, tone: "accept", head: `✓ ${f.verdict}`, what: went, by: `let through by ${at}` };
}

export function panelFor(p: TracedPacket | undefined, role: "request" | "reply", request?: TracedPacket): Panel {
  if (!p) {
    const why = role === "request" ? "No request was traced."
      : request?.final.verdict === "DROP" ? "No reply: the request was dropped, so nothing answered it." : "No traced packet answers the request.";
    return { role, heading: "", route: "", groups: [], empty: why, path: [], quiet: new Set() };
  }
  const groups: HookGroup[] = [];
  let stack: string[] = [];
  for (const pass of p.hooks) {
    const steps = p.steps.filter((s) => s.hook === pass.hook);
    const rows: Row[] = [];
    let table = "";
    for (const s of steps) {
      if (s.kind === "nat") { rows.push(natRow(s)); continue; }
      if (s.table !== table || BUILTIN.has(s.chain)) stack = [s.chain];
      else if (stack.includes(s.chain)) stack = stack.slice(0, stack.indexOf(s.chain) + 1);
      else stack.push(s.chain);
      table = s.table;
      rows.push(stepRow(s, stack.length - 1));
    }
    groups.push({ hook: pass.hook, seen: pass.seen, where: where(p, pass.hook, steps), rows, nat: rows.some((r) => r.kind === "nat") });
  }
  const rewritten = p.last.src !== p.first.src || p.last.dst !== p.first.dst ? `leaves as ${p.last.src} ${ARROW} ${p.last.dst}` : undefined;
  const panel: Panel = {
    role, packet: p, heading: `#${p.index} ${p.summary}`, route: `${p.first.src} ${ARROW} ${p.first.dst}`, groups, ending: ending(p),
    path: p.hooks.map((h) => h.hook), quiet: new Set(p.hooks.filter((h) => !h.seen).map((h) => h.hook)),
  };
  if (rewritten) panel.rewritten = rewritten;
  if (p.final.verdict === "DROP" && p.final.hook) panel.droppedAt = p.final.hook;
  if (p.bridge?.bridged) panel.bridged = p.bridge.name;
  const first = p.steps.find((s) => s.iif);
  if (p.hooks[0]?.hook !== "OUTPUT" && first?.iif) panel.inLabel = first.physin ? `${first.physin} ${ARROW} ${first.iif}` : first.iif;
  if (p.oif && p.final.verdict !== "DROP" && p.hooks[p.hooks.length - 1]?.hook !== "INPUT") {
    panel.outLabel = p.bridge?.physout ? `${p.oif} ${ARROW} ${p.bridge.physout}` : p.oif;
  }
  const b = p.bridge;
  const ifaces = b?.bridged
    ? `${[b.physin, b.name, b.physout].filter(Boolean).join(` ${ARROW} `)}: bridged; br_netfilter passes it to iptables`
    : [panel.inLabel && `in ${panel.inLabel}`, panel.outLabel && `out ${panel.outLabel}`].filter(Boolean).join(" · ");
  if (ifaces) panel.ifaces = ifaces;
  return panel;
}

/** The request and reply to draw side by side. */
export function choosePackets(walk: PacketWalk, options: WalkRenderOptions): [TracedPacket | undefined, TracedPacket | undefined] {
  const byIndex = (i: number | undefined) => (i === undefined ? undefined : walk.packets.find((p) => p.index === i));
  const request = byIndex(options.request) ?? walk.packets.find((p) => p.direction === "request") ?? walk.packets[0];
  const reply = byIndex(options.reply) ?? (request ? walk.packets.find((p) => p.flow === request.flow && p.direction === "reply") : undefined);
  return [request, reply];
}

export function subtitle(walk: PacketWalk, req?: TracedPacket, rep?: TracedPacket): string {
  const n = walk.packets.length;
  const shown = [req && `#${req.index}`, rep && `#${rep.index}`].filter(Boolean).join(" and ");
  const parts = [`traced with ${walk.source}`, `${n} packet${n === 1 ? "" : "s"} in the trace${n > 2 && shown ? ` (${shown} shown)` : ""}`];
  if (walk.excluded) parts.push(`${walk.excluded} neighbour-discovery left out`);
  return parts.join(" · ");
}
