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
/** Where each running trace keeps its files on the target: root's runtime folder, gone at reboot. */
const TRACE_DIR = "/run/vethbook/trace";

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
  const token = `vethbook-trace-${randomBytes(4).toString("hex")}`;
  const dir = `${TRACE_DIR}/${token}`;
  // side: beside whatever the action runs on the VM's main shell (a command gated on its rules,
  // an action that timed out and still runs), so rules go in and out without waiting for it.
  const run = (script: string, timeoutMs = 15_000, side = false) => target.run(script, { netns, timeoutMs, signal: ALWAYS, side });
  const t0 = performance.now();

  // 1. The monitor, listening before any rule exists; the rulesets, for DNAT and the raw table.
  const start = await run([
    `d=${dir}; mkdir -p $d || exit 1`,
    `command -v xtables-monitor >/dev/null || { echo "xtables-monitor is not installed (Debian: apt-get install iptables)" >&2; exit 3; }`,
    // Read while the monitor starts: the nat rules (to follow DNAT), and which tables exist.
    `{ iptables-save >$d/save4 2>/dev/null & ip6tables-save >$d/save6 2>/dev/null & } 2>/dev/null`,
    `( setsid stdbuf -oL xtables-monitor --trace --event >$d/out 2>$d/err </dev/null & echo $! >$d/pid )`,
    `read -r pid <$d/pid`,
    `wait`,
    // iptables-save's header names the backend: iptables-legacy traces to the kernel log instead.
    `case "$(<$d/save4)" in *"(legacy)"*) kill $pid; rm -rf $d; echo "iptables here is iptables-legacy: its TRACE goes to the kernel log, which this live trace does not read yet" >&2; exit 4;; esac`,
    // $(<file): read by the shell itself, no process per file.
    `echo "${MARK} save4"; printf '%s\n' "$(<$d/save4)"`,
    `echo "${MARK} save6"; printf '%s\n' "$(<$d/save6)"`,
    // The traces running now, each with its folder (a glob: no process).
    `echo "${MARK} live"; printf '%s\n' ${TRACE_DIR}/*`,
    `true`,
  ].join("\n"));
  if (start.exitCode !== 0) throw new TraceError(`could not start the trace on ${where}: ${start.stderr.trim() || start.stdout.trim() || `exit ${start.exitCode}`}`);
  const s = sections(start.stdout);
  const rulesetsBefore = [ruleset(s.get("save4"), "ipv4"), ruleset(s.get("save6"), "ipv6")].filter((r): r is Ruleset => !!r);
  /** iptables-save lists only the tables there are: a raw table missing now is one the trace makes. */
  const rawBefore = new Set(rulesetsBefore.filter((r) => r.tables.some((t) => t.name === "raw")).map((r) => r.family));
  const isTraceRule = (comment: string | undefined) => /^vethbook-trace-[0-9a-f]{8}$/.test(comment ?? "");

  const installed: TraceRule[] = [];
  const keys = new Set<string>();
  // TRACE rules of a trace that was killed before it could remove them (its folder is gone):
  // they would mark packets of every later trace, so the first install takes them away.
  const live = new Set((s.get("live") ?? "").split("\n").map((l) => l.trim().split("/").pop()!));
  let stale = rulesetsBefore.flatMap((rs) => (rs.tables.find((t) => t.name === "raw")?.chains ?? []).flatMap((c) =>
    c.rules.filter((r) => r.target === "TRACE" && isTraceRule(r.comment) && !live.has(r.comment!))
      .map((r) => `${rs.family === "ipv6" ? "ip6" : "ip"}tables -w -t raw -D ${c.name} ${r.spec}`)));
  // A raw table that holds nothing but such rules was made by that trace: it goes too.
  for (const rs of rulesetsBefore) {
    const raw = rs.tables.find((t) => t.name === "raw");
    const rules = raw?.chains.flatMap((c) => c.rules) ?? [];
    if (rules.length && rules.every((r) => isTraceRule(r.comment) && !live.has(r.comment!))) rawBefore.delete(rs.family);
  }
  let chain: Promise<void> = Promise.resolve();
  const install = (match: NormalMatch): Promise<void> => {
    chain = chain.then(async () => {
      const wide = withEndpoints(match, dnatEndpoints(match, rulesetsBefore));
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
      const removeStale = stale.map((cmd) => `${cmd} 2>/dev/null`);
      if (stale.length) warnings.push(`removed ${stale.length} TRACE rule${stale.length === 1 ? "" : "s"} an earlier trace left behind (it was killed before it could)`);
      stale = [];
      // The monitor prints each new rule as an EVENT: once all of them show, it is listening.
      const r = await run([
        // The monitor started while the caller went on: listening once it has a netlink socket
        // (test -S follows /proc's fd links: no process per look).
        `read -r pid <${dir}/pid`,
        `for ((i = 0; i < 400; i++)); do for f in /proc/$pid/fd/*; do [ -S "$f" ] && break 2; done; kill -0 $pid 2>/dev/null || break; sleep 0.005; done`,
        `kill -0 $pid 2>/dev/null || { echo "xtables-monitor --trace ended at once: $(<${dir}/err)" >&2; exit 5; }`,
        ...removeStale,
        ...script,
        `want=${installed.length}; for ((i = 0; i < 200; i++)); do [ "$(grep -c -- 'EVENT: -[46] -t raw -A .*${token}' ${dir}/out)" -ge $want ] && exit 0; sleep 0.005; done; exit 7`,
      ].join("\n"), 15_000, true);
      if (r.exitCode === 5) throw new TraceError(`could not start the trace on ${where}: ${r.stderr.trim()}`);
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
  const cleanup = async (collect: boolean, side = false): Promise<void> => {
    const deletes = (["ipv4", "ipv6"] as const).flatMap((family) => {
      const mine = installed.filter((r) => r.family === family);
      if (!mine.length) return [];
      const cmd = family === "ipv6" ? "ip6tables" : "iptables";
      const body = ["*raw", ...mine.map((r) => `-D ${r.chain} ${r.spec}`), "COMMIT"].join("\n");
      const one = mine.map((r) => `${cmd} -w -t raw -D ${r.chain} ${r.spec} 2>/dev/null`).join("; ");
      return [heredoc(`${cmd}-restore -w -n`, body, `2>/dev/null || { ${one}; }`)];
    });
    // A raw table this trace made (iptables-nft makes it with the first rule) goes with its rules.
    const dropTable = (["ipv4", "ipv6"] as const).flatMap((family) => {
      const nftFamily = family === "ipv6" ? "ip6" : "ip";
      if (!installed.some((r) => r.family === family) || rawBefore.has(family)) return [];
      const v = family === "ipv6" ? "s6" : "s4";
      return [`raw=\${${v}#*$'\n'\*raw$'\n'}; if [ "$raw" != "$${v}" ]; then raw=\${raw%%COMMIT*}; case "$raw" in *"-A "*) ;; *) nft delete table ${nftFamily} raw 2>/dev/null;; esac; fi`];
    });
    const script = [
      `d=${dir}; pid=; [ -r $d/pid ] && read -r pid <$d/pid`,
      ...(collect ? [`{ bridge -j fdb show >$d/fdb 2>/dev/null & ip -o addr show >$d/addrs 2>/dev/null & } 2>/dev/null`] : []),
      ...deletes,
      // The monitor prints each deleted rule as an EVENT after every trace event before it:
      // once they all show, the last packet's events are in.
      ...(collect && installed.length ? [`for ((i = 0; i < 200; i++)); do [ "$(grep -c -- 'EVENT: -[46] -t raw -D .*${token}' $d/out)" -ge ${installed.length} ] && break; sleep 0.005; done`] : []),
      `comm=; [ -n "$pid" ] && read -r comm </proc/$pid/comm 2>/dev/null`,
      `if [ "$comm" = xtables-monitor ]; then kill -TERM $pid; for ((i = 0; i < 100; i++)); do st=; read -r _ _ st _ </proc/$pid/stat 2>/dev/null; [ -z "$st" ] || [ "$st" = Z ] && break; sleep 0.005; done; kill -KILL $pid 2>/dev/null; fi`,
      // Each family's ruleset, after the rules went (it names the walk's rules; it shows none is left).
      `s4=; s6=`,
      ...(installed.some((r) => r.family === "ipv4") ? [`s4=$(iptables-save 2>/dev/null)`] : []),
      ...(installed.some((r) => r.family === "ipv6") ? [`s6=$(ip6tables-save 2>/dev/null)`] : []),
      ...dropTable,
      ...(collect
        ? [
            `wait`,
            `echo "${MARK} out"; [ -r $d/out ] && printf '%s\n' "$(<$d/out)"`,
            `echo "${MARK} save4"; printf '%s\n' "$s4"`,
            `echo "${MARK} save6"; printf '%s\n' "$s6"`,
            `echo "${MARK} fdb"; [ -r $d/fdb ] && printf '%s\n' "$(<$d/fdb)"`,
            `echo "${MARK} addrs"; [ -r $d/addrs ] && printf '%s\n' "$(<$d/addrs)"`,
          ]
        : []),
      `rm -rf $d`,
      `echo "${MARK} left"; case "$s4$s6" in *${token}*) echo 1;; *) echo 0;; esac`,
      `true`,
    ].join("\n");
    const r = await run(script, 30_000, side);
    const out = sections(r.stdout);
    const left = (out.get("left") ?? "").trim();
    if (r.exitCode !== 0 || left !== "0") {
      throw new TraceError(`the trace on ${where} could not remove its TRACE rules (tagged "${token}"): see them with \`iptables -t raw -S | grep ${token}\`${r.stderr.trim() ? `; it said: ${r.stderr.trim()}` : ""}`);
    }
    cleaned = true;
    if (collect) report = { out: out.get("out") ?? "", save4: out.get("save4"), save6: out.get("save6"), fdb: out.get("fdb"), addrs: out.get("addrs") };
  };

  let ungate: (() => void) | undefined;
  let timedOut = false;
  /** What the action threw: thrown again once the rules are gone, with the walk so far on it. */
  let failure: { error: unknown } | undefined;
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
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new TraceTimeoutError(timeoutMs, where));
          }, timeoutMs);
        }),
      ]);
    } catch (e) {
      if (timedOut) throw e;
      failure = { error: e };
    } finally {
      clearTimeout(timer);
      ungate?.();
      ungate = undefined;
      actionMs = performance.now() - a0;
      if (!timedOut) await chain.catch(() => {});
    }
  } finally {
    ungate?.();
    const c0 = performance.now();
    if (!cleaned) {
      // Collect what the monitor saw only when the action got through; clean up in any case
      // (beside the action when it timed out and may still be running).
      try {
        if (timedOut) await cleanup(false, true);
        else await cleanup(true);
      } catch (e) {
        if (!cleaned) await cleanup(false, true).catch(() => {});
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
  // `ip -o addr show`: "2: enp0s8    inet 192.168.50.10/24 brd ..." -> 192.168.50.10
  const localAddresses = [...(t.addrs ?? "").matchAll(/\binet6? ([0-9a-fA-F.:]+)\//g)].map((m) => m[1]!);
  const walk = buildWalk(parseXtablesMonitorTrace(t.out), { rulesets, fdb, localAddresses, neighbourDiscovery: options.neighbourDiscovery });
  if (!installed.length) warnings.push("no command of the action said where its traffic goes (ping, curl, wget or nc with an address): give { match: { protocol, host, port } }");
  const traced: TracedWalk<T> = {
    ...walk,
    warnings: [...walk.warnings, ...warnings],
    result: result as T,
    tracedOn: where,
    rules: installed,
    output: t.out,
    timing: { setupMs, actionMs, teardownMs },
  };
  if (failure) {
    // A ping that failed without .nothrow(), an interrupt: the walk of what was sent goes with the error.
    if (typeof failure.error === "object" && failure.error !== null) Object.defineProperty(failure.error, "walk", { value: traced, enumerable: false, configurable: true });
    throw failure.error;
  }
  return traced;
}

/** The walk of what a traced action sent before it threw (undefined for other errors). */
export function walkOf(error: unknown): TracedWalk | undefined {
  const w = typeof error === "object" && error !== null ? (error as { walk?: TracedWalk }).walk : undefined;
  return w && Array.isArray(w.packets) ? w : undefined;
}
