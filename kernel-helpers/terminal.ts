// Every command a cell runs appears as a terminal block, unless it was asked to be quiet.
// A command that runs for more than a moment shows its output as it arrives: its block is
// published with a display id and updated in place (a ping prints a line a second); a
// background job (vm.bg: tcpdump, a server) is read every half second while it runs. The
// final state replaces the live one, so an executed notebook keeps the finished block.
import { inspect } from "node:util";
import { onCommand, onCommandLive, type BackgroundWatch, type CommandStart } from "../src/command/observers.js";
import type { CommandResult } from "../src/command/result.js";
import { currentDisplayHook, newDisplayId, publishDisplay, type WriteDisplayData } from "../src/notebook/display.js";
import { renderTerminalHtml, renderTerminalText, TERMINAL_MIME, toTerminalJson, type TerminalBlock } from "../src/render/terminal.js";

let quietAll = false;

/** Turn terminal blocks off (or on again) for every command, e.g. during setup. */
export function setQuiet(on: boolean): void {
  quietAll = on;
}

/** A finished command as the block a cell shows. */
export function terminalBlock(result: CommandResult): TerminalBlock {
  return {
    hostname: result.hostname ?? result.target,
    netns: result.netns,
    container: result.container,
    command: result.command,
    stdout: result.stdout,
    stderr: result.stderr,
    exitCode: result.timedOut ? null : result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    interrupted: result.interrupted,
  };
}

/** The MIME bundle of a terminal block: the structured twin the exported notes read, the
 *  HTML a notebook shows, and the text a terminal shows. */
export function terminalBundle(block: TerminalBlock): Record<string, unknown> {
  return {
    [TERMINAL_MIME]: toTerminalJson(block),
    "text/html": renderTerminalHtml(block),
    "text/plain": renderTerminalText(block),
  };
}

/** A command still running: go live after this long without an end. */
const LIVE_AFTER_MS = 300;
/** At most this often, an update of a live block. */
const UPDATE_EVERY_MS = 150;
/** A background job's output is read this often. */
const POLL_EVERY_MS = 500;

interface Running {
  start: CommandStart;
  hook: WriteDisplayData | null;
  startedAt: number;
  stdout: Buffer[];
  stderr: Buffer[];
  displayId?: string;
  pending?: NodeJS.Timeout;
  timer?: NodeJS.Timeout;
  ended?: boolean;
}

const running = new Map<number, Running>();

function liveBlock(r: Running, text?: { stdout: string; stderr: string }): TerminalBlock {
  return {
    hostname: r.start.hostname ?? r.start.target,
    netns: r.start.netns,
    container: r.start.container,
    command: r.start.command,
    stdout: text?.stdout ?? Buffer.concat(r.stdout).toString("utf8"),
    stderr: text?.stderr ?? Buffer.concat(r.stderr).toString("utf8"),
    exitCode: null,
    durationMs: performance.now() - r.startedAt,
    running: true,
  };
}

function goLive(r: Running, text?: { stdout: string; stderr: string }): void {
  if (r.ended) return;
  const first = r.displayId === undefined;
  r.displayId ??= newDisplayId();
  publishDisplay(terminalBundle(liveBlock(r, text)), { displayId: r.displayId, update: !first, via: r.hook });
}

function scheduleUpdate(r: Running): void {
  if (r.displayId === undefined || r.pending) return;
  r.pending = setTimeout(() => {
    r.pending = undefined;
    goLive(r);
  }, UPDATE_EVERY_MS);
  r.pending.unref?.();
}

function watchJob(r: Running, job: BackgroundWatch): void {
  const poll = async () => {
    if (r.ended) return;
    const seen = await job.peek().catch(() => undefined);
    if (!seen || r.ended) return;
    goLive(r, seen);
    if (!seen.ended) {
      r.timer = setTimeout(() => void poll(), POLL_EVERY_MS);
      r.timer.unref?.();
    }
  };
  // A job is live from the start: it runs on while the cell goes on.
  goLive(r, { stdout: "", stderr: "" });
  r.timer = setTimeout(() => void poll(), POLL_EVERY_MS);
  r.timer.unref?.();
}

onCommandLive({
  start(start) {
    if (start.quiet || quietAll) return;
    const hook = currentDisplayHook();
    // Live blocks need a notebook (a kernel or a run) to update; elsewhere the end prints once.
    if (!hook) return;
    const r: Running = { start, hook, startedAt: performance.now(), stdout: [], stderr: [] };
    running.set(start.id, r);
    if (start.background) return watchJob(r, start.background);
    r.timer = setTimeout(() => goLive(r), LIVE_AFTER_MS);
    r.timer.unref?.();
  },
  output({ id, stream, chunk }) {
    const r = running.get(id);
    if (!r) return;
    (stream === "stdout" ? r.stdout : r.stderr).push(Buffer.from(chunk));
    scheduleUpdate(r);
  },
});

/** Marks a value the cell has already shown in full; a cell ending in it prints nothing more
 *  (see _cell-line.ts). */
const SHOWN = Symbol.for("vethbook.shown");

onCommand(({ result, quiet, id }) => {
  const r = id === undefined ? undefined : running.get(id);
  if (r) {
    running.delete(id!);
    r.ended = true;
    clearTimeout(r.timer);
    clearTimeout(r.pending);
  }
  if (quiet || (quietAll && !r)) return;
  const bundle = terminalBundle(terminalBlock(result));
  // Its block says it all: ending a cell with it adds nothing more (no "CommandResult(...)").
  Object.defineProperty(result, inspect.custom, { value: () => "", enumerable: false, configurable: true });
  Object.defineProperty(result, SHOWN, { value: true, enumerable: false, configurable: true });
  // A live block becomes the finished one in place; a quick command's block just appears.
  if (r?.displayId) publishDisplay(bundle, { displayId: r.displayId, update: true, via: r.hook });
  else publishDisplay(bundle, r ? { via: r.hook } : {});
});
