// Cutting a stream of trace events into packets (internal to walk.ts).
//
// A trace id is not a packet: nf_tables derives it from the skb's address, hash and input
// interface, so a frame that br_netfilter hands up to the bridge device gets a second id
// between PREROUTING and FORWARD, and a later packet can reuse an earlier one's id. The
// kernel log has no id at all. So a packet is followed by where it is in netfilter's order
// (hook, then table priority) and by its fingerprint (IPv4 id or IPv6 flow label, and length),
// which every hook prints unchanged.
import { BUILTIN_CHAINS, type TraceEvent, type TracePacket } from "../inspect/trace-event.js";
import type { Hook } from "./walk.js";

export interface HookedEvent {
  event: TraceEvent;
  hook: Hook;
}

const RANK: Record<Hook, number> = { PREROUTING: 0, OUTPUT: 0, INPUT: 1, FORWARD: 1, POSTROUTING: 2 };
const NEXT: Record<Hook, Hook[]> = {
  PREROUTING: ["PREROUTING", "INPUT", "FORWARD", "POSTROUTING"],
  OUTPUT: ["OUTPUT", "POSTROUTING"],
  FORWARD: ["FORWARD", "POSTROUTING"],
  INPUT: ["INPUT"],
  POSTROUTING: ["POSTROUTING"],
};

/** The order tables run in at a hook (their priorities: raw -300 ... nat's source NAT +100). */
export function tablePriority(table: string, hook: Hook): number {
  switch (table) {
    case "raw": return -300;
    case "mangle": return -150;
    case "nat": return hook === "PREROUTING" || hook === "OUTPUT" ? -100 : 100;
    case "filter": return 0;
    case "security": return 50;
    default: return 0;
  }
}

const order = (table: string, hook: Hook) => RANK[hook] * 1000 + tablePriority(table, hook);
const isBuiltin = (chain: string): chain is Hook => (BUILTIN_CHAINS as readonly string[]).includes(chain);

interface Open {
  events: HookedEvent[];
  ids: Set<string>;
  family: string;
  hook: Hook;
  table: string;
  key: number;
  /** hook/table passes that ended (policy, ACCEPT): a new event there is a new packet. */
  closed: Set<string>;
  ended: boolean;
  print?: TracePacket;
}

function samePrint(a: TracePacket | undefined, b: TracePacket | undefined, strict: boolean): boolean {
  if (!a || !b) return !strict;
  const idA = a.ipId ?? a.flowLabel;
  const idB = b.ipId ?? b.flowLabel;
  if (idA === undefined || idB === undefined || a.length === undefined || b.length === undefined) return !strict;
  return idA === idB && a.length === b.length;
}

function hookFor(p: Open, e: TraceEvent): Hook | undefined {
  if (isBuiltin(e.chain)) return e.chain;
  return p.table === e.table ? p.hook : undefined;
}

function fits(p: Open, e: TraceEvent, strict: boolean): Hook | undefined {
  if (p.ended || p.family !== e.family) return undefined;
  const hook = hookFor(p, e);
  if (!hook || !NEXT[p.hook].includes(hook)) return undefined;
  const k = order(e.table, hook);
  if (k < p.key || (k === p.key && (p.table !== e.table || p.closed.has(`${hook}/${e.table}`)))) return undefined;
  if (!samePrint(p.print, e.packet, strict)) return undefined;
  return hook;
}

function add(p: Open, e: TraceEvent, hook: Hook): void {
  p.events.push({ event: e, hook });
  if (e.id) p.ids.add(e.id);
  p.hook = hook;
  p.table = e.table;
  p.key = order(e.table, hook);
  if (e.packet) p.print = e.packet;
  if (e.type === "policy" || e.verdict === "ACCEPT") p.closed.add(`${hook}/${e.table}`);
  if (e.verdict === "DROP" || e.verdict === "QUEUE" || e.verdict === "STOLEN") p.ended = true;
}

/** Group events into packets, in the order each packet was first seen. */
export function segmentPackets(events: readonly TraceEvent[], warnings: string[]): HookedEvent[][] {
  const packets: Open[] = [];
  for (const e of events) {
    let target: Open | undefined;
    let hook: Hook | undefined;
    // 1. the latest packet with this trace id, if the event can come next in its walk
    if (e.id) {
      const p = findLast(packets, (q) => q.ids.has(e.id!));
      if (p) hook = fits(p, e, false);
      if (hook) target = p;
    }
    // 2. a packet whose fingerprint it shares (a new trace id, or no ids at all)
    if (!target) {
      for (let i = packets.length - 1; i >= Math.max(0, packets.length - 64); i--) {
        const p = packets[i]!;
        if (e.id && p.ids.has(e.id)) continue;
        hook = fits(p, e, e.id !== undefined);
        if (hook) { target = p; break; }
      }
    }
    if (!target) {
      hook = isBuiltin(e.chain) ? e.chain : e.table === "filter" ? "FORWARD" : "PREROUTING";
      if (!isBuiltin(e.chain)) warnings.push(`line ${e.line}: ${e.table}:${e.chain} seen before any built-in chain of that packet; assumed ${hook}`);
      target = { events: [], ids: new Set(), family: e.family, hook, table: e.table, key: -Infinity, closed: new Set(), ended: false };
      packets.push(target);
    }
    add(target, e, hook!);
  }
  return packets.map((p) => p.events);
}

function findLast<T>(list: readonly T[], pred: (t: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return list[i];
  return undefined;
}
