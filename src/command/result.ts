// One result type, both what a command resolves with and what a failing one throws.
import { inspect } from "node:util";
import { formatFailure, readable } from "./failure.js";

export interface CommandResultInit {
  target: string;
  netns?: string;
  /** The Docker container it ran in (`vm.container("red")`). */
  container?: string;
  hostname?: string;
  command: string;
  exitCode: number | null;
  signal?: string | null;
  /** What the command wrote, as bytes or as text (text is kept as UTF-8 bytes). */
  stdout: Uint8Array | string;
  stderr: Uint8Array | string;
  durationMs: number;
  timedOut?: boolean;
  timeoutMs?: number;
  /** Ended by an interrupt (Jupyter's Interrupt button, Ctrl-C). */
  interrupted?: boolean;
}

const asBytes = (v: Uint8Array | string): Buffer => (typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));

export class CommandResult {
  readonly target: string;
  readonly netns?: string;
  readonly container?: string;
  readonly hostname?: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Exactly the bytes the command wrote to stdout (a capture, a binary file, an HTTP body). */
  readonly stdoutBytes: Buffer;
  /** Exactly the bytes the command wrote to stderr. */
  readonly stderrBytes: Buffer;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly timeoutMs?: number;
  readonly interrupted: boolean;
  private text_?: { stdout: string; stderr: string };

  constructor(init: CommandResultInit) {
    this.target = init.target;
    this.netns = init.netns;
    this.container = init.container;
    this.hostname = init.hostname;
    this.command = init.command;
    this.exitCode = init.exitCode;
    this.signal = init.signal ?? null;
    this.stdoutBytes = asBytes(init.stdout);
    this.stderrBytes = asBytes(init.stderr);
    this.durationMs = init.durationMs;
    this.timedOut = init.timedOut ?? false;
    this.timeoutMs = init.timeoutMs;
    this.interrupted = init.interrupted ?? false;
  }

  /** stdout decoded as UTF-8 (what a terminal would show). */
  get stdout(): string {
    return (this.text_ ??= this.decode()).stdout;
  }

  /** stderr decoded as UTF-8. */
  get stderr(): string {
    return (this.text_ ??= this.decode()).stderr;
  }

  private decode() {
    return { stdout: this.stdoutBytes.toString("utf8"), stderr: this.stderrBytes.toString("utf8") };
  }

  get ok(): boolean {
    return this.exitCode === 0 && !this.timedOut && !this.interrupted;
  }

  /** Where it ran, as a person would say it: `vm1`, `vm1 netns RED`, `vm1 container red`. */
  get where(): string {
    return this.target + (this.scope ? ` ${this.scope}` : "");
  }

  /** ` (netns RED)`, ` (container red)`, or nothing: the part of a message after the host. */
  get inside(): string {
    return this.scope ? ` (${this.scope})` : "";
  }

  private get scope(): string {
    return this.container ? `container ${this.container}` : this.netns ? `netns ${this.netns}` : "";
  }

  text(): string {
    return this.stdout.trimEnd();
  }

  lines(): string[] {
    const t = this.stdout.replace(/\n$/, "");
    return t === "" ? [] : t.split("\n");
  }

  json<T = unknown>(): T {
    try {
      return JSON.parse(this.stdout) as T;
    } catch (e) {
      throw new Error(`output of \`${this.command}\` on ${this.where} is not JSON: ${(e as Error).message}`);
    }
  }

  toString(): string {
    return this.stdout;
  }

  /** How it ended, in a few words: "exit 0", "timed out after 5000 ms", "interrupted after 3.2 s". */
  get status(): string {
    if (this.interrupted) return `interrupted after ${(this.durationMs / 1000).toFixed(1)} s`;
    if (this.timedOut) return `timed out after ${this.timeoutMs} ms`;
    if (this.signal) return `killed by ${this.signal}`;
    return `exit ${this.exitCode}`;
  }

  /** A cell that ends in a command shows this one line, not the whole object: the
   *  terminal block above it already shows the output. */
  [inspect.custom](): string {
    return `CommandResult(${this.where}: ${this.status}, ${this.stdoutBytes.length} bytes out, ${Math.round(this.durationMs)} ms)`;
  }
}

const SIGNALS: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM" };

/** The name of signal `n` (2 → "SIGINT"), for a shell's exit status 128 + n. */
export function signalName(n: number): string | null {
  return SIGNALS[n] ?? null;
}

function tail(text: string, max = 2000): string {
  const t = text.trimEnd();
  return t.length > max ? "…" + t.slice(-max) : t;
}

/** Thrown when the learner interrupted the cell a command ran in (even with .nothrow():
 *  an interrupt is not the command's failure, it is the cell being stopped). */
export class InterruptedError extends Error {
  declare readonly result: CommandResult;

  constructor(result: CommandResult, origin?: string, shown = false) {
    super(result.durationMs === 0 && !result.stdoutBytes.length
      ? `interrupted: \`${result.command}\` on ${result.hostname ?? result.where} did not run (the cell was interrupted)`
      : `interrupted: \`${result.command}\` on ${result.hostname ? result.hostname + result.inside : result.where} after ${(result.durationMs / 1000).toFixed(1)} s`);
    this.name = "InterruptedError";
    // Not enumerable: printing the error shows the message, not the whole result.
    Object.defineProperty(this, "result", { value: result, enumerable: false });
    // The terminal block above already shows what it printed, when it was shown.
    readable(this, () => formatFailure({ headline: this.message, output: shown ? "" : result.stdout + result.stderr, origin }));
  }
}

/** Thrown when a command fails; carries the whole result. */
export class CommandError extends Error {
  declare readonly result: CommandResult;

  constructor(result: CommandResult, origin?: string, shown = false) {
    const why = result.interrupted
      ? `was interrupted after ${(result.durationMs / 1000).toFixed(1)} s`
      : result.timedOut
        ? `timed out after ${result.timeoutMs} ms (raise it with .timeout(ms) or --timeout)`
        : result.signal
          ? `was killed by ${result.signal}`
          : `exited with code ${result.exitCode}`;
    const parts = [`\`${result.command}\` on ${result.where} ${why}`];
    if (result.stderr.trim()) parts.push(`stderr:\n${tail(result.stderr)}`);
    if (result.stdout.trim()) parts.push(`stdout:\n${tail(result.stdout)}`);
    super(parts.join("\n"));
    this.name = "CommandError";
    Object.defineProperty(this, "result", { value: result, enumerable: false });
    readable(this, () => formatFailure({
      headline: `✘ \`${result.command}\` on ${result.hostname ?? result.target}${result.inside} ${why}`,
      output: shown ? "" : result.stdout + result.stderr,
      origin,
    }));
  }

  get exitCode() { return this.result.exitCode; }
  get stdout() { return this.result.stdout; }
  get stderr() { return this.result.stderr; }
  get command() { return this.result.command; }
  get target() { return this.result.target; }
}
