// `xtables-monitor --trace` (iptables-nft): for each traced packet, a PACKET line with its
// headers at the start of each base chain, then one TRACE line per rule that matched or
// policy that applied:
//
//   PACKET: 2 41d28047 IN=br0 OUT=br0 MACSRC=66:5a:58:e6:39:60 ... SRC=11.11.11.2 DST=11.11.11.3 LEN=84 TOS=0x0 TTL=64 ID=40390 DF
//    TRACE: 2 41d28047 filter:FORWARD:rule:0x12:JUMP:DOCKER-USER  -4 -t filter -A FORWARD -j DOCKER-USER
//    TRACE: 2 41d28047 filter:DOCKER-USER:rule:0x8:0xfffffffb  -4 -t filter -A DOCKER-USER -j RETURN
//    TRACE: 2 41d28047 filter:FORWARD:policy:DROP
//
// 0xfffffffb is NFT_RETURN, which xtables-monitor 1.8.9 prints as a number. The rule after
// the verdict is fetched by handle and printed as `iptables -S` would, with -4/-6 and -t.
import { ParseError } from "./errors.js";
import { familyFromNumber, type TraceEvent, type TracePacket, type TraceVerdict } from "./trace-event.js";

const COMMAND = "xtables-monitor --trace";
const VERDICTS: Record<string, TraceVerdict> = {
  ACCEPT: "ACCEPT", DROP: "DROP", CONTINUE: "CONTINUE", QUEUE: "QUEUE", STOLEN: "STOLEN", BREAK: "BREAK", JUMP: "JUMP", GOTO: "GOTO",
  "0xfffffffb": "RETURN",
};

export function parseXtablesMonitorTrace(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  const headers = new Map<string, TracePacket>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    const fail = (why: string): never => { throw new ParseError(COMMAND, why, i + 1, line); };
    if (line === "") return;
    let m = /^PACKET: (\d+) ([0-9a-f]{8}) ?(.*)$/.exec(line);
    if (m) {
      headers.set(`${m[1]} ${m[2]}`, parsePacket(m[3]!));
      return;
    }
    m = /^TRACE: (\d+) ([0-9a-f]{8}) (.*)$/.exec(line);
    if (!m) return; // EVENT:/NEWGEN: lines, or anything the monitor printed about itself
    const family = familyFromNumber(Number(m[1])) ?? fail(`unknown family ${m[1]}`);
    const id = m[2]!;
    const rest = m[3]!;
    const event: TraceEvent = { source: "xtables-monitor", line: i + 1, family, id, table: "", chain: "", type: "rule" };
    const rule = /^([^:\s]+):(\S+):rule:0x([0-9a-f]+):(\S+)(?:\s+(.*))?$/.exec(rest);
    const policy = /^([^:\s]+):(\S+):policy:(\S+)\s*$/.exec(rest);
    const ret = /^([^:\s]+):(\S+):return:(\S*)\s*$/.exec(rest);
    if (rule) {
      event.table = rule[1]!;
      event.chain = rule[2]!;
      event.handle = parseInt(rule[3]!, 16);
      const [word, target] = splitVerdict(rule[4]!);
      event.verdict = VERDICTS[word] ?? fail(`unknown verdict ${word}`);
      if (target) event.target = target;
      if (rule[5]) event.rule = ruleSpec(rule[5], event.table, event.chain);
    } else if (policy) {
      event.table = policy[1]!;
      event.chain = policy[2]!;
      event.type = "policy";
      event.verdict = VERDICTS[policy[3]!] ?? fail(`unknown policy ${policy[3]}`);
    } else if (ret) {
      event.table = ret[1]!;
      event.chain = ret[2]!;
      event.type = "return";
      event.verdict = "RETURN";
      if (ret[3]) event.target = ret[3];
    } else {
      fail("expected TABLE:CHAIN:rule:HANDLE:VERDICT, TABLE:CHAIN:policy:VERDICT or TABLE:CHAIN:return:");
    }
    const header = headers.get(`${m[1]} ${id}`);
    if (header) event.packet = header;
    events.push(event);
  });
  return events;
}

function splitVerdict(word: string): [string, string | undefined] {
  const at = word.indexOf(":");
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

/** "-4 -t filter -A DOCKER-USER -j RETURN" -> "-j RETURN" (the spec iptables-save prints). */
function ruleSpec(text: string, table: string, chain: string): string {
  const m = /^-[046] -t (\S+) -A (\S+)(?: (.*))?$/.exec(text.trim());
  if (!m || m[1] !== table || m[2] !== chain) return text.trim();
  return m[3] ?? "";
}

const FLAGS = new Set(["SYN", "ACK", "FIN", "RST", "PSH", "URG"]);

function parsePacket(text: string): TracePacket {
  const p: TracePacket = {};
  const words = text.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.indexOf("=");
    if (eq < 0) {
      if (FLAGS.has(w)) (p.tcpFlags ??= []).push(w);
      continue;
    }
    const key = w.slice(0, eq);
    const value = w.slice(eq + 1);
    switch (key) {
      case "IN": if (value) p.iif = value; break;
      case "OUT": if (value) p.oif = value; break;
      case "MACSRC": p.macSrc = mac(value); break;
      case "MACDST": p.macDst = mac(value); break;
      case "LL": {
        // Not an Ethernet header as seen on input (e.g. on output): the raw link-layer bytes
        // follow as one hex word, printed with sign-extended bytes (ffffffca for 0xca).
        const bytes = llBytes(words[i + 1] ?? "");
        if (bytes.length >= 14) {
          p.macDst = bytes.slice(0, 6).join(":");
          p.macSrc = bytes.slice(6, 12).join(":");
        }
        i++;
        break;
      }
      case "SRC": p.src = value; break;
      case "DST": p.dst = value; break;
      case "LEN": p.length = Number(value); break;
      case "TTL": case "HOPLIMIT": p.ttl = Number(value); break;
      case "ID": p.ipId = Number(value); break;
      case "FLOWLBL": p.flowLabel = Number(value); break;
      case "SPORT": p.sport = Number(value); break;
      case "DPORT": p.dport = Number(value); break;
      case "MARK": p.mark = parseInt(value, 16); break;
      case "NFPROTO": break;
      default: break; // TOS, TC, MACPROTO
    }
  }
  // For IPv6, xtables-monitor 1.8.9 adds the size of an IPv4 header (20) to the payload
  // length, not 40: make it the IPv6 packet's real length, as nf_log prints it.
  if (p.flowLabel !== undefined && p.length !== undefined) p.length += 20;
  return p;
}

/** "8:0:27:0:2:8" (ether_ntoa drops leading zeros) -> "08:00:27:00:02:08". */
function mac(value: string): string {
  return value.split(":").map((b) => b.padStart(2, "0").toLowerCase()).join(":");
}

/** "52ffffffe2..." -> ["52", "e2", ...]: a byte of 0x80 or more was printed as ffffffXX. */
function llBytes(hex: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < hex.length; ) {
    if (/[0-7]/.test(hex[i]!)) { out.push(hex.slice(i, i + 2)); i += 2; }
    else if (hex.startsWith("ffffff", i)) { out.push(hex.slice(i + 6, i + 8)); i += 8; }
    else return [];
  }
  return out;
}
