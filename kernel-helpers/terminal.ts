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
  publishDisplay({
    // Structured twin for the exported notes, which join a cell's commands into one terminal.
    "application/vnd.vethbook.terminal+json": terminalJson(block),
    "text/html": renderTerminalHtml(block),
    "text/plain": renderTerminalText(block),
  });
});

/** The command as the exported notes draw it: what ran, as the prompt would show it. */
function terminalJson(b: { hostname: string; netns?: string; command: string; stdout: string; stderr: string; exitCode: number | null; durationMs: number }) {
  const oneLine = !b.command.includes("\n");
  const inNetns = b.netns && oneLine;
  return {
    host: b.hostname,
    prompt: b.netns && !oneLine ? `(netns ${b.netns}) root@${b.hostname}:~#` : `root@${b.hostname}:~#`,
    command: inNetns ? `ip netns exec ${b.netns} ${b.command}` : b.command,
    output: b.stdout + b.stderr,
    ...(b.exitCode === null ? {} : { exitCode: b.exitCode }),
    durationMs: Math.round(b.durationMs),
  };
}
