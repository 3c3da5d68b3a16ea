// A command and what it printed, as a terminal block: prompt, output, exit code.
// ANSI colours (ip -c, grep --color) become HTML through ansi-to-html, escaped.
import Convert from "ansi-to-html";
import { esc } from "./_escape.js";
import { htmlRoot } from "./_html-style.js";

export interface TerminalBlock {
  hostname: string;
  /** The named namespace the command ran in (`vm.netns("RED")`). */
  netns?: string;
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  durationMs?: number;
  signal?: string | null;
  timedOut?: boolean;
  /** Default "root". */
  user?: string;
}

export interface TerminalOptions {
  /** Show "0.12 s" under the output (default true). Off for byte-stable snapshots across runs. */
  duration?: boolean;
  /** Text only: keep the output's ANSI colours (default true) or strip them. */
  color?: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Remove ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

const palette = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [i, `var(--vb-a${i})`]));

function ansiToHtml(text: string): string {
  // One converter per call: ansi-to-html keeps colour state between calls otherwise.
  const c = new Convert({ escapeXML: true, newline: false, stream: false, colors: palette, fg: "var(--vb-term-fg)", bg: "var(--vb-term-bg)" });
  return c.toHtml(text);
}

/**
 * The prompt line. In a namespace, a one-line command is shown as what ran, in the form a
 * learner would type it (`ip netns exec RED ping ...`); a script gets a `(netns RED)` marker.
 */
export function promptParts(b: TerminalBlock): { prefix: string; user: string; command: string } {
  const user = `${b.user ?? "root"}@${b.hostname}:~#`;
  const cmd = b.command.replace(/\n+$/, "");
  if (!b.netns) return { prefix: "", user, command: cmd };
  if (!cmd.includes("\n")) return { prefix: "", user, command: `ip netns exec ${b.netns} ${cmd}` };
  return { prefix: `(netns ${b.netns}) `, user, command: cmd };
}

function status(b: TerminalBlock): string | undefined {
  if (b.timedOut) return "timed out";
  if (b.exitCode === null) return b.signal ? `killed by ${b.signal}` : "no exit code";
  return b.exitCode !== 0 ? `exit ${b.exitCode}` : undefined;
}

const seconds = (ms: number): string => (ms < 1000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);

export function renderTerminalHtml(block: TerminalBlock, options: TerminalOptions = {}): string {
  const p = promptParts(block);
  const bad = status(block);
  const out = block.stdout.replace(/\n$/, "");
  const err = block.stderr.replace(/\n$/, "");
  const foot = [
    options.duration !== false && block.durationMs !== undefined ? seconds(block.durationMs) : "",
  ].filter(Boolean).join(" · ");
  const body = `<div class="vb-term" role="group" aria-label="${esc(`${bad ? `failed (${bad}): ` : ""}command on ${block.hostname}${block.netns ? ` in namespace ${block.netns}` : ""}`)}">`
    + `<div class="vb-prompt vb-mono">${p.prefix ? `<span class="vb-ns">${esc(p.prefix)}</span>` : ""}<span class="vb-user">${esc(p.user)}</span> ${esc(p.command)}`
    + `${bad ? `<span class="vb-badge vb-badge-bad">${esc(bad)}</span>` : ""}</div>`
    + (out ? `<pre class="vb-stdout">${ansiToHtml(out)}</pre>` : "")
    + (err ? `<pre class="vb-stderr" aria-label="standard error">${ansiToHtml(err)}</pre>` : "")
    + (foot ? `<div class="vb-foot">${esc(foot)}</div>` : "")
    + `</div>`;
  return htmlRoot("terminal", body);
}

export function renderTerminalText(block: TerminalBlock, options: TerminalOptions = {}): string {
  const p = promptParts(block);
  const keep = options.color !== false;
  const clean = (s: string) => (keep ? s : stripAnsi(s)).replace(/\n$/, "");
  const lines = [`${p.prefix}${p.user} ${p.command}`];
  if (block.stdout) lines.push(clean(block.stdout));
  if (block.stderr) lines.push(clean(block.stderr).split("\n").map((l) => `stderr| ${l}`).join("\n"));
  const bad = status(block);
  const foot = [bad ? `[${bad}]` : "", options.duration !== false && block.durationMs !== undefined ? `(${seconds(block.durationMs)})` : ""].filter(Boolean).join(" ");
  if (foot) lines.push(foot);
  return lines.join("\n") + "\n";
}
