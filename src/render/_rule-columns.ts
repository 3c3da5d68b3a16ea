// An iptables-save rule spec -> the columns `iptables -nvL` prints (internal).
// Follows iptables 1.8.9's print_rule_details / print_ifaces / each extension's print().
import { parseRuleSpec, type Module, type Opt } from "../inspect/rule-words.js";

export interface RuleColumns {
  target: string;
  prot: string;
  protInv: boolean;
  opt: string;
  in: string;
  out: string;
  source: string;
  sourceInv: boolean;
  destination: string;
  destinationInv: boolean;
  /** What the matches and target print after the addresses, each piece with its leading space. */
  extras: string;
}

export interface ColumnOptions {
  family?: "ipv4" | "ipv6";
  /** Print protocols by name ("all", "tcp") as iptables before 1.8.9 did; default numeric ("0", "6"). */
  protocolNames?: boolean;
}

const PROTO_NUM: Record<string, number> = {
  all: 0, icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, icmpv6: 58, "ipv6-icmp": 58, mh: 135, "ipv6-mh": 135, sctp: 132, udplite: 136,
};
const PROTO_NAME: Record<number, string> = { 0: "all", 1: "icmp", 6: "tcp", 17: "udp", 50: "esp", 51: "ah", 58: "icmpv6", 132: "sctp", 135: "mh", 136: "udplite" };

function protocolColumn(p: string | undefined, names: boolean): string {
  const lower = (p ?? "all").toLowerCase();
  const n = /^\d+$/.test(lower) ? Number(lower) : PROTO_NUM[lower];
  if (names) return n !== undefined ? (PROTO_NAME[n] ?? String(n)) : lower;
  return n !== undefined ? String(n) : lower;
}

function address(a: string | undefined, family: "ipv4" | "ipv6"): string {
  if (!a) return family === "ipv6" ? "::/0" : "0.0.0.0/0";
  return a.replace(family === "ipv6" ? /\/128$/ : /\/32$/, "");
}

export function ruleColumns(spec: string, options: ColumnOptions = {}): RuleColumns {
  const family = options.family ?? "ipv4";
  const r = parseRuleSpec(spec);
  let extras = r.goto ? "[goto] " : "";
  for (const m of r.matches) extras += printMatch(m);
  if (r.target) extras += printTarget(r.target);
  return {
    target: r.target?.name ?? "",
    prot: protocolColumn(r.protocol, options.protocolNames ?? false),
    protInv: r.protocolInv,
    opt: family === "ipv6" ? "  " : (r.fragmentInv ? "!" : "-") + (r.fragment ? "f" : "-"),
    in: (r.inInv ? "!" : "") + (r.in ?? "*"),
    out: (r.outInv ? "!" : "") + (r.out ?? "*"),
    source: address(r.source, family),
    sourceInv: r.sourceInv,
    destination: address(r.destination, family),
    destinationInv: r.destinationInv,
    extras,
  };
}

const get = (m: Module, ...keys: string[]): Opt | undefined => m.opts.find((o) => keys.includes(o.key));
const first = (o: Opt | undefined): string => o?.values[0] ?? "";
const bang = (o: Opt | undefined): string => (o?.inv ? "!" : "");
const raw = (m: Module): string => m.opts.map((o) => ` ${o.raw}`).join("");

function ports(name: string, o: Opt | undefined): string {
  if (!o) return "";
  const v = first(o);
  return v.includes(":") ? ` ${name}s:${bang(o)}${v}` : ` ${name}:${bang(o)}${v}`;
}

const TCP_FLAGS: Record<string, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ALL: 0x3f, NONE: 0 };
const flagBits = (list: string): number => list.split(",").reduce((acc, f) => acc | (TCP_FLAGS[f.toUpperCase()] ?? 0), 0);
const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, "0")}`;

const ICMP_TYPES: Record<string, string> = {
  "echo-reply": "0", pong: "0", "destination-unreachable": "3", "network-unreachable": "3/0", "host-unreachable": "3/1",
  "protocol-unreachable": "3/2", "port-unreachable": "3/3", "fragmentation-needed": "3/4", "source-quench": "4",
  redirect: "5", "echo-request": "8", ping: "8", "router-advertisement": "9", "router-solicitation": "10",
  "time-exceeded": "11", ttl_exceeded: "11", "parameter-problem": "12", "timestamp-request": "13", "timestamp-reply": "14",
};

function icmp(m: Module): string {
  const o = get(m, "icmp-type");
  if (!o) return " icmp";
  const v = ICMP_TYPES[first(o)] ?? first(o);
  if (v === "any") return ` icmp ${bang(o)}any`;
  const [type, code] = v.split("/");
  return ` icmp${o.inv ? " !" : ""}type ${type}${code !== undefined ? ` code ${code}` : ""}`;
}

const CONNTRACK_ORDER = ["ctstate", "ctproto", "ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst", "ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport", "ctstatus", "ctexpire", "ctdir"];

function printMatch(m: Module): string {
  switch (m.name) {
    case "tcp": {
      const flags = get(m, "tcp-flags");
      const syn = get(m, "syn");
      const option = get(m, "tcp-option");
      let s = " tcp" + ports("spt", get(m, "sport", "source-port")) + ports("dpt", get(m, "dport", "destination-port"));
      if (option) s += ` option=${bang(option)}${first(option)}`;
      if (flags) s += ` flags:${bang(flags)}${hex2(flagBits(flags.values[0] ?? ""))}/${hex2(flagBits(flags.values[1] ?? ""))}`;
      else if (syn) s += ` flags:${bang(syn)}0x17/0x02`;
      return s;
    }
    case "udp":
    case "udplite":
      return ` ${m.name}` + ports("spt", get(m, "sport", "source-port")) + ports("dpt", get(m, "dport", "destination-port"));
    case "icmp":
      return icmp(m);
    case "conntrack":
      return CONNTRACK_ORDER.map((k) => {
        const o = get(m, k);
        return o ? `${o.inv ? " !" : ""} ${k} ${o.values.join(" ")}` : "";
      }).join("");
    case "state": {
      const o = get(m, "state");
      return `${o?.inv ? " !" : ""} state ${first(o)}`;
    }
    case "multiport": {
      const o = get(m, "dports", "destination-ports", "sports", "source-ports", "ports");
      const kind = o?.key.startsWith("d") ? "dports" : o?.key.startsWith("s") ? "sports" : "ports";
      return ` multiport ${kind} ${bang(o)}${first(o)}`;
    }
    case "comment":
      return ` /* ${first(get(m, "comment"))} */`;
    case "limit": {
      const burst = get(m, "limit-burst");
      return ` limit: avg ${first(get(m, "limit")) || "3/hour"} burst ${burst ? first(burst) : "5"}`;
    }
    case "addrtype": {
      let s = " ADDRTYPE match";
      for (const k of ["src-type", "dst-type"]) {
        const o = get(m, k);
        if (o) s += ` ${k} ${bang(o)}${first(o)}`;
      }
      if (get(m, "limit-iface-in")) s += " limit-in";
      if (get(m, "limit-iface-out")) s += " limit-out";
      return s;
    }
    case "mac": {
      const o = get(m, "mac-source");
      return ` MAC ${o?.inv ? "! " : ""}${first(o)}`;
    }
    case "iprange": {
      let s = "";
      const src = get(m, "src-range");
      const dst = get(m, "dst-range");
      if (src) s += ` source IP range ${src.inv ? "! " : ""}${first(src)}`;
      if (dst) s += ` destination IP range ${dst.inv ? "! " : ""}${first(dst)}`;
      return s;
    }
    case "physdev":
      return " PHYSDEV match" + raw(m);
    case "mark": {
      const o = get(m, "mark");
      return ` mark match ${o?.inv ? "! " : ""}${first(o)}`;
    }
    case "set": {
      const o = get(m, "match-set");
      return ` ${o?.inv ? "! " : ""}match-set ${o?.values.join(" ") ?? ""}`;
    }
    default:
      return ` ${m.name}${raw(m)}`;
  }
}

const LOG_LEVELS: Record<string, number> = { emerg: 0, alert: 1, crit: 2, err: 3, error: 3, warn: 4, warning: 4, notice: 5, info: 6, debug: 7 };
const LOG_FLAGS: Record<string, number> = { "log-tcp-sequence": 1, "log-tcp-options": 2, "log-ip-options": 4, "log-uid": 8, "log-macdecode": 0x20 };

function parseMark(v: string): [number, number] {
  const [a, b] = v.split("/");
  return [Number(a) >>> 0, b === undefined ? 0xffffffff : Number(b) >>> 0];
}
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function natExtras(m: Module): string {
  return (get(m, "random") ? " random" : "") + (get(m, "random-fully") ? " random-fully" : "") + (get(m, "persistent") ? " persistent" : "");
}

function printTarget(t: Module): string {
  switch (t.name) {
    case "ACCEPT": case "DROP": case "RETURN": case "QUEUE":
      return raw(t);
    case "LOG": {
      const level = first(get(t, "log-level"));
      const lv = level === "" ? 4 : /^\d+$/.test(level) ? Number(level) : (LOG_LEVELS[level] ?? 4);
      const flags = t.opts.reduce((acc, o) => acc | (LOG_FLAGS[o.key] ?? 0), 0);
      const prefix = get(t, "log-prefix");
      return ` LOG flags ${flags} level ${lv}${prefix ? ` prefix "${first(prefix)}"` : ""}`;
    }
    case "REJECT":
      return ` reject-with ${first(get(t, "reject-with")) || "icmp-port-unreachable"}`;
    case "DNAT":
      return t.opts.filter((o) => o.key === "to-destination").map((o) => ` to:${first(o)}`).join("") + natExtras(t);
    case "SNAT":
      return t.opts.filter((o) => o.key === "to-source").map((o) => ` to:${first(o)}`).join("") + natExtras(t);
    case "MASQUERADE": {
      const p = get(t, "to-ports");
      return (p ? ` masq ports: ${first(p)}` : "") + natExtras(t);
    }
    case "REDIRECT": {
      const p = get(t, "to-ports");
      return (p ? ` redir ports ${first(p)}` : "") + natExtras(t);
    }
    case "MARK": {
      const xset = get(t, "set-xmark");
      const set = get(t, "set-mark");
      const and = get(t, "and-mark");
      const or = get(t, "or-mark");
      const xor = get(t, "xor-mark");
      if (and) return ` MARK and ${hex(Number(first(and)))}`;
      if (or) return ` MARK or ${hex(Number(first(or)))}`;
      if (xor) return ` MARK xor ${hex(Number(first(xor)))}`;
      const [mark, mask] = parseMark(first(xset ?? set));
      if (set && !xset && first(set).includes("/")) return ` MARK xset ${hex(mark)}/${hex((mark | mask) >>> 0)}`;
      if (mark === 0) return ` MARK and ${hex(~mask)}`;
      if (mark === mask) return ` MARK or ${hex(mark)}`;
      if (mask === 0) return ` MARK xor ${hex(mark)}`;
      if (mask === 0xffffffff) return ` MARK set ${hex(mark)}`;
      return ` MARK xset ${hex(mark)}/${hex(mask)}`;
    }
    case "TCPMSS": {
      const set = get(t, "set-mss");
      return set ? ` TCPMSS set ${first(set)}` : " TCPMSS clamp to PMTU";
    }
    case "CT":
      return get(t, "notrack") ? " CT notrack" : ` CT${raw(t)}`;
    default:
      // A user chain prints nothing; an unknown extension prints its options as saved.
      return t.opts.length ? ` ${t.name}${raw(t)}` : "";
  }
}
