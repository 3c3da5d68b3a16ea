// One result type, both what a command resolves with and what a failing one throws.
import { inspect } from "node:util";

export interface CommandResultInit {
  target: string;
  netns?: string;
  hostname?: string;
  command: string;
  exitCode: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut?: boolean;
  timeoutMs?: number;
}

export class CommandResult {
  readonly target: string;
  readonly netns?: string;
  readonly hostname?: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly timeoutMs?: number;

  constructor(init: CommandResultInit) {
    this.target = init.target;
    this.netns = init.netns;
    this.hostname = init.hostname;
    this.command = init.command;
    this.exitCode = init.exitCode;
    this.signal = init.signal ?? null;
    this.stdout = init.stdout;
    this.stderr = init.stderr;
    this.durationMs = init.durationMs;
    this.timedOut = init.timedOut ?? false;
    this.timeoutMs = init.timeoutMs;
  }

  get ok(): boolean {
    return this.exitCode === 0 && !this.timedOut;
  }

  /** Where it ran, as a person would say it: `vm1`, `vm1 netns RED`. */
  get where(): string {
    return this.netns ? `${this.target} netns ${this.netns}` : this.target;
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

  /** A cell that ends in a command shows this one line, not the whole object: the
   *  terminal block above it already shows the output. */
  [inspect.custom](): string {
    const status = this.timedOut ? `timed out after ${this.timeoutMs} ms` : `exit ${this.exitCode}`;
    return `CommandResult(${this.where}: ${status}, ${this.stdout.length} bytes out, ${Math.round(this.durationMs)} ms)`;
  }
}

function tail(text: string, max = 2000): string {
  const t = text.trimEnd();
  return t.length > max ? "…" + t.slice(-max) : t;
}

/** Thrown when a command fails; carries the whole result. */
export class CommandError extends Error {
  readonly result: CommandResult;

  constructor(result: CommandResult) {
    const why = result.timedOut
      ? `timed out after ${result.timeoutMs} ms (raise it with .timeout(ms) or --timeout)`
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited with code ${result.exitCode}`;
    const parts = [`\`${result.command}\` on ${result.where} ${why}`];
    if (result.stderr.trim()) parts.push(`stderr:\n${tail(result.stderr)}`);
    if (result.stdout.trim()) parts.push(`stdout:\n${tail(result.stdout)}`);
    super(parts.join("\n"));
    this.name = "CommandError";
    this.result = result;
  }

  get exitCode() { return this.result.exitCode; }
  get stdout() { return this.result.stdout; }
  get stderr() { return this.result.stderr; }
  get command() { return this.result.command; }
  get target() { return this.result.target; }
}
