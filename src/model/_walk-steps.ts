// One packet's events -> its steps, NAT rewrites, connection, hooks and final verdict
// (internal to walk.ts).
import type { TracePacket } from "../inspect/trace-event.js";
import type { HookedEvent } from "./_walk-segment.js";
import { NAT_TARGETS, resolveRule } from "./_walk-rules.js";
import { addInferred } from "./_walk-infer.js";
import { endpoint } from "./_walk-ends.js";
import type { Endpoints, NatStep, RuleStep, TracedPacket, WalkOptions, WalkStep } from "./walk.js";

/** What finishPacket needs that the packet does not keep. */
export interface Pending {
  /** A NAT rule whose rewrite no later hook showed. */
  nat?: RuleStep;
  /** The connection's first packet (for a reply) / first reply (for a request). */
  other?: TracedPacket;
}
export const pending = new WeakMap<TracedPacket, Pending>();

function endpoints(p: TracePacket | undefined, prev: Endpoints | undefined): Endpoints {
  if (!p || (p.src === undefined && p.dst === undefined)) return prev ?? { src: "?", dst: "?" };
  return { src: endpoint(p.src, p.sport), dst: endpoint(p.dst, p.dport) };
}

const sameEnds = (a: Endpoints, b: Endpoints) => a.src === b.src && a.dst === b.dst;

const PROTO_NAMES: Record<string, string> = { "1": "icmp", "6": "tcp", "17": "udp", "58": "icmpv6", "ipv6-icmp": "icmpv6", icmp6: "icmpv6" };
const ICMP_NAMES: Record<number, string> = { 0: "echo-reply", 3: "destination-unreachable", 8: "echo-request", 11: "time-exceeded" };
const ICMPV6_NAMES: Record<number, string> = {
  1: "destination-unreachable", 128: "echo-request", 129: "echo-reply", 133: "router-solicit", 134: "router-advert",
  135: "neighbor-solicit", 136: "neighbor-advert", 143: "mld2-listener-report",
};

export function buildPacket(group: HookedEvent[], options: WalkOptions): TracedPacket {
  const first = group[0]!.event;
  const family = first.family as "ipv4" | "ipv6";
  const steps: WalkStep[] = [];
  const state: Pending = {};
  let prev: Endpoints | undefined;
  let lastNat: RuleStep | undefined;
  for (const { event: e, hook } of group) {
    const cur = endpoints(e.packet, prev);
    if (prev && !sameEnds(prev, cur)) {
      const at = steps[steps.length - 1]!;
      const nat: NatStep = {
        kind: "nat", hook: at.hook, table: "nat", by: lastNat?.rule?.target ?? "conntrack", inferred: false,
        before: prev, after: cur, line: e.line,
      };
      if (lastNat) { nat.chain = lastNat.chain; if (lastNat.rule) nat.rule = lastNat.rule; }
      copyIfaces(nat, at);
      steps.push(nat);
      lastNat = undefined;
    }
    const step: RuleStep = { ...resolveRule(e, options), hook, table: e.table, chain: e.chain, before: cur, after: cur, line: e.line };
    copyIfaces(step, { iif: e.packet?.iif, oif: e.packet?.oif, physin: e.packet?.physin, physout: e.packet?.physout });
    bridgePorts(step, e.packet, options);
    steps.push(step);
    if (e.table === "nat" && step.rule?.target && NAT_TARGETS.has(step.rule.target)) lastNat = step;
    prev = cur;
  }
  fixUnknownVerdicts(steps);
  if (lastNat) state.nat = lastNat;

  const headers = group.map((g) => g.event.packet).filter((p): p is TracePacket => !!p);
  const protocol = protocolOf(headers, steps);
  const h = headers[0];
  const kind = family === "ipv6" && (protocol === "icmpv6" || protocol === undefined) ? ndpKind(h) : "data";
  const ruleSteps = steps.filter((s): s is RuleStep => s.kind !== "nat");
  const hooks = [...new Set(ruleSteps.map((s) => s.hook))].map((hook) => ({ hook, seen: true }));
  const packet: TracedPacket = {
    index: 0, direction: "request", flow: 0, family, kind, summary: summary(protocol, family, headers),
    traceIds: [...new Set(group.map((g) => g.event.id).filter((x): x is string => !!x))],
    first: steps[0]!.before, last: steps[steps.length - 1]!.after, hooks, steps,
    final: { verdict: "UNKNOWN", outcome: "unknown", policy: false },
  };
  if (protocol) packet.protocol = protocol;
  const iif = steps.find((s) => s.iif)?.iif;
  const oif = [...steps].reverse().find((s) => s.oif)?.oif;
  if (iif) packet.iif = iif;
  if (oif) packet.oif = oif;
  const physin = steps.find((s) => s.physin)?.physin;
  const physout = steps.find((s) => s.physout)?.physout;
  const crossed = steps.some((s) => s.iif && s.iif === s.oif);
  if (iif && (physin || physout || crossed)) {
    packet.bridge = { name: iif, bridged: crossed || !!physout };
    if (physin) packet.bridge.physin = physin;
    if (physout) packet.bridge.physout = physout;
  }
  pending.set(packet, state);
  return packet;
}

function copyIfaces(to: WalkStep, from: { iif?: string; oif?: string; physin?: string; physout?: string }): void {
  if (from.iif) to.iif = from.iif;
  if (from.oif) to.oif = from.oif;
  if (from.physin) to.physin = from.physin;
  if (from.physout) to.physout = from.physout;
}

/** nf_tables traces name only the bridge: find the ports from the fdb by MAC address. */
function bridgePorts(step: RuleStep, p: TracePacket | undefined, options: WalkOptions): void {
  if (!p || !options.fdb || !step.iif) return;
  const port = (mac: string | undefined, bridge: string) =>
    options.fdb!.find((f) => f.mac === mac && f.master === bridge && !(f.flags ?? []).includes("self"))?.dev;
  if (!step.physin) { const d = port(p.macSrc, step.iif); if (d) step.physin = d; }
  if (!step.physout && step.oif === step.iif) { const d = port(p.macDst, step.oif); if (d) step.physout = d; }
}

/** Kernel log without a ruleset: a rule followed by a user chain jumped there; a policy the packet outlived accepted. */
function fixUnknownVerdicts(steps: WalkStep[]): void {
  steps.forEach((s, i) => {
    if (s.kind === "nat" || s.verdict !== "UNKNOWN") return;
    const next = steps.slice(i + 1).find((n): n is RuleStep => n.kind !== "nat");
    if (s.kind === "rule" && next && next.table === s.table && next.chain !== s.chain && next.hook === s.hook && !/^[A-Z]+ROUTING$|^(INPUT|FORWARD|OUTPUT)$/.test(next.chain)) {
      s.verdict = "JUMP";
      s.jump = next.chain;
    } else if (s.kind === "policy" && next) s.verdict = "ACCEPT";
  });
}

function protocolOf(headers: TracePacket[], steps: WalkStep[]): string | undefined {
  const direct = headers.find((h) => h.proto)?.proto;
  if (direct) return PROTO_NAMES[direct] ?? direct;
  // xtables-monitor prints no protocol: a matched rule that says `-p X` proves it
  for (const s of steps) {
    const m = s.kind !== "nat" ? /(?:^|\s)(?<!! )-p (\S+)/.exec(s.rule?.spec ?? "") : null;
    if (m) return PROTO_NAMES[m[1]!] ?? m[1]!;
  }
  if (headers.some((h) => h.tcpFlags?.length)) return "tcp";
  return undefined;
}

/** Neighbour discovery (hop limit 255, RFC 4861) and MLD reports (hop limit 1, to ff02::). */
function ndpKind(h: TracePacket | undefined): TracedPacket["kind"] {
  if (!h) return "data";
  const t = h.icmpType;
  if (t !== undefined) return t >= 133 && t <= 137 ? "ndp" : [130, 131, 132, 143].includes(t) ? "mld" : "data";
  if (h.ttl === 255) return "ndp";
  if (h.ttl === 1 && h.dst?.startsWith("ff02:")) return "mld";
  return "data";
}

function summary(protocol: string | undefined, family: string, headers: TracePacket[]): string {
  const h = headers[0];
  if (!protocol) return family === "ipv6" ? "IPv6" : "IPv4";
  const name = protocol === "icmpv6" ? "ICMPv6" : protocol.toUpperCase();
  if (h?.tcpFlags?.length) return `${name} ${h.tcpFlags.join(" ")}`;
  if (h?.icmpType !== undefined) return `${name} ${(protocol === "icmpv6" ? ICMPV6_NAMES : ICMP_NAMES)[h.icmpType] ?? `type ${h.icmpType}`}`;
  return name;
}

/** Which connection each packet belongs to, and whether it is a request or a reply. */
export function matchFlows(packets: TracedPacket[]): void {
  const flows: TracedPacket[] = [];
  for (const p of packets) {
    let flow = 0;
    for (let f = flows.length; f >= 1 && !flow; f--) {
      const req = flows[f - 1]!;
      if (req.family !== p.family || req.protocol !== p.protocol) continue;
      const natted = pending.get(req)?.nat !== undefined;
      if (sameEnds(p.first, req.first)) { flow = f; p.direction = "request"; }
      else if (p.first.src === req.last.dst && (p.first.dst === req.last.src || natted)) { flow = f; p.direction = "reply"; }
      else if (p.first.src === req.first.dst && p.first.dst === req.first.src) { flow = f; p.direction = "reply"; }
    }
    if (!flow) { flows.push(p); flow = flows.length; p.direction = "request"; }
    p.flow = flow;
  }
  // the other direction: a reply's is its connection's first packet, a request's the first reply
  for (const p of packets) {
    const other = packets.find((q) => q.flow === p.flow && q.direction !== p.direction);
    if (other) pending.get(p)!.other = other;
  }
}

export function finishPacket(p: TracedPacket, local: Set<string>): void {
  addInferred(p, pending.get(p) ?? {}, local);
}
