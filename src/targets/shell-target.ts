// The part every target shares: a persistent framed shell made by `spawn()`, commands
// with timeouts (killed by process group from a second shell), `ip netns exec` scoping,
// and one reconnect when the shell died between two commands.
import type { ResultPromise } from "execa";
import { argvToCommand, quote } from "../command/quote.js";
import { CommandResult } from "../command/result.js";
import { FramedShell, ShellClosedError } from "./framed-shell.js";
import { DEFAULT_TIMEOUT_MS, type RunOptions, type Target, type TargetKind } from "./types.js";

export abstract class ShellTarget implements Target {
  abstract readonly name: string;
  abstract readonly kind: TargetKind;
  private shell?: FramedShell;
  private control?: FramedShell;
  private cachedHostname?: string;

  /** Start the process that becomes the persistent bash. */
  protected abstract spawn(): ResultPromise;
  /** Turn a shell that died before it was ready into an error a person can act on
   *  (may wait, e.g. for the process's last stderr). */
  protected explainStartFailure(err: Error): Error | Promise<Error> {
    return err;
  }

  protected get label(): string {
    return `${this.name} (${this.kind})`;
  }

  private async open(): Promise<FramedShell> {
    const shell = new FramedShell(this.spawn(), this.label);
    try {
      await shell.ready;
    } catch (e) {
      throw await this.explainStartFailure(e as Error);
    }
    return shell;
  }

  private async ensureShell(): Promise<FramedShell> {
    if (!this.shell || this.shell.closed) this.shell = await this.open();
    return this.shell;
  }

  async run(command: string | readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const display = typeof command === "string" ? command : argvToCommand(command);
    let script = display;
    if (options.netns) script = `ip netns exec ${quote(options.netns)} bash -c ${quote(script)}`;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = performance.now();
    let shell = await this.ensureShell();
    let pgid: number | undefined;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      timer = setTimeout(() => {
        timedOut = true;
        void this.killGroup(pgid);
      }, timeoutMs);
    };
    const onPid = (pid: number) => { pgid = pid; };
    let out;
    try {
      arm();
      try {
        out = await shell.exec(script, onPid);
      } catch (e) {
        // The shell died between two commands (ssh dropped, VM restarted): reconnect once.
        if (!(e instanceof ShellClosedError) || timedOut || pgid !== undefined) throw e;
        clearTimeout(timer);
        this.shell = undefined;
        shell = await this.ensureShell();
        arm();
        out = await shell.exec(script, onPid);
      }
    } finally {
      clearTimeout(timer);
    }
    return new CommandResult({
      target: this.name,
      netns: options.netns,
      hostname: this.cachedHostname,
      command: display,
      exitCode: timedOut ? null : out.exitCode,
      signal: out.exitCode > 128 ? signalName(out.exitCode - 128) : null,
      stdout: out.stdout,
      stderr: out.stderr,
      durationMs: performance.now() - started,
      timedOut,
      timeoutMs,
    });
  }

  private async killGroup(pgid: number | undefined) {
    if (pgid === undefined) return;
    try {
      if (!this.control || this.control.closed) this.control = await this.open();
      await this.control.exec(`kill -KILL -- -${pgid} 2>/dev/null; true`);
    } catch {
      // the command's shell is gone too; nothing left to kill
    }
  }

  async hostname(): Promise<string> {
    if (!this.cachedHostname) {
      const r = await this.run("hostname", { timeoutMs: 10_000 });
      this.cachedHostname = r.stdout.trim() || this.name;
    }
    return this.cachedHostname;
  }

  async close(): Promise<void> {
    await Promise.all([this.shell?.close(), this.control?.close()]);
    this.shell = this.control = undefined;
  }
}

const SIGNALS: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 13: "SIGPIPE", 15: "SIGTERM" };
function signalName(n: number): string | null {
  return SIGNALS[n] ?? null;
}
