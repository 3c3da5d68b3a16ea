// `nft monitor trace` (best with -a, which adds each rule's handle):
//
//   trace id 41d28047 ip filter FORWARD packet: iif "br0" oif "br0" ether saddr ... ip saddr 11.11.11.2 ip daddr 11.11.11.3 ... icmp type echo-request ...
//   trace id 41d28047 ip filter FORWARD rule counter packets 1 bytes 84 jump DOCKER-USER # handle 18 (verdict jump DOCKER-USER)
//   trace id 41d28047 ip filter FORWARD policy drop
//   trace id 9224c57e ip filter DOCKER-USER unknown rule handle 19 (verdict accept)
//
// nft reads the ruleset once when it starts: a rule added later is an "unknown rule handle".
// Rules made by iptables-nft print in nft's words (`fib daddr type local` for
// `-m addrtype --dst-type LOCAL`); parseNftRuleHandles() reads `nft -a list ruleset` so the
// walk model can turn a handle back into the rule's position in its chain.
import { ParseError } from "./errors.js";
import { familyFromNft, orderTcpFlags, type TraceEvent, type TraceFamily, type TracePacket, type TraceVerdict } from "./trace-event.js";

const COMMAND = "nft monitor trace";

export function parseNftMonitorTrace(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  const headers = new Map<string, TracePacket>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    const fail = (why: string): never => { throw new ParseError(COMMAND, why, i + 1, line); };
    const m = /^trace id ([0-9a-f]+) (\S+) (\S+) (\S+) (packet|rule|unknown rule|policy|verdict) ?(.*)$/.exec(line);
    if (!m) return;
    const [, id, fam, table, chain, kind, rest] = m as unknown as [string, string, string, string, string, string, string];
    const family = familyFromNft(fam) ?? fail(`unknown family ${fam}`);
    if (kind === "packet") {
      headers.set(`${fam} ${id}`, parsePacket(rest, family));
      return;
    }
    const event: TraceEvent = { source: "nft-monitor", line: i + 1, family, id, table, chain, type: "rule" };
    if (kind === "policy") {
      event.type = "policy";
      event.verdict = verdict(rest.split(/\s+/)[0]!) ?? fail("unknown policy");
    } else if (kind === "verdict") {
      // a base or user chain that ended without a rule's verdict
      const [word, target] = rest.split(/\s+/);
      event.type = "return";
      event.verdict = verdict(word!) ?? fail("unknown verdict");
      if (target) event.target = target;
    } else {
      const v = /^(.*?)\s*\(verdict (\S+)(?: (\S+))?\)\s*$/.exec(rest) ?? fail("a rule without (verdict ...)");
      event.verdict = verdict(v[2]!) ?? fail(`unknown verdict ${v[2]}`);
      if (v[3]) event.target = v[3];
      let body = v[1]!;
      if (kind === "unknown rule") {
        const h = /^handle (\d+)$/.exec(body) ?? fail("expected unknown rule handle N");
        event.handle = Number(h[1]);
      } else {
        const h = /\s*# handle (\d+)$/.exec(body);
        if (h) {
          event.handle = Number(h[1]);
          body = body.slice(0, h.index);
        }
        event.nftRule = body;
      }
    }
    const header = headers.get(`${fam} ${id}`);
    if (header) event.packet = header;
    events.push(event);
  });
  return events;
}

function verdict(word: string): TraceVerdict | undefined {
  const v = word.toUpperCase();
  return ["ACCEPT", "DROP", "CONTINUE", "RETURN", "JUMP", "GOTO", "QUEUE", "STOLEN", "BREAK"].includes(v) ? (v as TraceVerdict) : undefined;
}

// ICMP and ICMPv6 type names as nft prints them.
const ICMP: Record<string, number> = {
  "echo-reply": 0, "destination-unreachable": 3, "source-quench": 4, redirect: 5, "echo-request": 8, "router-advertisement": 9,
  "router-solicitation": 10, "time-exceeded": 11, "parameter-problem": 12,
};
const ICMPV6: Record<string, number> = {
  "destination-unreachable": 1, "packet-too-big": 2, "time-exceeded": 3, "parameter-problem": 4, "echo-request": 128,
  "echo-reply": 129, "mld-listener-query": 130, "mld-listener-report": 131, "mld-listener-done": 132, "nd-router-solicit": 133,
  "nd-router-advert": 134, "nd-neighbor-solicit": 135, "nd-neighbor-advert": 136, "nd-redirect": 137, "mld2-listener-report": 143,
};
const TCP_BITS: [number, string][] = [[0x01, "FIN"], [0x02, "SYN"], [0x04, "RST"], [0x08, "PSH"], [0x10, "ACK"], [0x20, "URG"]];

function parsePacket(text: string, family: TraceFamily): TracePacket {
  const p: TracePacket = {};
  const w = text.trim().split(/\s+/);
  const unquote = (s: string | undefined) => (s ?? "").replace(/^"|"$/g, "");
  for (let i = 0; i < w.length; i++) {
    const a = w[i]!;
    const b = w[i + 1];
    const c = w[i + 2];
    const pair = `${a} ${b ?? ""}`;
    if (a === "iif" || a === "iifname") { p.iif = unquote(b); i++; }
    else if (a === "oif" || a === "oifname") { p.oif = unquote(b); i++; }
    else if (pair === "ether saddr") { p.macSrc = c; i += 2; }
    else if (pair === "ether daddr") { p.macDst = c; i += 2; }
    else if (pair === "ip saddr" || pair === "ip6 saddr") { p.src = c; i += 2; }
    else if (pair === "ip daddr" || pair === "ip6 daddr") { p.dst = c; i += 2; }
    else if (pair === "ip ttl" || pair === "ip6 hoplimit") { p.ttl = Number(c); i += 2; }
    else if (pair === "ip id") { p.ipId = Number(c); i += 2; }
    else if (pair === "ip6 flowlabel") { p.flowLabel = Number(c); i += 2; }
    else if (pair === "ip length") { p.length = Number(c); i += 2; }
    // nft prints the IPv6 payload length; nf_log and xtables-monitor print it + 40
    else if (pair === "ip6 length") { p.length = Number(c) + 40; i += 2; }
    else if (pair === "meta mark") { p.mark = parseInt(c ?? "", 16); i += 2; }
    else if ((a === "tcp" || a === "udp" || a === "sctp" || a === "udplite") && (b === "sport" || b === "dport")) {
      p.proto = a;
      if (b === "sport") p.sport = Number(c); else p.dport = Number(c);
      i += 2;
    } else if (pair === "tcp flags") {
      // "tcp flags == syn", "== ack", or a number for combinations: "== 0x12"
      const v = w[i + 3] ?? "";
      const bits = /^0x[0-9a-f]+$/.test(v) ? parseInt(v, 16) : TCP_BITS.find(([, n]) => n.toLowerCase() === v)?.[0] ?? 0;
      p.tcpFlags = orderTcpFlags(TCP_BITS.filter(([bit]) => bits & bit).map(([, n]) => n));
      p.proto = "tcp";
      i += 3;
    } else if ((a === "icmp" || a === "icmpv6") && b === "type") {
      p.proto = a;
      const t = (a === "icmp" ? ICMP : ICMPV6)[c ?? ""];
      if (t !== undefined) p.icmpType = t;
      i += 2;
    } else if ((a === "icmp" || a === "icmpv6") && b === "id") { p.icmpId = Number(c); i += 2; }
  }
  if (!p.proto && family === "ipv6" && /ip6 nexthdr ipv6-icmp/.test(text)) p.proto = "icmpv6";
  return p;
}

/** One rule of `nft -a list ruleset`, with its 1-based position in its chain. */
export interface NftRuleHandle {
  family: TraceFamily;
  table: string;
  chain: string;
  handle: number;
  position: number;
}

/** `nft -a list ruleset`: each rule's handle and position (iptables-nft keeps `iptables -S` order). */
export function parseNftRuleHandles(text: string): NftRuleHandle[] {
  const out: NftRuleHandle[] = [];
  let family: TraceFamily | undefined;
  let table = "";
  let chain = "";
  let position = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    let m = /^table (\S+) (\S+) \{/.exec(line);
    if (m) { family = familyFromNft(m[1]!); table = m[2]!; chain = ""; continue; }
    m = /^chain (\S+) \{/.exec(line);
    if (m) { chain = m[1]!; position = 0; continue; }
    if (line === "}") { if (chain) chain = ""; else table = ""; continue; }
    if (!family || !chain || /^(type|policy) /.test(line)) continue;
    m = /# handle (\d+)$/.exec(line);
    if (m) out.push({ family, table, chain, handle: Number(m[1]), position: ++position });
  }
  return out;
}
