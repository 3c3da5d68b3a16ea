// Every command a cell runs appears as a terminal block, unless it was asked to be quiet.
import { onCommand } from "../src/command/observers.js";
import type { CommandResult } from "../src/command/result.js";
import { publishDisplay } from "../src/notebook/display.js";
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
    command: result.command,
    stdout: result.stdout,
    stderr: result.stderr,
    exitCode: result.timedOut ? null : result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
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

onCommand(({ result, quiet }) => {
  if (quiet || quietAll) return;
  publishDisplay(terminalBundle(terminalBlock(result)));
});
