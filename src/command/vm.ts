// The notebook-facing handle on one lab machine (or one namespace inside it).
import type { RunOptions, Target } from "./target.js";
import { CommandPromise, type CommandSettings } from "./command-promise.js";
import { argvToCommand, buildCommand, type Interpolation } from "./quote.js";
import { CommandResult } from "./result.js";
import { BackgroundJob } from "./background.js";
import { notify, notifyOutput, notifyStart } from "./observers.js";
import { passGates } from "./gates.js";
import { checkContainerName } from "./container.js";

export class Vm {
  constructor(
    readonly target: Target,
    readonly namespace?: string,
    private defaults: Partial<CommandSettings> = {},
    /** The Docker container its commands run in (`vm.container("red")`). */
    readonly containerName?: string,
  ) {}

  get name(): string {
    return this.target.name;
  }

  /** vm.sh`ip addr add ${ip} dev ${dev}`: every interpolated value is shell-quoted. */
  sh = (pieces: TemplateStringsArray, ...values: Interpolation[]): CommandPromise => {
    return this.script(buildCommand(pieces, values));
  };

  /** Run a ready-made script (no quoting: the caller wrote it). */
  script(command: string, settings: Partial<CommandSettings> = {}): CommandPromise {
    return new CommandPromise(command, (cmd, s) => this.runRaw(cmd, s), { ...this.defaults, ...settings });
  }

  /** Run an argv: every word quoted, nothing evaluated by a shell. */
  exec(argv: readonly string[], settings: Partial<CommandSettings> = {}): CommandPromise {
    return this.script(argvToCommand(argv), settings);
  }

  /** Start a long-running command (tcpdump, an HTTP server); `await job.stop()` ends it
   *  and gives its output. Values are quoted as in sh. */
  bg = (pieces: TemplateStringsArray, ...values: Interpolation[]): Promise<BackgroundJob> => {
    return BackgroundJob.start(this.target, buildCommand(pieces, values), this.namespace, this.defaults.quiet ?? false, this.containerName);
  };

  /** The same machine, inside one of its named network namespaces (ip netns exec NAME). */
  netns(name: string): Vm {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`"${name}" is not a usable namespace name: use letters, digits, '.', '_' or '-'`);
    return new Vm(this.target, name, this.defaults);
  }

  /** The same machine, inside one of its Docker containers, as `docker exec NAME` runs
   *  commands: the container's files, network, processes and hostname, with the same API
   *  as netns() (sh, bg, script, exec). Its shell is the container's `sh`. */
  container(name: string): Vm {
    checkContainerName(name);
    return new Vm(this.target, undefined, this.defaults, name);
  }

  /** A handle whose commands default to these settings (e.g. quiet for setup). */
  with(settings: Partial<CommandSettings>): Vm {
    return new Vm(this.target, this.namespace, { ...this.defaults, ...settings }, this.containerName);
  }

  hostname(): Promise<string> {
    return this.target.hostname();
  }

  private async runRaw(command: string, s: CommandSettings): Promise<CommandResult> {
    const hostname = await this.target.hostname();
    // A packet trace may need to scope its rules to this command's traffic first.
    await passGates({ target: this.target.name, netns: this.namespace, container: this.containerName, command });
    // Observers (a notebook's terminal blocks) see it start, print, and end.
    const id = notifyStart({ target: this.target.name, hostname, netns: this.namespace, container: this.containerName, command, quiet: s.quiet });
    const options: RunOptions = {
      timeoutMs: s.timeoutMs,
      netns: this.namespace,
      container: this.containerName,
      signal: s.signal,
      onStdout: (chunk) => {
        notifyOutput({ id, stream: "stdout", chunk });
        s.onStdout?.(chunk);
      },
      onStderr: (chunk) => {
        notifyOutput({ id, stream: "stderr", chunk });
        s.onStderr?.(chunk);
      },
    };
    let result: CommandResult;
    try {
      result = await this.target.run(command, options);
    } catch (e) {
      // The target could not be reached: the command's block says so instead of running forever.
      notify({ result: new CommandResult({ target: this.target.name, netns: this.namespace, container: this.containerName, hostname, command, exitCode: null, stdout: "", stderr: `${(e as Error).message}\n`, durationMs: 0 }), quiet: s.quiet, id });
      throw e;
    }
    notify({ result, quiet: s.quiet, id });
    return result;
  }
}
