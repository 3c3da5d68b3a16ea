// Every command a cell runs appears as a terminal block, unless it was asked to be quiet.
import { onCommand } from "../src/command/observers.js";
import { publishDisplay } from "../src/notebook/display.js";
import { renderTerminalHtml, renderTerminalText } from "../src/render/index.js";

let quietAll = false;

/** Turn terminal blocks off (or on again) for every command, e.g. during setup. */
export function setQuiet(on: boolean): void {
  quietAll = on;
}

onCommand(({ result, quiet }) => {
  if (quiet || quietAll) return;
  const block = {
    hostname: result.hostname ?? result.target,
    netns: result.netns,
    command: result.command,
    stdout: result.stdout,
    stderr: result.stderr,
    exitCode: result.timedOut ? null : result.exitCode,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
  };
  publishDisplay({ "text/html": renderTerminalHtml(block), "text/plain": renderTerminalText(block) });
});
