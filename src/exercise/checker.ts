// The probes a check uses: real traffic (ping, curl), counters around it, rules, addresses,
// routes and neighbour tables, read quietly. Each probe writes down what it saw, so a report
// can show the learner what was tried; `need` turns a failed expectation into the hint.
import type { Vm } from "../command/vm.js";
import type { CommandResult } from "../command/result.js";
import { parseIptablesSave } from "../inspect/iptables-save.js";
import type { Ruleset } from "../inspect/types.js";
import { counterDeltas } from "../model/counters.js";
import type { CounterDelta } from "../model/types.js";
import type { ExerciseLab, Observation } from "./types.js";

/** Thrown by `need`: the exercise is not done yet, and this is what to tell the learner. */
export class NotYet extends Error {
  override name = "NotYet";
  constructor(readonly hint: string) {
    super(hint);
  }
}

export type HttpOutcome = "page" | "refused" | "timeout" | "error";

export interface HttpProbe {
  outcome: HttpOutcome;
  body: string;
  result: CommandResult;
}

/** One interface of `ip -j addr`, the fields the checks read. */
export interface IpAddr {
  ifname: string;
  operstate: string;
  flags: string[];
  link_type?: string;
  address?: string;
  addr_info: { family: string; local: string; prefixlen: number }[];
}

export interface IpNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state?: string[];
}

/** The namespace a probe host lives in while a check needs a stranger on a bridge. */
export const PROBE_NETNS = "vb-probe";

export class Checker {
  readonly observations: Observation[] = [];
  private readonly vms = new Map<string, Vm>();

  constructor(private readonly lab: ExerciseLab) {}

  /** A quiet handle on a machine, or on one of its namespaces. */
  async vm(name: string, netns?: string): Promise<Vm> {
    let vm = this.vms.get(name);
    if (!vm) {
      vm = (await this.lab.vm(name)).with({ quiet: true, nothrow: true });
      this.vms.set(name, vm);
    }
    return netns ? vm.netns(netns) : vm;
  }

  /** Write down what a probe saw. */
  note(what: string, saw: string, ok: boolean): void {
    this.observations.push({ what, saw, ok });
  }

  /** The check goes on only if `ok`; otherwise the learner gets `hint`. */
  need(ok: unknown, hint: string): asserts ok {
    if (!ok) throw new NotYet(hint);
  }

  /** Run a command quietly; never throws for a non-zero exit. */
  async run(vm: Vm, command: string, timeoutMs = 10_000): Promise<CommandResult> {
    return await vm.script(command, { quiet: true, nothrow: true, timeoutMs });
  }

  /** One ping, one second to answer. */
  async ping(vm: Vm, dst: string, what = `${where(vm)} pings ${dst}`, options: { expect?: boolean } = {}): Promise<boolean> {
    const r = await this.run(vm, `ping -c 1 -W 1 ${dst}`);
    const ok = r.exitCode === 0;
    this.note(what, ok ? "a reply came back" : /unreachable/i.test(r.stdout + r.stderr) ? "Network is unreachable" : "no reply", ok === (options.expect ?? true));
    return ok;
  }

  /** `curl` a URL for two seconds: a page, refused (something answered with a reset), or a timeout. */
  async http(vm: Vm, url: string, what = `${where(vm)} fetches ${url}`, good: (p: HttpProbe) => boolean = (p) => p.outcome === "page"): Promise<HttpProbe> {
    const r = await this.run(vm, `curl -sS -m 2 ${url}`);
    const outcome: HttpOutcome = r.exitCode === 0 ? "page" : r.exitCode === 7 ? "refused" : r.exitCode === 28 ? "timeout" : "error";
    const body = r.stdout.trim();
    const saw = outcome === "page" ? `got "${body.split("\n")[0]}"` : outcome === "refused" ? "connection refused" : outcome === "timeout" ? "timed out" : `curl exited ${r.exitCode}: ${r.stderr.trim()}`;
    const probe = { outcome, body, result: r };
    this.note(what, saw, good(probe));
    return probe;
  }

  /** The VM's IPv4 ruleset with counters. */
  async rules(vm: Vm): Promise<Ruleset> {
    return parseIptablesSave((await this.run(vm, "iptables-save -c")).stdout);
  }

  /** The counters that moved while `action` ran. */
  async counted<T>(vm: Vm, action: () => Promise<T>): Promise<{ result: T; deltas: CounterDelta[] }> {
    const before = await this.rules(vm);
    const result = await action();
    const after = await this.rules(vm);
    return { result, deltas: counterDeltas(before, after) };
  }

  /** How many ICMP echo requests the machine (or namespace) has received so far. */
  async echoRequestsIn(vm: Vm): Promise<number> {
    const lines = (await this.run(vm, "grep '^Icmp:' /proc/net/snmp")).stdout.trim().split("\n");
    if (lines.length < 2) return 0;
    const names = lines[0]!.split(/\s+/);
    const values = lines[1]!.split(/\s+/);
    return Number(values[names.indexOf("InEchos")] ?? 0);
  }

  async addresses(vm: Vm): Promise<IpAddr[]> {
    const r = await this.run(vm, "ip -j addr");
    return r.exitCode === 0 ? (JSON.parse(r.stdout || "[]") as IpAddr[]) : [];
  }

  /** The interface holding this IPv4 address, if any. */
  async holder(vm: Vm, ip: string): Promise<IpAddr | undefined> {
    return (await this.addresses(vm)).find((l) => l.addr_info.some((a) => a.family === "inet" && a.local === ip));
  }

  async neighbours(vm: Vm): Promise<IpNeigh[]> {
    const r = await this.run(vm, "ip -j -4 neigh");
    return r.exitCode === 0 ? (JSON.parse(r.stdout || "[]") as IpNeigh[]) : [];
  }

  async namespaces(vm: Vm): Promise<string[]> {
    return (await this.run(vm, "ip netns list")).stdout.split("\n").map((l) => l.split(" ")[0]!).filter(Boolean);
  }

  /** `ip route get DST`: the way the kernel would send it, or undefined when it has none. */
  async routeTo(vm: Vm, dst: string): Promise<string | undefined> {
    const r = await this.run(vm, `ip route get ${dst}`);
    return r.exitCode === 0 ? r.stdout.trim().split("\n")[0]!.replace(/\s+uid \d+\s*$/, "").trim() : undefined;
  }

  async sysctl(vm: Vm, key: string): Promise<string> {
    return (await this.run(vm, `sysctl -n ${key}`)).stdout.trim();
  }

  /**
   * A stranger on a bridge for the length of `fn`: a namespace with one cable into `bridge`
   * and address `cidr`, removed afterwards whatever happens.
   */
  async withStranger<T>(host: Vm, bridge: string, cidr: string, fn: (stranger: Vm) => Promise<T>): Promise<T> {
    const ns = PROBE_NETNS;
    await this.run(host, removeProbeScript());
    const made = await this.run(host, [
      `ip netns add ${ns}`,
      `ip link add vbp0 netns ${ns} type veth peer name vbp1`,
      `ip link set vbp1 master ${bridge}`,
      `ip link set vbp1 up`,
      `ip -n ${ns} addr add ${cidr} dev vbp0`,
      `ip -n ${ns} link set vbp0 up`,
    ].join(" && "));
    try {
      if (made.exitCode !== 0) throw new NotYet(`the check could not plug a test host into ${bridge}: ${made.stderr.trim() || made.stdout.trim()}`);
      return await fn(host.netns(ns));
    } finally {
      await this.run(host, removeProbeScript());
    }
  }
}

/** Remove the probe namespace a check may have left (its cable goes with it). */
export function removeProbeScript(): string {
  return `ip netns del ${PROBE_NETNS} 2>/dev/null; ip link del vbp1 2>/dev/null; true`;
}

/** "RED" for a namespace handle, "vm1" for a machine. */
export function where(vm: Vm): string {
  return vm.namespace ?? vm.name;
}

/** The rule or policy that had the last word on these packets in filter FORWARD's path:
 *  an ACCEPT/DROP rule that counted, else the FORWARD policy. */
export function decidedBy(deltas: CounterDelta[]): CounterDelta | undefined {
  const filter = deltas.filter((d) => d.table === "filter" && d.family === "ipv4" && d.namespace === "");
  return filter.find((d) => d.num !== undefined && (d.target === "ACCEPT" || d.target === "DROP" || d.target === "REJECT")) ?? filter.find((d) => d.num === undefined && d.chain === "FORWARD");
}

/** "filter DOCKER-USER `-j ACCEPT`" / "filter FORWARD policy DROP". */
export function describeCounter(d: CounterDelta): string {
  return d.num === undefined ? `${d.table} ${d.chain} policy ${d.target ?? ""}`.trim() : `${d.table} ${d.chain} rule ${d.num} \`${d.spec}\``;
}
