// A command and what it printed, as a terminal block: prompt, output, exit code. This file is
// the one definition of the block a notebook cell publishes: its MIME type, the JSON shape
// stored under it, and the prompt; kernel-helpers write it, the exported notes read it back.
// ANSI colours (ip -c, grep --color) become HTML through ansi-to-html, escaped.
import { ansiToHtml, escapeHtml as esc, stripAnsi } from "./html-text.js";
import { htmlRoot } from "./_html-style.js";

/** The MIME type of a terminal block's structured twin in a notebook's display_data. */
export const TERMINAL_MIME = "application/vnd.vethbook.terminal+json";

export interface TerminalBlock {
  hostname: string;
  /** The named namespace the command ran in (`vm.netns("RED")`). */
  netns?: string;
  /** The Docker container it ran in (`vm.container("red")`). */
  container?: string;
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  durationMs?: number;
  signal?: string | null;
  timedOut?: boolean;
  /** Ended by an interrupt (Jupyter's Interrupt button, Ctrl-C). */
  interrupted?: boolean;
  /** Still running: a live block, updated as output arrives. */
  running?: boolean;
  /** Default "root". */
  user?: string;
}

/** What is stored under TERMINAL_MIME: the block itself, with a version. */
export type TerminalJson = TerminalBlock & { v: 1 };

export function toTerminalJson(block: TerminalBlock): TerminalJson {
  const json: TerminalJson = { v: 1, hostname: block.hostname, command: block.command, stdout: block.stdout, stderr: block.stderr, exitCode: block.exitCode };
  if (block.netns) json.netns = block.netns;
  if (block.container) json.container = block.container;
  if (block.durationMs !== undefined) json.durationMs = Math.round(block.durationMs);
  if (block.signal) json.signal = block.signal;
  if (block.timedOut) json.timedOut = true;
  if (block.interrupted) json.interrupted = true;
  if (block.running) json.running = true;
  if (block.user && block.user !== "root") json.user = block.user;
  return json;
}

/** A stored terminal block read back, or undefined when `value` is not one (e.g. another
 *  version): the reader then falls back to the bundle's text/html. */
export function readTerminalJson(value: unknown): TerminalBlock | undefined {
  if (!value || typeof value !== "object") return undefined;
  const t = value as Record<string, unknown>;
  const str = (k: string) => (typeof t[k] === "string" ? (t[k] as string) : undefined);
  if (t.v !== 1 || str("hostname") === undefined || str("command") === undefined) return undefined;
  if (t.exitCode !== null && typeof t.exitCode !== "number") return undefined;
  return {
    hostname: str("hostname")!,
    netns: str("netns"),
    container: str("container"),
    command: str("command")!,
    stdout: str("stdout") ?? "",
    stderr: str("stderr") ?? "",
    exitCode: t.exitCode as number | null,
    durationMs: typeof t.durationMs === "number" ? t.durationMs : undefined,
    signal: str("signal") ?? null,
    timedOut: t.timedOut === true,
    interrupted: t.interrupted === true,
    running: t.running === true,
    user: str("user"),
  };
}

export interface TerminalOptions {
  /** Show "0.12 s" under the output (default true). Off for byte-stable snapshots across runs. */
  duration?: boolean;
  /** Text only: keep the output's ANSI colours (default true) or strip them. */
  color?: boolean;
}

/**
 * The prompt line. In a namespace, a one-line command is shown as what ran, in the form a
 * learner would type it (`ip netns exec RED ping ...`); a script gets a `(netns RED)` marker.
 */
export function promptParts(b: TerminalBlock): { prefix: string; user: string; command: string } {
  const user = `${b.user ?? "root"}@${b.hostname}:~#`;
  const cmd = b.command.replace(/\n+$/, "");
  if (b.container) {
    if (!cmd.includes("\n")) return { prefix: "", user, command: `docker exec ${b.container} ${cmd}` };
    return { prefix: `(container ${b.container}) `, user, command: cmd };
  }
  if (!b.netns) return { prefix: "", user, command: cmd };
  if (!cmd.includes("\n")) return { prefix: "", user, command: `ip netns exec ${b.netns} ${cmd}` };
  return { prefix: `(netns ${b.netns}) `, user, command: cmd };
}

function status(b: TerminalBlock): string | undefined {
  if (b.running) return "running…";
  if (b.interrupted) return "interrupted";
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
  // Running and interrupted are states, not failures: their badges say so in other colours.
  const kind = block.running ? "run" : block.interrupted ? "stop" : "bad";
  const state = bad === undefined ? "" : kind === "bad" ? `failed (${bad}): ` : `${bad}: `;
  const body = `<div class="vb-term" role="group" aria-label="${esc(`${state}command on ${block.hostname}${block.netns ? ` in namespace ${block.netns}` : ""}${block.container ? ` in container ${block.container}` : ""}`)}">`
    + `<div class="vb-prompt vb-mono">${p.prefix ? `<span class="vb-ns">${esc(p.prefix)}</span>` : ""}<span class="vb-user">${esc(p.user)}</span> ${esc(p.command)}`
    + `${bad ? `<span class="vb-badge vb-badge-${kind}">${esc(bad)}</span>` : ""}</div>`
    + (out ? `<pre class="vb-stdout">${ansiToHtml(out)}</pre>` : "")
    + (err ? `<pre class="vb-stderr" aria-label="standard error">${ansiToHtml(err)}</pre>` : "")
    + (foot ? `<div class="vb-foot">${esc(foot)}</div>` : "")
    + `</div>`;
  return htmlRoot("terminal", body);
}

/**
 * The block as the exported notes draw it: one <pre> with the prompt, the command and its
 * output (stdout then stderr), and an exit badge, styled by the notes' own stylesheet so a
 * cell's commands read as one terminal session.
 */
export function renderTerminalNotesHtml(block: TerminalBlock): string {
  const p = promptParts(block);
  const output = (block.stdout + block.stderr).replace(/\n?$/, "\n");
  const bad = status(block);
  const badge = [bad ?? "", block.durationMs === undefined ? "" : noteDuration(block.durationMs)].filter(Boolean).join(" · ");
  const exit = block.exitCode ?? (bad ? -1 : undefined);
  return (
    `<div class="vb-term"${exit === undefined ? "" : ` data-exit="${exit}"`}><pre><span class="vb-prompt">${esc(p.prefix + p.user)}</span> ` +
    `<span class="vb-command">${esc(p.command)}</span>\n${output === "\n" ? "" : ansiToHtml(output)}</pre>` +
    (badge ? `<div class="vb-exit">${esc(badge)}</div>` : "") +
    `</div>`
  );
}

function noteDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
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
