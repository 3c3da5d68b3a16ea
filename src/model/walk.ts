// "Follow one packet": trace events (src/inspect/trace-*.ts) -> a typed walk of each packet
// through netfilter's hooks, tables and chains, with NAT rewrites as explicit steps and the
// verdict that ended it. Pure: the ruleset, nft handles, fdb and local addresses that help
// name things are passed in.
import type { NftRuleHandle } from "../inspect/trace-nft-monitor.js";
import type { TraceEvent, TraceSource, TraceVerdict } from "../inspect/trace-event.js";
import type { FdbEntry, Ruleset } from "../inspect/types.js";
import { segmentPackets } from "./_walk-segment.js";
import { buildPacket, matchFlows, finishPacket } from "./_walk-steps.js";
import { host } from "./_walk-ends.js";

export { host, endpoint } from "./_walk-ends.js";

export type Hook = "PREROUTING" | "INPUT" | "FORWARD" | "OUTPUT" | "POSTROUTING";

/** Where the packet was going, as one step saw it: "11.11.11.2", "11.11.11.2:80", "[fd00::2]:80". */
export interface Endpoints {
  src: string;
  dst: string;
}

/** The rule a step matched. */
export interface WalkRule {
  /** 1-based position in its chain, as `iptables -L --line-numbers` counts. */
  num?: number;
  /** As `iptables -S` writes it, without `-A CHAIN`: "-s 11.11.11.0/24 -j MASQUERADE". */
  spec?: string;
  /** As nft writes it (nft monitor trace). */
  nft?: string;
  handle?: number;
  /** -j target: ACCEPT, DOCKER-USER, MASQUERADE, DNAT, ... */
  target?: string;
}

interface StepBase {
  hook: Hook;
  table: string;
  iif?: string;
  oif?: string;
  physin?: string;
  physout?: string;
  /** The packet before and after this step: the same except for a NAT step. */
  before: Endpoints;
  after: Endpoints;
  /** 1-based line of the trace output. */
  line?: number;
}

/** A rule that matched, a chain's policy, or a user chain's end. */
export interface RuleStep extends StepBase {
  kind: "rule" | "policy" | "return";
  chain: string;
  rule?: WalkRule;
  /** "UNKNOWN" when the source does not say and no ruleset was given (kernel log). */
  verdict: TraceVerdict | "UNKNOWN";
  /** JUMP/GOTO: the chain jumped to. */
  jump?: string;
  /** The `-j TRACE` rule that marked the packet. */
  tracing?: boolean;
}

/** An address rewritten between two steps (or after the last one, inferred). */
export interface NatStep extends StepBase {
  kind: "nat";
  chain?: string;
  /** The rule whose target rewrote it (DNAT, SNAT, MASQUERADE, REDIRECT). */
  rule?: WalkRule;
  /** "DNAT", "MASQUERADE", ...; "conntrack" when the connection's NAT was applied to a later or reply packet. */
  by: string;
  /** Not seen in the trace (no hook with rules came after it), worked out from the other direction. */
  inferred: boolean;
}

export type WalkStep = RuleStep | NatStep;

export interface HookPass {
  hook: Hook;
  /** false: the packet must have passed here, but no chain with rules traced it. */
  seen: boolean;
}

export interface FinalVerdict {
  verdict: "ACCEPT" | "DROP" | "QUEUE" | "STOLEN" | "UNKNOWN";
  /** dropped; delivered to a local process (INPUT); forwarded (out of oif); sent (a local packet out of oif). */
  outcome: "dropped" | "delivered" | "forwarded" | "sent" | "queued" | "unknown";
  /** The step that decided it: the last ACCEPT, or the DROP. */
  hook?: Hook;
  table?: string;
  chain?: string;
  policy: boolean;
  rule?: WalkRule;
  /** e.g. "nothing after filter:FORWARD has rules, so nothing more was traced". */
  note?: string;
}

export interface TracedPacket {
  /** 1-based position in walk.packets. */
  index: number;
  direction: "request" | "reply";
  /** 1-based number of the connection (flow) it belongs to. */
  flow: number;
  family: "ipv4" | "ipv6";
  protocol?: string;
  /** Neighbour discovery and multicast listener reports are not the packet anyone asked about. */
  kind: "data" | "ndp" | "mld";
  /** "ICMP echo-request", "TCP SYN", "ICMPv6 128". */
  summary: string;
  traceIds: string[];
  /** As first seen, and after every rewrite (including inferred ones). */
  first: Endpoints;
  last: Endpoints;
  iif?: string;
  oif?: string;
  /** br_netfilter handed a frame that crossed (or entered through) a bridge to iptables. */
  bridge?: { name: string; physin?: string; physout?: string; bridged: boolean };
  hooks: HookPass[];
  steps: WalkStep[];
  final: FinalVerdict;
}

export interface PacketWalk {
  source: TraceSource | "none";
  packets: TracedPacket[];
  /** Packets left out: neighbour discovery / MLD unless asked for. */
  excluded: number;
  warnings: string[];
}

export interface WalkOptions {
  /** `iptables-save` (and `ip6tables-save`) parsed: names rules by number and text. */
  rulesets?: Ruleset[];
  /** `nft -a list ruleset` parsed: handle -> position, for nft monitor trace. */
  nftHandles?: NftRuleHandle[];
  /** `bridge -j fdb show` parsed: MAC -> bridge port, for the bridge path nf_tables does not print. */
  fdb?: FdbEntry[];
  /** The traced machine's own addresses (else: the sources of packets it sent itself). */
  localAddresses?: string[];
  /** Keep NDP and MLD packets (excluded by default). */
  neighbourDiscovery?: boolean;
}

/** Turn trace events into the walk of every packet they describe. */
export function buildWalk(events: readonly TraceEvent[], options: WalkOptions = {}): PacketWalk {
  const warnings: string[] = [];
  const groups = segmentPackets(events.filter((e) => e.family === "ipv4" || e.family === "ipv6"), warnings);
  const built = groups.map((g) => buildPacket(g, options));
  const kept = built.filter((p) => options.neighbourDiscovery || p.kind === "data");
  kept.forEach((p, i) => (p.index = i + 1));
  matchFlows(kept);
  const local = new Set(options.localAddresses ?? []);
  for (const p of kept) if (p.hooks[0]?.hook === "OUTPUT") local.add(host(p.first.src));
  for (const p of kept) finishPacket(p, local);
  return { source: events[0]?.source ?? "none", packets: kept, excluded: built.length - kept.length, warnings };
}
