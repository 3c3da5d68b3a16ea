// Which packets a trace marks (internal to trace.ts): the traffic a command will send, read
// from its words (ping's host, curl's URL, nc's host and port), widened by the DNAT rules
// that rewrite it, and turned into `-j TRACE` rules for the raw table: to and from each
// endpoint, in PREROUTING (packets that arrive) and OUTPUT (packets the machine sends),
// for the IP family of each address. Never a rule that marks everything.
import { parseRuleSpec } from "../inspect/rule-words.js";
import type { Ruleset } from "../inspect/types.js";

export type TraceProtocol = "icmp" | "tcp" | "udp";

/** The traffic to trace, as a caller gives it: `{ protocol: "tcp", host: "192.168.50.10", port: 8088 }`. */
export interface TraceMatch {
  protocol?: TraceProtocol;
  /** Packets to or from these addresses (IPv4 or IPv6 literals). */
  host?: string | string[];
  /** Packets to (or, for replies, from) these ports (tcp or udp). */
  port?: number | number[];
  /** Only this family (default: the families of the hosts, or both). */
  family?: "ipv4" | "ipv6";
}

/** One place the traffic goes: an address, a port, or both. */
export interface TraceEndpoint {
  host?: string;
  port?: number;
}

export interface NormalMatch {
  protocol?: TraceProtocol;
  endpoints: TraceEndpoint[];
  families: ("ipv4" | "ipv6")[];
}

/** One -j TRACE rule, as `iptables -t raw -S CHAIN` writes it (without -A CHAIN). */
export interface TraceRule {
  family: "ipv4" | "ipv6";
  chain: "PREROUTING" | "OUTPUT";
  spec: string;
}

export class TraceMatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraceMatchError";
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;

export function familyOf(host: string): "ipv4" | "ipv6" | undefined {
  if (IPV4.test(host)) return "ipv4";
  if (IPV6.test(host) && host.includes(":")) return "ipv6";
  return undefined;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A caller's match, checked and made into endpoints. */
export function normaliseMatch(m: TraceMatch): NormalMatch {
  const hosts = list(m.host);
  const ports = list(m.port);
  for (const h of hosts) if (!familyOf(h)) throw new TraceMatchError(`trace match: "${h}" is not an IPv4 or IPv6 address (give addresses, not names)`);
  for (const p of ports) if (!Number.isInteger(p) || p < 1 || p > 65535) throw new TraceMatchError(`trace match: port ${p} is not a port number (1-65535)`);
  if (ports.length && m.protocol === "icmp") throw new TraceMatchError("trace match: ICMP has no ports; give protocol tcp or udp with a port");
  if (!m.protocol && !hosts.length && !ports.length) {
    throw new TraceMatchError("trace match: give a protocol, an address or a port (a trace of everything would drown the packet you mean)");
  }
  const endpoints: TraceEndpoint[] = hosts.length
    ? hosts.flatMap((host) => (ports.length ? ports.map((port) => ({ host, port })) : [{ host }]))
    : ports.map((port) => ({ port }));
  const fams = new Set(hosts.map((h) => familyOf(h)!));
  let families: ("ipv4" | "ipv6")[] = fams.size ? [...fams] : ["ipv4", "ipv6"];
  if (m.family) families = families.filter((f) => f === m.family);
  if (!families.length) throw new TraceMatchError(`trace match: no ${m.family} address among ${hosts.join(", ")}`);
  return { protocol: m.protocol ?? (ports.length ? "tcp" : undefined), endpoints, families };
}

/** Options of ping that take a value (the host is the first word that is not one). */
const PING_VALUE = new Set(["-c", "-W", "-w", "-i", "-s", "-t", "-I", "-l", "-p", "-Q", "-M", "-m", "-S", "-T", "-F", "-N"]);
const CURL_VALUE = new Set(["-m", "--max-time", "-o", "--output", "-H", "--header", "-X", "--request", "-d", "--data", "-u", "--user", "-A", "--user-agent", "--connect-timeout", "-w", "--write-out", "--interface", "--resolve", "-e", "--referer", "-b", "-c", "-T", "-x", "--proxy", "-O", "--output-document", "-T", "--timeout", "-U", "-Y", "--header"]);
const NC_VALUE = new Set(["-w", "-s", "-p", "-i", "-q", "-W", "-x", "-X", "-e", "-c"]);

/** A shell command line's words, split into simple commands at ; && || | & and newlines
 *  ('single', "double" and backslash quoting; nothing expanded). */
function simpleCommands(command: string): string[][] {
  const out: string[][] = [[]];
  let word: string | undefined;
  const end = () => { if (word !== undefined) out[out.length - 1]!.push(word); word = undefined; };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'") {
      const j = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, j < 0 ? undefined : j);
      i = j < 0 ? command.length : j;
    } else if (c === '"') {
      let j = i + 1;
      let w = "";
      for (; j < command.length && command[j] !== '"'; j++) w += command[j] === "\\" && j + 1 < command.length ? command[++j] : command[j];
      word = (word ?? "") + w;
      i = j;
    } else if (c === "\\" && i + 1 < command.length) {
      word = (word ?? "") + command[++i];
    } else if (/\s/.test(c) && c !== "\n") {
      end();
    } else if (c === ";" || c === "|" || c === "&" || c === "\n") {
      end();
      out.push([]);
      if (command[i + 1] === c) i++;
    } else word = (word ?? "") + c;
  }
  end();
  return out.filter((cmd) => cmd.length > 0);
}

/** Take off what only says where or how a program runs: ip netns exec X, sudo, timeout N, docker exec C, env A=B. */
function stripWrappers(w: string[]): string[] {
  for (;;) {
    if (w[0] === "ip" && w[1] === "netns" && w[2] === "exec") w = w.slice(4);
    else if (w[0] === "sudo" || w[0] === "command" || w[0] === "exec" || w[0] === "busybox") w = w.slice(1);
    else if (w[0] === "timeout") w = w.slice(1).filter((_, i, a) => i > a.findIndex((x) => !x.startsWith("-")));
    else if (w[0] === "env") { w = w.slice(1); while (w[0]?.includes("=")) w = w.slice(1); }
    else if (w[0] === "docker" && w[1] === "exec") {
      let i = 2;
      while (w[i]?.startsWith("-")) i += ["-u", "--user", "-w", "--workdir", "-e", "--env"].includes(w[i]!) ? 2 : 1;
      w = w.slice(i + 1);
    } else if (w[0] && /^[A-Z_][A-Z0-9_]*=/.test(w[0])) w = w.slice(1);
    else return w;
  }
}

function fromUrl(url: string): { host?: string; port: number } | undefined {
  const m = /^(https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/.exec(url);
  if (!m) return undefined;
  const host = m[2]!.replace(/^\[|\]$/g, "");
  return { host: familyOf(host) ? host : undefined, port: m[3] ? Number(m[3]) : m[1] === "https" ? 443 : 80 };
}

/** The traffic one command line will send, if it is a program whose words say so. */
export function deriveMatch(command: string): TraceMatch | undefined {
  const found: { protocol: TraceProtocol; host?: string; port?: number; family?: "ipv4" | "ipv6" }[] = [];
  for (const raw of simpleCommands(command)) {
    const w = stripWrappers(raw);
    const prog = (w[0] ?? "").split("/").pop()!;
    const args = w.slice(1);
    if (prog === "ping" || prog === "ping6") {
      let host: string | undefined;
      for (let i = 0; i < args.length; i++) {
        if (PING_VALUE.has(args[i]!)) { i++; continue; }
        if (!args[i]!.startsWith("-")) { host = args[i]; break; }
      }
      const v6 = prog === "ping6" || args.includes("-6");
      if (host && familyOf(host)) found.push({ protocol: "icmp", host });
      else if (host) found.push({ protocol: "icmp", family: v6 ? "ipv6" : args.includes("-4") ? "ipv4" : undefined });
    } else if (prog === "curl" || prog === "wget") {
      for (let i = 0; i < args.length; i++) {
        if (CURL_VALUE.has(args[i]!)) { i++; continue; }
        const u = fromUrl(args[i]!) ?? (prog === "curl" && !args[i]!.startsWith("-") && /^[\w.-]+(:\d+)?(\/|$)/.test(args[i]!) ? fromUrl(`http://${args[i]}`) : undefined);
        if (u) found.push({ protocol: "tcp", ...u });
      }
    } else if (prog === "nc" || prog === "ncat" || prog === "netcat") {
      const rest: string[] = [];
      for (let i = 0; i < args.length; i++) {
        if (NC_VALUE.has(args[i]!)) { i++; continue; }
        if (!args[i]!.startsWith("-")) rest.push(args[i]!);
      }
      const [host, port] = rest;
      if (port && /^\d+$/.test(port)) found.push({ protocol: args.some((a) => /^-\w*u/.test(a)) ? "udp" : "tcp", host: host && familyOf(host) ? host : undefined, port: Number(port) });
    }
  }
  if (!found.length) return undefined;
  const protocols = new Set(found.map((f) => f.protocol));
  if (protocols.size > 1) return undefined; // ping then curl in one line: the caller says which
  const hosts = [...new Set(found.flatMap((f) => (f.host ? [f.host] : [])))];
  const ports = [...new Set(found.flatMap((f) => (f.port ? [f.port] : [])))];
  const m: TraceMatch = { protocol: found[0]!.protocol };
  // A host named (not an address) leaves only the protocol and port: wider, still scoped.
  if (hosts.length && found.every((f) => f.host)) m.host = hosts;
  if (ports.length) m.port = ports;
  const family = found.find((f) => f.family)?.family;
  if (family && !m.host) m.family = family;
  return m;
}

const bare = (addr: string) => addr.replace(/\/(32|128)$/, "");

/**
 * Endpoints the traffic becomes after DNAT (a reply comes back from the new address and
 * port, before conntrack turns it back): every nat DNAT rule whose destination address or
 * port is one of ours adds its --to-destination.
 */
export function dnatEndpoints(match: NormalMatch, rulesets: readonly Ruleset[]): TraceEndpoint[] {
  const out: TraceEndpoint[] = [];
  for (const rs of rulesets) {
    if (!match.families.includes(rs.family)) continue;
    for (const chain of rs.tables.find((t) => t.name === "nat")?.chains ?? []) {
      for (const rule of chain.rules) {
        if (rule.target !== "DNAT") continue;
        const p = parseRuleSpec(rule.spec);
        const to = p.target?.opts.find((o) => o.key === "to-destination")?.values[0];
        if (!to) continue;
        if (match.protocol && p.protocol && p.protocol !== match.protocol) continue;
        const dport = p.matches.flatMap((mo) => mo.opts).find((o) => o.key === "dport" && !o.inv)?.values[0];
        const dst = p.destination && !p.destinationInv ? bare(p.destination) : undefined;
        const hit = match.endpoints.some((e) =>
          (dport === undefined || e.port === undefined || String(e.port) === dport) &&
          (dst === undefined || e.host === undefined || e.host === dst) &&
          (dport !== undefined || dst !== undefined));
        if (!hit) continue;
        const { host, port } = splitDestination(to, rs.family);
        const ep: TraceEndpoint = {};
        if (host && familyOf(host)) ep.host = host;
        if (port) ep.port = port;
        else if (ep.host && match.endpoints.some((e) => e.port !== undefined)) {
          // DNAT to an address only: the port stays what it was.
          for (const e of match.endpoints) if (e.port !== undefined) out.push({ host: ep.host, port: e.port });
          continue;
        }
        if (ep.host || ep.port) out.push(ep);
      }
    }
  }
  return out;
}

/** "11.11.11.2:80", "11.11.11.2", "[fd00::2]:80", "fd00::2" -> address and (first) port. */
function splitDestination(to: string, family: "ipv4" | "ipv6"): { host?: string; port?: number } {
  const m = family === "ipv6" ? /^(?:\[([^\]]+)\](?::(\d+))?|([0-9a-fA-F:]+))/.exec(to) : /^([\d.]*)(?::(\d+))?/.exec(to);
  if (!m) return {};
  const host = family === "ipv6" ? m[1] ?? m[3] : m[1];
  return { host: host || undefined, port: m[2] ? Number(m[2]) : undefined };
}

/** The TRACE rules for a match: both directions of every endpoint, in PREROUTING and OUTPUT. */
export function traceRules(match: NormalMatch, comment: string): TraceRule[] {
  const rules: TraceRule[] = [];
  const seen = new Set<string>();
  for (const family of match.families) {
    const proto = match.protocol === "icmp" ? (family === "ipv6" ? "ipv6-icmp" : "icmp") : match.protocol;
    const specs: string[] = [];
    const eps = match.endpoints.filter((e) => !e.host || familyOf(e.host) === family);
    if (!eps.length) {
      if (match.endpoints.length) continue; // only addresses of the other family
      specs.push(`-p ${proto}`);
    }
    for (const e of eps) {
      for (const dir of ["to", "from"] as const) {
        const words: string[] = [];
        if (e.host) words.push(dir === "to" ? "-d" : "-s", `${e.host}/${family === "ipv6" ? 128 : 32}`);
        if (proto) words.push("-p", proto);
        if (e.port !== undefined) words.push("-m", proto!, dir === "to" ? "--dport" : "--sport", String(e.port));
        specs.push(words.join(" "));
      }
    }
    for (const chain of ["PREROUTING", "OUTPUT"] as const) {
      for (const s of specs) {
        const spec = `${s} -m comment --comment ${comment} -j TRACE`;
        const key = `${family} ${chain} ${spec}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push({ family, chain, spec });
      }
    }
  }
  return rules;
}

/** Widen a match by more endpoints (DNAT's), keeping it one protocol. */
export function withEndpoints(match: NormalMatch, extra: TraceEndpoint[]): NormalMatch {
  const key = (e: TraceEndpoint) => `${e.host ?? ""} ${e.port ?? ""}`;
  const have = new Set(match.endpoints.map(key));
  const endpoints = [...match.endpoints];
  for (const e of extra) if (!have.has(key(e))) { have.add(key(e)); endpoints.push(e); }
  const families = [...new Set([...match.families, ...extra.flatMap((e) => (e.host ? [familyOf(e.host)!] : []))])];
  return { ...match, endpoints, families };
}
