// `show`: pictures and tables of the live state, as rich displays (an HTML or SVG view
// plus a text/plain twin that reads the same in a terminal and in the exported notes).
import { inspect } from "node:util";
import type { Vm } from "../src/command/vm.js";
import { collectSnapshot } from "../src/model/snapshot.js";
import { buildTopology } from "../src/model/topology.js";
import { diffSnapshots } from "../src/model/diff.js";
import { counterDeltas } from "../src/model/counters.js";
import { explainChain } from "../src/model/docker-chains.js";
import type { CounterDelta, NamespaceState, Snapshot, Topology } from "../src/model/types.js";
import { newDisplayId, publishDisplay } from "../src/notebook/display.js";
import { parseDuration } from "../src/command/duration.js";
import { ambientSignal } from "../src/command/interrupt.js";
import { InterruptedError } from "../src/command/result.js";
import { trace as traceWalk, walkOf, type TracedWalk, type TraceOptions } from "../src/model/trace.js";
import { describeFinal } from "../src/model/walk-query.js";
import {
  renderWalkSvg, renderWalkText, renderCountersHtml, renderCountersText, renderFdbHtml, renderFdbText, renderIptablesHtml, renderIptablesText,
  renderNeighboursHtml, renderNeighboursText, renderRoutesHtml, renderRoutesText, renderTopologySvg, renderTopologyText,
} from "../src/render/index.js";

const lastShown = new Map<string, Snapshot>();

/** Forget the pictures shown so far: the next picture of each VM is drawn plain, not as a
 *  diff. A notebook starts this way (lab.configure), so a chapter never diffs against
 *  another chapter's last picture. */
export function forgetPictures(): void {
  lastShown.clear();
}

/** Give a returned value a one-line summary for when it ends a cell (the picture or
 *  table above already shows it in full). */
function summarised<T extends object>(value: T, line: string): T {
  Object.defineProperty(value, inspect.custom, { value: () => line, enumerable: false });
  return value;
}

function namespaceOf(snapshot: Snapshot, vm: Vm): NamespaceState {
  const name = vm.namespace ?? "";
  const ns = snapshot.namespaces.find((n) => n.name === name);
  if (!ns) throw new Error(`${vm.name} has no network namespace named "${name}" (it has: ${snapshot.namespaces.map((n) => n.name || "(the VM itself)").join(", ")})`);
  return ns;
}

export interface TopologyOptions {
  /** Highlight what changed since the last picture of this VM (default true). */
  diff?: boolean;
}

/** Draw the VM's namespaces, interfaces, bridges and cables as they are now. */
export async function topology(vm: Vm, options: TopologyOptions = {}): Promise<Topology> {
  const snap = await collectSnapshot(vm.target);
  const topo = buildTopology(snap);
  const before = lastShown.get(vm.name);
  const changes = options.diff === false || !before ? undefined : diffSnapshots(before, snap);
  lastShown.set(vm.name, snap);
  publishDisplay({ "image/svg+xml": renderTopologySvg(topo, { changes }), "text/plain": renderTopologyText(topo) });
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const nodes = (k: string) => topo.nodes.filter((n) => n.kind === k).length;
  return summarised(topo, `Topology(${topo.hostname}: ${count(nodes("namespace"), "namespace")}, ${count(nodes("bridge"), "bridge")}, ${count(topo.edges.filter((e) => e.kind === "veth").length, "veth cable")})`);
}

export interface IptablesOptions {
  table?: string;
  chains?: string[];
  /** iptables (default) or ip6tables. */
  family?: "ipv4" | "ipv6";
}

const rulesetOf = (ns: NamespaceState, family: IptablesOptions["family"]) => (family === "ipv6" ? ns.ip6tables : ns.iptables);

/** The ruleset with counters, in the kernel's order (the `iptables -nvL` of the seeds). */
export async function iptables(vm: Vm, options: IptablesOptions = {}): Promise<void> {
  const snap = await collectSnapshot(vm.target);
  const rules = rulesetOf(namespaceOf(snap, vm), options.family);
  publishDisplay({
    "text/html": renderIptablesHtml(rules, { ...options, explain: (chain, table) => explainChain(table, chain) }),
    "text/plain": renderIptablesText(rules, options),
  });
}

export interface CounterReport<T> {
  /** Every rule and policy whose counters moved during the action. */
  deltas: CounterDelta[];
  /** What the action returned (e.g. the ping's result). */
  result: T;
}

/**
 * Snapshot the counters, run the action, snapshot again, and show exactly which rules
 * and policies counted its packets: the `watch -d iptables -nvL` of the seeds, precisely.
 */
export async function counters<T>(vm: Vm, action: () => PromiseLike<T> | T, options: IptablesOptions = {}): Promise<CounterReport<T>> {
  const before = await collectSnapshot(vm.target);
  const result = await action();
  const after = await collectSnapshot(vm.target);
  let deltas = counterDeltas(before, after);
  if (options.table) deltas = deltas.filter((d) => d.table === options.table);
  if (options.chains) deltas = deltas.filter((d) => options.chains!.includes(d.chain));
  const ns = vm.namespace ?? "";
  const family = options.family ?? "ipv4";
  const ruleset = rulesetOf(namespaceOf(after, vm), family);
  const own = deltas.filter((d) => d.namespace === ns && d.family === family);
  publishDisplay({
    "text/html": renderCountersHtml(rulesetOf(namespaceOf(before, vm), family), ruleset, own),
    "text/plain": renderCountersText(own),
  });
  return summarised({ deltas, result }, `CounterReport(${own.length} counter${own.length === 1 ? "" : "s"} moved)`);
}

export interface WatchOptions {
  /** Time between two looks: ms or "2s" (default 1 s, as `watch -n 1`). */
  every?: number | string;
  /** How long to watch: ms or "30s" (default 10 s); Interrupt stops it sooner. */
  for?: number | string;
  /** iptables (default) or ip6tables. */
  family?: "ipv4" | "ipv6";
}

export interface WatchReport {
  /** Every counter that moved while it watched, summed. */
  deltas: CounterDelta[];
  /** Looks taken, and whether an interrupt ended it. */
  looks: number;
  interrupted: boolean;
}

/**
 * The notebook's `watch -d iptables -nvL`: the ruleset's counters, looked at again every
 * `every`, drawn in place with the counters that moved since the last look highlighted.
 * It stops after `for`, or when the learner interrupts the cell (then the cell goes on
 * to fail with the interrupt, as any lab command would).
 */
export async function watch(vm: Vm, options: IptablesOptions = {}, timing: WatchOptions = {}): Promise<WatchReport> {
  const every = parseDuration(timing.every ?? 1000);
  const total = parseDuration(timing.for ?? 10_000);
  const rules = (snap: Snapshot) => (timing.family === "ipv6" ? namespaceOf(snap, vm).ip6tables : namespaceOf(snap, vm).iptables);
  const own = (d: CounterDelta[]) => d.filter((x) => x.namespace === (vm.namespace ?? "") && x.family === (timing.family ?? "ipv4") && (!options.table || x.table === options.table) && (!options.chains || options.chains.includes(x.chain)));
  const displayId = newDisplayId();
  const started = performance.now();
  const first = await collectSnapshot(vm.target);
  let last = first;
  let looks = 1;
  let interrupted = false;
  const draw = (snap: Snapshot, moved: CounterDelta[], note: string, update: boolean) => {
    const text = renderIptablesText(rules(snap), { ...options, deltas: moved });
    publishDisplay({
      "text/html": renderIptablesHtml(rules(snap), { ...options, deltas: moved, explain: (chain, table) => explainChain(table, chain) }) + `<p class="vb-watch-note">${note}</p>`,
      "text/plain": `${text}\n${note}\n`,
    }, { displayId, update });
  };
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  draw(first, [], `every ${every / 1000} s, for ${total / 1000} s: watching…`, false);
  const cell = ambientSignal();
  while (performance.now() - started + every <= total && !cell.aborted) {
    await pause(every, cell);
    try {
      const now = await collectSnapshot(vm.target);
      looks++;
      draw(now, own(counterDeltas(last, now)), `every ${every / 1000} s: ${seconds()} s of ${total / 1000} s`, true);
      last = now;
    } catch (e) {
      if (!(e instanceof InterruptedError)) throw e;
      interrupted = true;
      break;
    }
  }
  interrupted ||= cell.aborted;
  const deltas = own(counterDeltas(first, last));
  draw(last, deltas, `${interrupted ? "interrupted" : "watched"} for ${seconds()} s (${looks} looks); highlighted: what moved in all that time`, true);
  return summarised({ deltas, looks, interrupted }, `WatchReport(${looks} looks, ${deltas.length} counter${deltas.length === 1 ? "" : "s"} moved${interrupted ? ", interrupted" : ""})`);
}

/** Wait `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The neighbour (ARP) table of the VM or of the namespace `vm` points into. */
export async function neighbours(vm: Vm): Promise<void> {
  const ns = namespaceOf(await collectSnapshot(vm.target), vm);
  publishDisplay({ "text/html": renderNeighboursHtml(ns.neighbours), "text/plain": renderNeighboursText(ns.neighbours) });
}

/** The routing table of the VM or of the namespace `vm` points into. */
export async function routes(vm: Vm): Promise<void> {
  const ns = namespaceOf(await collectSnapshot(vm.target), vm);
  publishDisplay({ "text/html": renderRoutesHtml(ns.routes), "text/plain": renderRoutesText(ns.routes) });
}

/** A bridge's forwarding database: which MAC the bridge learned on which port. */
export async function fdb(vm: Vm, bridge?: string): Promise<void> {
  const ns = namespaceOf(await collectSnapshot(vm.target), vm);
  const entries = bridge ? ns.fdb.filter((e) => e.master === bridge || e.dev === bridge) : ns.fdb;
  publishDisplay({ "text/html": renderFdbHtml(entries), "text/plain": renderFdbText(entries) });
}

export interface ShowTraceOptions extends TraceOptions {
  /** The picture's heading. */
  title?: string;
  /** Which request (and reply) to draw beside each other (walk.packets index; default the first). */
  request?: number;
  reply?: number;
}

/**
 * Follow the action's packets through netfilter on `vm` (its namespace, if it points into
 * one) and draw the walk: the hooks with the path lit, each table:chain with its verdict,
 * NAT's before -> after, the request and its reply side by side; a text twin for terminals.
 * Returns the walk, for expect(walk).toHavePassed / toEndWith / toHaveRewritten; the
 * action's own result is walk.result.
 */
export async function trace<T>(vm: Vm, action: () => PromiseLike<T> | T, options: ShowTraceOptions = {}): Promise<TracedWalk<T>> {
  const picture = { title: options.title, request: options.request, reply: options.reply };
  const draw = (w: TracedWalk) => publishDisplay({ "image/svg+xml": renderWalkSvg(w, picture), "text/plain": renderWalkText(w, picture) });
  let walk: TracedWalk<T>;
  try {
    walk = await traceWalk(vm, action, options);
  } catch (e) {
    // The action failed (a ping without .nothrow()): draw what it sent, then fail the cell.
    const sent = walkOf(e);
    if (sent) draw(sent);
    throw e;
  }
  draw(walk);
  const first = walk.packets[0];
  return summarised(walk, `PacketWalk(${walk.tracedOn}: ${walk.packets.length} packet${walk.packets.length === 1 ? "" : "s"}${first ? `; the first ${describeFinal(first)}` : ""})`);
}

/** Show any HTML or SVG with a text fallback. */
export function html(markup: string, text = ""): void {
  publishDisplay({ "text/html": markup, "text/plain": text });
}
