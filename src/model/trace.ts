// "Follow one packet", live: mark the action's traffic with -j TRACE rules in the raw table,
// listen with `xtables-monitor --trace` on the machine (or the namespace) the Vm points at,
// run the action, and turn what the monitor printed into the walk of every packet. The rules
// are scoped to the traffic (the caller's match, or one read from each command the action
// starts), and exactly they are removed afterwards: when the action succeeds, throws, times
// out or is interrupted.
import { randomBytes } from "node:crypto";
import { addCommandGate } from "../command/gates.js";
import type { Target } from "../command/target.js";
import type { Vm } from "../command/vm.js";
import { parseBridgeFdb } from "../inspect/bridge-fdb.js";
import { parseIptablesSave } from "../inspect/iptables-save.js";
import { parseXtablesMonitorTrace } from "../inspect/trace-xtables-monitor.js";
import type { FdbEntry, Ruleset } from "../inspect/types.js";
import {
  deriveMatch, dnatEndpoints, normaliseMatch, traceRules, withEndpoints,
  type NormalMatch, type TraceMatch, type TraceRule,
} from "./_trace-match.js";
import { buildWalk, type PacketWalk } from "./walk.js";

export { TraceMatchError, type TraceMatch, type TraceRule, type TraceProtocol } from "./_trace-match.js";

/** The trace's own commands run whatever happens to the cell: cleaning up must work during an interrupt. */
const ALWAYS = new AbortController().signal;
const MARK = "@@VBTRACE";

export interface TraceOptions {
  /** The traffic to mark (default: read from each command the action starts: ping, curl, wget, nc). */
  match?: TraceMatch;
  /** Give up on the action after this long (ms; default 60 s): the rules go all the same. */
  timeoutMs?: number;
  /** Keep neighbour discovery (NDP, MLD) packets in the walk. */
  neighbourDiscovery?: boolean;
}

/** Where the time went: what the trace added to the action is setupMs + teardownMs. */
export interface TraceTiming {
  setupMs: number;
  actionMs: number;
  teardownMs: number;
}

/** The walk of every packet the action sent, with what the action returned. */
export interface TracedWalk<T = unknown> extends PacketWalk {
  result: T;
  /** Where it was traced: "vm1", "vm1 (netns RED)". */
  tracedOn: string;
  /** The TRACE rules it added (and removed). */
  rules: TraceRule[];
  /** What `xtables-monitor --trace` printed. */
  output: string;
  timing: TraceTiming;
}

export class TraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraceError";
  }
}

export class TraceTimeoutError extends TraceError {
  constructor(readonly timeoutMs: number, where: string) {
    super(`the traced action on ${where} did not finish within ${timeoutMs} ms; its TRACE rules were removed (raise it with { timeoutMs })`);
    this.name = "TraceTimeoutError";
  }
}

let counter = 0;

function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(new RegExp(`^${MARK} `, "m"));
  for (const part of parts.slice(1)) {
    const nl = part.indexOf("\n");
    out.set(nl < 0 ? part.trim() : part.slice(0, nl).trim(), nl < 0 ? "" : part.slice(nl + 1));
  }
  return out;
}

function ruleset(text: string | undefined, family: "ipv4" | "ipv6"): Ruleset | undefined {
  if (!text?.trim()) return undefined;
  try {
    return parseIptablesSave(text, family);
  } catch {
    return undefined;
  }
}

/** `cmd <<'EOF' rest` with body as its stdin: `rest` (|| ..., 2>...) stays on the command's line. */
const heredoc = (cmd: string, body: string, rest = "") => `${cmd} <<'VBTRACE_EOF' ${rest}\n${body}\nVBTRACE_EOF`;

/** Trace the packets of `action` through netfilter on `vm` (its namespace, if it points into one). */
export async function trace<T>(vm: Vm, action: () => PromiseLike<T> | T, options: TraceOptions = {}): Promise<TracedWalk<T>> {
  const target: Target = vm.target;
  const netns = vm.namespace;
  const where = `${target.name}${netns ? ` (netns ${netns})` : ""}`;
  const token = `vethbook-trace-${process.pid}-${++counter}-${randomBytes(3).toString("hex")}`;
  const dir = `/run/vethbook/trace/${token}`;
  const run = async (script: string, timeoutMs = 15_000) => {
    const r = await target.run(script, { netns, timeoutMs, signal: ALWAYS });
    return r;
  };
  const t0 = performance.now();

  // 1. The monitor, listening before any rule exists; the nat rules, to follow DNAT.
  const start = await run([
    `d=${dir}; mkdir -p $d || exit 1`,
    `command -v xtables-monitor >/dev/null || { echo "xtables-monitor is not installed (Debian: apt-get install iptables)" >&2; exit 3; }`,
    `case "$(iptables -V 2>&1)" in *legacy*) echo "iptables here is iptables-legacy: its TRACE goes to the kernel log, which this live trace does not read yet" >&2; exit 4;; esac`,
    `( setsid stdbuf -oL xtables-monitor --trace --event >$d/out 2>$d/err </dev/null & echo $! >$d/pid )`,
    `pid=$(cat $d/pid)`,
    `for i in $(seq 400); do ls -l /proc/$pid/fd 2>/dev/null | grep -q 'socket:' && break; kill -0 $pid 2>/dev/null || break; sleep 0.005; done`,
    `kill -0 $pid 2>/dev/null || { echo "xtables-monitor --trace ended at once:" >&2; cat $d/err >&2; rm -rf $d; exit 5; }`,
    `echo "${MARK} tables"; nft list tables 2>/dev/null`,
    `echo "${MARK} nat4"; iptables-save -t nat 2>/dev/null`,
    `echo "${MARK} nat6"; ip6tables-save -t nat 2>/dev/null`,
    `true`,
  ].join("\n"));
  if (start.exitCode !== 0) throw new TraceError(`could not start the trace on ${where}: ${start.stderr.trim() || start.stdout.trim() || `exit ${start.exitCode}`}`);
  const s = sections(start.stdout);
  const tablesBefore = s.get("tables") ?? "";
  const natRulesets = [ruleset(s.get("nat4"), "ipv4"), ruleset(s.get("nat6"), "ipv6")].filter((r): r is Ruleset => !!r);

  const installed: TraceRule[] = [];
  const keys = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  const install = (match: NormalMatch): Promise<void> => {
    chain = chain.then(async () => {
      const wide = withEndpoints(match, dnatEndpoints(match, natRulesets));
      const fresh = traceRules(wide, token).filter((r) => !keys.has(`${r.family} ${r.chain} ${r.spec}`));
      if (!fresh.length) return;
      for (const r of fresh) {
        keys.add(`${r.family} ${r.chain} ${r.spec}`);
        installed.push(r);
      }
      const script = (["ipv4", "ipv6"] as const).flatMap((family) => {
        const mine = fresh.filter((r) => r.family === family);
        if (!mine.length) return [];
        const body = ["*raw", ...mine.map((r) => `-I ${r.chain} 1 ${r.spec}`), "COMMIT"].join("\n");
        return [heredoc(`${family === "ipv6" ? "ip6" : "ip"}tables-restore -w -n`, body, "|| exit 6")];
      });
      // The monitor prints each new rule as an EVENT: once all of them show, it is listening.
      const r = await run([
        ...script,
        `want=${installed.length}; for i in $(seq 100); do [ "$(grep -c -- 'EVENT: -[46] -t raw -A .*${token}' ${dir}/out)" -ge $want ] && exit 0; sleep 0.01; done; exit 7`,
      ].join("\n"));
      if (r.exitCode === 6) throw new TraceError(`could not add the TRACE rules on ${where}: ${r.stderr.trim()}`);
      if (r.exitCode === 7) warnings.push("xtables-monitor did not confirm every TRACE rule it was given: the first packets may be missing");
    });
    return chain;
  };
  const warnings: string[] = [];

  let result: T | undefined;
  let cleaned = false;
  let setupMs = 0;
  let actionMs = 0;
  let teardownMs = 0;
  let report: { out: string; save4?: string; save6?: string; fdb?: string; addrs?: string } | undefined;
  const cleanup = async (collect: boolean): Promise<void> => {
    const deletes = (["ipv4", "ipv6"] as const).flatMap((family) => {
      const mine = installed.filter((r) => r.family === family);
      if (!mine.length) return [];
      const cmd = family === "ipv6" ? "ip6tables" : "iptables";
      const body = ["*raw", ...mine.map((r) => `-D ${r.chain} ${r.spec}`), "COMMIT"].join("\n");
      const one = mine.map((r) => `${cmd} -w -t raw -D ${r.chain} ${r.spec} 2>/dev/null`).join("; ");
      const nftFamily = family === "ipv6" ? "ip6" : "ip";
      // A raw table this trace made (iptables-nft creates it with the first rule) goes with its rules.
      const made = !new RegExp(`^table ${nftFamily} raw$`, "m").test(tablesBefore)
        ? `[ "$(${cmd}-save -t raw 2>/dev/null | grep -c '^-A')" = 0 ] && nft list table ${nftFamily} raw >/dev/null 2>&1 && nft delete table ${nftFamily} raw 2>/dev/null`
        : "";
      return [heredoc(`${cmd}-restore -w -n`, body, `2>/dev/null || { ${one}; }`), made].filter(Boolean);
    });
    const script = [
      `d=${dir}; pid=$(cat $d/pid 2>/dev/null)`,
      ...(collect
        ? [
            // Until the monitor's output stops growing: the last events are in.
            `last=-1; for i in $(seq 50); do n=$(stat -c %s $d/out 2>/dev/null || echo 0); [ "$n" = "$last" ] && break; last=$n; sleep 0.015; done`,
          ]
        : []),
      `if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null)" = xtables-monitor ]; then kill -TERM $pid; for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done; kill -KILL $pid 2>/dev/null; fi`,
      ...(collect
        ? [
            `echo "${MARK} out"; cat $d/out 2>/dev/null`,
            `echo "${MARK} save4"; iptables-save 2>/dev/null`,
            `echo "${MARK} save6"; ip6tables-save 2>/dev/null`,
            `echo "${MARK} fdb"; bridge -j fdb show 2>/dev/null || echo '[]'`,
            `echo "${MARK} addrs"; ip -o addr show 2>/dev/null | awk '{print $4}'`,
          ]
        : []),
      ...deletes,
      `rm -rf $d`,
      `echo "${MARK} left"; { iptables-save -t raw; ip6tables-save -t raw; } 2>/dev/null | grep -c -- ${token}`,
      `true`,
    ].join("\n");
    const r = await run(script, 30_000);
    const out = sections(r.stdout);
    const left = Number((out.get("left") ?? "").trim() || "0");
    if (r.exitCode !== 0 || left > 0 || !out.has("left")) {
      throw new TraceError(`the trace on ${where} could not remove its TRACE rules (${left} left, tagged "${token}"): remove them with \`iptables -t raw -S | grep ${token}\`${r.stderr.trim() ? `; it said: ${r.stderr.trim()}` : ""}`);
    }
    cleaned = true;
    if (collect) report = { out: out.get("out") ?? "", save4: out.get("save4"), save6: out.get("save6"), fdb: out.get("fdb"), addrs: out.get("addrs") };
  };

  let ungate: (() => void) | undefined;
  try {
    if (options.match) await install(normaliseMatch(options.match));
    else {
      ungate = addCommandGate(async (cmd) => {
        const m = deriveMatch(cmd.command);
        if (m) await install(normaliseMatch(m));
      });
    }
    setupMs = performance.now() - t0;
    const a0 = performance.now();
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      result = await Promise.race([
        Promise.resolve().then(action),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new TraceTimeoutError(timeoutMs, where)), timeoutMs); }),
      ]);
    } finally {
      clearTimeout(timer);
      ungate?.();
      ungate = undefined;
      actionMs = performance.now() - a0;
      await chain.catch(() => {});
    }
  } finally {
    ungate?.();
    const c0 = performance.now();
    if (!cleaned) {
      // Collect what the monitor saw only when the action got through; clean up in any case.
      try {
        await cleanup(true);
      } catch (e) {
        if (!cleaned) await cleanup(false).catch(() => {});
        if (!cleaned) throw e;
      }
    }
    teardownMs = performance.now() - c0;
  }
  const t = report!;
  const rulesets = [ruleset(t.save4, "ipv4"), ruleset(t.save6, "ipv6")].filter((r): r is Ruleset => !!r);
  let fdb: FdbEntry[] = [];
  try {
    fdb = parseBridgeFdb(t.fdb?.trim() || "[]");
  } catch {
    warnings.push("could not read the bridge fdb: bridge ports are not named");
  }
  const localAddresses = (t.addrs ?? "").split("\n").map((a) => a.trim().replace(/\/\d+$/, "")).filter(Boolean);
  const walk = buildWalk(parseXtablesMonitorTrace(t.out), { rulesets, fdb, localAddresses, neighbourDiscovery: options.neighbourDiscovery });
  if (!installed.length) warnings.push("no command of the action said where its traffic goes (ping, curl, wget or nc with an address): give { match: { protocol, host, port } }");
  return {
    ...walk,
    warnings: [...walk.warnings, ...warnings],
    result: result as T,
    tracedOn: where,
    rules: installed,
    output: t.out,
    timing: { setupMs, actionMs, teardownMs },
  };
}
