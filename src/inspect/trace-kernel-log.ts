// iptables-legacy's TRACE, as nf_log writes it to the kernel log (dmesg, journalctl -k,
// /var/log/kern.log): one line per rule that matched, with the whole packet each time.
//
//   [   10.52] TRACE: filter:FORWARD:rule:1 IN=br0 OUT=br0 PHYSIN=reth1 PHYSOUT=beth1 MAC=... SRC=11.11.11.2 DST=11.11.11.3 LEN=84 ... PROTO=ICMP TYPE=8 CODE=0 ID=154 SEQ=0
//   [   10.52] TRACE: filter:DOCKER-USER:return:1 ...
//   [   10.52] TRACE: filter:FORWARD:policy:7 ...
//
// There is no verdict and no trace id. The number is the position the kernel counted in the
// chain, and the word is decided by the rule's shape, not its meaning: an unconditional rule
// with a plain verdict (`-j RETURN`, even `-j ACCEPT`) is logged as "return" in a user chain
// and "policy" in a built-in one, exactly like the chain's real end. The walk model reads
// the ruleset to tell them apart. The TRACE rule itself is never logged.
import { compressIpv6, orderTcpFlags, type TraceEvent, type TracePacket } from "./trace-event.js";

const FLAGS = new Set(["SYN", "ACK", "FIN", "RST", "PSH", "URG"]);

export function parseKernelLogTrace(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  text.split("\n").forEach((raw, i) => {
    const at = raw.indexOf("TRACE: ");
    if (at < 0) return;
    const m = /^TRACE: ([^:\s]+):(\S+):(rule|return|policy):(\d+) (.*)$/.exec(raw.slice(at).trimEnd());
    if (!m) return; // a TRACE: line of something else (e.g. xtables-monitor output pasted in)
    const packet = parsePacket(m[5]!);
    const event: TraceEvent = {
      source: "kernel-log", line: i + 1, family: packet.src?.includes(":") ? "ipv6" : "ipv4",
      table: m[1]!, chain: m[2]!, type: m[3] as TraceEvent["type"], num: Number(m[4]), packet,
    };
    const t = /\[\s*(\d+\.\d+)\]\s*$/.exec(raw.slice(0, at));
    if (t) event.time = Number(t[1]);
    events.push(event);
  });
  return events;
}

function parsePacket(text: string): TracePacket {
  const p: TracePacket = {};
  let afterProto = false;
  for (const w of text.split(/\s+/)) {
    const eq = w.indexOf("=");
    if (eq < 0) {
      if (afterProto && FLAGS.has(w)) (p.tcpFlags ??= []).push(w);
      continue;
    }
    const key = w.slice(0, eq);
    const value = w.slice(eq + 1);
    switch (key) {
      case "IN": if (value) p.iif = value; break;
      case "OUT": if (value) p.oif = value; break;
      case "PHYSIN": p.physin = value; break;
      case "PHYSOUT": p.physout = value; break;
      case "MAC": {
        // destination, source, ethertype: "e6:9b:...:08:00"
        const b = value.split(":");
        if (b.length >= 12) {
          p.macDst = b.slice(0, 6).join(":");
          p.macSrc = b.slice(6, 12).join(":");
        }
        break;
      }
      case "SRC": p.src = value.includes(":") ? compressIpv6(value) : value; break;
      case "DST": p.dst = value.includes(":") ? compressIpv6(value) : value; break;
      case "LEN": if (!afterProto) p.length = Number(value); break;
      case "TTL": case "HOPLIMIT": p.ttl = Number(value); break;
      case "FLOWLBL": p.flowLabel = Number(value); break;
      // ID= comes twice for ICMP: the IP header's, then the echo identifier after PROTO=
      case "ID": if (afterProto) p.icmpId = Number(value); else p.ipId = Number(value); break;
      case "PROTO": p.proto = value.toLowerCase(); afterProto = true; break;
      case "SPT": p.sport = Number(value); break;
      case "DPT": p.dport = Number(value); break;
      case "TYPE": p.icmpType = Number(value); break;
      case "MARK": p.mark = parseInt(value, 16); break;
      default: break;
    }
  }
  if (p.tcpFlags) p.tcpFlags = orderTcpFlags(p.tcpFlags);
  return p;
}
