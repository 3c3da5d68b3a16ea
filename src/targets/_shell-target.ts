// The part every target shares: a persistent framed shell made by `spawn()`, commands
// with timeouts (killed by process group from a second shell), `ip netns exec` scoping,
// and one reconnect when the shell died between two commands.
import { scoped } from "../command/container.js";
import type { ResultPromise } from "execa";
import { ambientSignal, trackRunning } from "../command/interrupt.js";
import { argvToCommand } from "../command/quote.js";
import { CommandResult, signalName } from "../command/result.js";
import { FramedShell, ShellClosedError, type ExecHooks, type FrameOutput } from "./_framed-shell.js";
import { DEFAULT_TIMEOUT_MS, type RunOptions, type Target, type TargetKind } from "../command/target.js";

export abstract class ShellTarget implements Target {
  abstract readonly name: string;
  abstract readonly kind: TargetKind;
  private shell?: FramedShell;
  private control?: FramedShell;
  private controlOpening?: Promise<FramedShell>;
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

  /** How many times the command shell was started (the first time, then each reconnect);
   *  the control shell, which stops commands, is not counted. */
  shellStarts = 0;

  private async ensureShell(): Promise<FramedShell> {
    if (!this.shell || this.shell.closed) {
      this.shellStarts++;
      this.shell = await this.open();
    }
    return this.shell;
  }

  run(command: string | readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    // Counted as running, so an interrupt knows there is something to stop.
    return trackRunning(this.runOnce(command, options));
  }

  private async runOnce(command: string | readonly string[], options: RunOptions): Promise<CommandResult> {
    const display = typeof command === "string" ? command : argvToCommand(command);
    // Without a signal of its own, a command runs under its scope's (a notebook cell's).
    const signal = options.signal ?? ambientSignal();
    const script = scoped(display, options);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = performance.now();
    let pgid: number | undefined;
    let timedOut = false;
    let interrupted = false;
    let stopping: Promise<void> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const hooks: ExecHooks = {
      onPid: (pid) => {
        pgid = pid;
        // An interrupt that came before the command had a process group.
        if (interrupted) stopping = this.interruptGroup(pid);
      },
      onStdout: options.onStdout,
      onStderr: options.onStderr,
    };
    const arm = () => {
      if (!Number.isFinite(timeoutMs)) return;
      timer = setTimeout(() => {
        timedOut = true;
        void this.signalGroup(pgid, "KILL");
      }, timeoutMs);
    };
    const onAbort = () => {
      if (interrupted || timedOut) return;
      interrupted = true;
      if (pgid !== undefined) stopping = this.interruptGroup(pgid);
    };
    if (signal.aborted) {
      // Interrupted before it started (a later command of an interrupted cell): it does not run.
      return new CommandResult({ target: this.name, netns: options.netns, container: options.container, hostname: this.cachedHostname, command: display, exitCode: null, stdout: "", stderr: "", durationMs: 0, interrupted: true });
    }
    signal.addEventListener("abort", onAbort, { once: true });
    let warm: NodeJS.Timeout | undefined;
    let out: FrameOutput;
    try {
      let shell = options.side ? await this.controlShell() : await this.ensureShell();
      arm();
      // A command that runs for more than a moment may need stopping: have the control shell
      // ready by then, so an interrupt does not wait for a new connection (ssh: ~0.2 s).
      warm = setTimeout(() => void this.controlShell().catch(() => {}), 400);
      try {
        out = await shell.exec(script, hooks);
      } catch (e) {
        // The shell died between two commands (ssh dropped, VM restarted): reconnect once.
        if (!(e instanceof ShellClosedError) || options.side || timedOut || interrupted || pgid !== undefined) throw e;
        clearTimeout(timer);
        this.shell = undefined;
        shell = await this.ensureShell();
        arm();
        out = await shell.exec(script, hooks);
      }
    } finally {
      clearTimeout(timer);
      clearTimeout(warm);
      signal.removeEventListener("abort", onAbort);
      // An interrupted command is over when nothing of its group is left, not when its first
      // process ended: what comes next must not meet its stragglers.
      await stopping;
    }
    const signaled = out.exitCode > 128 && !timedOut;
    return new CommandResult({
      target: this.name,
      netns: options.netns,
      container: options.container,
      hostname: this.cachedHostname,
      command: display,
      exitCode: timedOut || (interrupted && signaled) ? null : out.exitCode,
      signal: signaled ? signalName(out.exitCode - 128) : null,
      stdout: out.stdout,
      stderr: out.stderr,
      durationMs: performance.now() - started,
      timedOut,
      timeoutMs,
      interrupted,
    });
  }

  /** As Ctrl-C: SIGINT to the command's process group (a ping prints its summary), SIGKILL
   *  if anything of it is still there 300 ms on. */
  private async interruptGroup(pgid: number): Promise<void> {
    await this.signalGroup(pgid, "INT");
    await this.signalGroup(pgid, "KILL", 300);
  }

  private controlShell(): Promise<FramedShell> {
    if (this.control && !this.control.closed) return Promise.resolve(this.control);
    this.controlOpening ??= this.open().then((shell) => {
      this.control = shell;
      return shell;
    }).finally(() => {
      this.controlOpening = undefined;
    });
    return this.controlOpening;
  }

  /** Signal a command's process group from the control shell (the command's own shell is
   *  busy waiting for it); with `afterMs`, only if the group still exists by then. */
  private async signalGroup(pgid: number | undefined, sig: "INT" | "KILL", afterMs = 0): Promise<void> {
    if (pgid === undefined) return;
    const wait = afterMs ? `for i in $(seq ${Math.ceil(afterMs / 50)}); do kill -0 -- -${pgid} 2>/dev/null || exit 0; sleep 0.05; done; ` : "";
    try {
      await (await this.controlShell()).exec(`${wait}kill -${sig} -- -${pgid} 2>/dev/null; true`);
    } catch {
      // the command's shell is gone too; nothing left to signal
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
