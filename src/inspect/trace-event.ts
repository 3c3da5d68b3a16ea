// The one event type the three trace parsers produce: one line of `xtables-monitor --trace`,
// `nft monitor trace` or an iptables-legacy TRACE kernel-log line, each saying which table
// and chain saw a packet, what happened there, and the packet's headers at that moment.
// src/model/walk.ts turns a list of them into per-packet walks.

export type TraceSource = "xtables-monitor" | "nft-monitor" | "kernel-log";

/** Netfilter's families as the trace names them (NFPROTO_*): iptables is ipv4, ip6tables ipv6. */
export type TraceFamily = "ipv4" | "ipv6" | "arp" | "bridge" | "inet" | "netdev";

/** What the kernel did with the packet at this point. The kernel log does not say (see `num`). */
export type TraceVerdict = "ACCEPT" | "DROP" | "CONTINUE" | "RETURN" | "JUMP" | "GOTO" | "QUEUE" | "STOLEN" | "BREAK";

/** The packet's headers as one trace event printed them. Absent fields were not printed. */
export interface TracePacket {
  iif?: string;
  oif?: string;
  /** br_netfilter's bridge ports (kernel log only: nf_tables traces print just the bridge). */
  physin?: string;
  physout?: string;
  macSrc?: string;
  macDst?: string;
  src?: string;
  dst?: string;
  /** tcp, udp, icmp, icmpv6, ... (xtables-monitor never prints it). */
  proto?: string;
  sport?: number;
  dport?: number;
  icmpType?: number;
  icmpId?: number;
  /** TCP flags, upper case, in this order: SYN, ACK, FIN, RST, PSH, URG. */
  tcpFlags?: string[];
  /** IP total length (IPv4) or payload + 40 (IPv6), as printed. */
  length?: number;
  ttl?: number;
  /** IPv4 identification: the same on every hook a packet passes. */
  ipId?: number;
  flowLabel?: number;
  mark?: number;
}

export interface TraceEvent {
  source: TraceSource;
  /** 1-based line of the output this event came from. */
  line: number;
  family: TraceFamily;
  /** nf_tables' trace id (hex). Not a packet identity: it changes when a bridged frame is
   *  passed up to the bridge device, and a later packet can reuse it. Absent in the kernel log. */
  id?: string;
  table: string;
  chain: string;
  /** rule: a rule matched; policy: the chain's policy applied; return: a user chain ended. */
  type: "rule" | "policy" | "return";
  verdict?: TraceVerdict;
  /** JUMP/GOTO: the chain jumped to. */
  target?: string;
  /** nf_tables rule handle (xtables-monitor always, nft with -a). */
  handle?: number;
  /** Kernel log: the 1-based position the kernel counted in the chain (its policy is rules + 1). */
  num?: number;
  /** The rule as `iptables -S` writes it, without `-A CHAIN` (xtables-monitor). */
  rule?: string;
  /** The rule as nft writes it (nft monitor trace). */
  nftRule?: string;
  packet?: TracePacket;
  /** Kernel log: seconds since boot, from dmesg's [ 12.345678] prefix. */
  time?: number;
}

/** The order TracePacket.tcpFlags lists flags in (xtables-monitor's). */
export const TCP_FLAG_ORDER = ["SYN", "ACK", "FIN", "RST", "PSH", "URG"] as const;

export function orderTcpFlags(flags: string[]): string[] {
  return TCP_FLAG_ORDER.filter((f) => flags.includes(f));
}

export const BUILTIN_CHAINS = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"] as const;

/** NFPROTO_* numbers as xtables-monitor prints them. */
export function familyFromNumber(n: number): TraceFamily | undefined {
  return ({ 1: "inet", 2: "ipv4", 3: "arp", 5: "netdev", 7: "bridge", 10: "ipv6" } as Record<number, TraceFamily>)[n];
}

/** nft's family words: ip, ip6, inet, arp, bridge, netdev. */
export function familyFromNft(word: string): TraceFamily | undefined {
  return ({ ip: "ipv4", ip6: "ipv6", inet: "inet", arp: "arp", bridge: "bridge", netdev: "netdev" } as Record<string, TraceFamily>)[word];
}

/** "fd00:0011:0000:...:0002" (as nf_log prints IPv6) -> "fd00:11::2". */
export function compressIpv6(addr: string): string {
  const groups = addr.split(":");
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return addr.toLowerCase();
  const short = groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (short[i] !== "0") { i++; continue; }
    let j = i;
    while (j < 8 && short[j] === "0") j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return short.join(":");
  return `${short.slice(0, best).join(":")}::${short.slice(best + bestLen).join(":")}`;
}
