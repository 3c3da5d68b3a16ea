// What `vm.sh\`...\`` returns: a promise of a CommandResult whose settings can still be
// chained before it starts (it starts on the next microtask, as zx's does).
import { parseDuration } from "./duration.js";
import { captureOrigin } from "./failure.js";
import { CommandError, InterruptedError, type CommandResult } from "./result.js";

export interface CommandSettings {
  nothrow: boolean;
  quiet: boolean;
  timeoutMs?: number;
  /** Interrupt the command when this aborts (as Ctrl-C would). */
  signal?: AbortSignal;
  /** Its output as it arrives. */
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
}

export type Execute = (command: string, settings: CommandSettings) => Promise<CommandResult>;

export class CommandPromise implements PromiseLike<CommandResult> {
  private settings: CommandSettings;
  private promise?: Promise<CommandResult>;

  /** Where the command was written (a notebook cell's line), for a readable failure. */
  private readonly origin = captureOrigin();

  constructor(private readonly command: string, private readonly execute: Execute, settings: Partial<CommandSettings> = {}) {
    this.settings = { nothrow: false, quiet: false, ...settings };
    queueMicrotask(() => void this.start().catch(() => {}));
  }

  private start(): Promise<CommandResult> {
    if (!this.promise) {
      const settings = { ...this.settings };
      this.promise = this.execute(this.command, settings).then((result) => {
        // Stopped by the cell's interrupt (not a signal of the caller's own): the cell stops.
        if (result.interrupted && !settings.signal) throw new InterruptedError(result, this.origin, !settings.quiet);
        if (!settings.nothrow && !result.ok) throw new CommandError(result, this.origin, !settings.quiet);
        return result;
      });
    }
    return this.promise;
  }

  private set(change: Partial<CommandSettings>): this {
    if (this.promise) throw new Error(`\`${this.command}\` has already started; chain .nothrow(), .quiet() and .timeout() right after the template`);
    Object.assign(this.settings, change);
    return this;
  }

  /** Resolve with the result even when the command fails. */
  nothrow(on = true): this {
    return this.set({ nothrow: on });
  }

  /** Do not show this command as a terminal block in the notebook. */
  quiet(on = true): this {
    return this.set({ quiet: on });
  }

  /** Kill the command after this long: a number of ms or "5s", "500ms". */
  timeout(value: number | string): this {
    return this.set({ timeoutMs: parseDuration(value) });
  }

  then<A = CommandResult, B = never>(
    onfulfilled?: ((value: CommandResult) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.start().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<CommandResult | B> {
    return this.start().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<CommandResult> {
    return this.start().finally(onfinally);
  }

  /** Shorthands that wait for the result. */
  async text(): Promise<string> {
    return (await this).text();
  }
  async lines(): Promise<string[]> {
    return (await this).lines();
  }
  async json<T = unknown>(): Promise<T> {
    return (await this).json<T>();
  }
}
