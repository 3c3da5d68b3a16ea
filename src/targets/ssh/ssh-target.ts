// A lab machine reached over ssh: one `ssh -T` process per target whose remote end is a
// root bash (through `sudo -n` for a user that is not root), framed like every other
// target's shell. Timeouts, reconnect-once and framing come from ShellTarget.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { execa, type ResultPromise } from "execa";
import { quote } from "../../command/quote.js";
import { ShellTarget } from "../_shell-target.js";
import { explainSshFailure, parseSshG, SshConnectError, type ResolvedSsh } from "./errors.js";
import { describeSsh, sshArgv, sshClientArgs, REMOTE_ROOT_SHELL, type SshOptions } from "./_ssh-args.js";

export interface SshTargetOptions extends SshOptions {
  /** How to bring the machine up, for "cannot reach" errors: "vagrant up vm1". */
  upHint?: string;
}

export class SshTarget extends ShellTarget {
  readonly kind: "ssh" | "vagrant" = "ssh";
  /** How many ssh processes this target has started (one per shell, reconnects included). */
  spawnCount = 0;
  private procs = new Set<ResultPromise>();
  private lastProc?: ResultPromise;
  private stderrOf = new WeakMap<ResultPromise, string>();

  constructor(readonly name: string, public ssh: SshTargetOptions) {
    super();
  }

  protected override get label(): string {
    return `${this.name} (${this.kind}, ${describeSsh(this.ssh)})`;
  }

  /** PIDs of the ssh clients running now (the shell, and a second one after a timeout). */
  get sshPids(): number[] {
    return [...this.procs].filter((p) => p.exitCode === null && p.signalCode === null).map((p) => p.pid!);
  }

  protected spawn(): ResultPromise {
    const bin = this.ssh.sshBinary ?? "ssh";
    if (!onPath(bin)) {
      throw new SshConnectError(
        `${this.label}: cannot open a shell: the OpenSSH client \`${bin}\` is not installed here.\n` +
          "fix: `apt-get install openssh-client` (Debian/Ubuntu), or use the sandbox target (the default), which needs no ssh",
        "other", "");
    }
    const proc = execa(bin, sshArgv(this.ssh), {
      stdin: "pipe", stdout: "pipe", stderr: "pipe", buffer: false, reject: false,
      // A process group of its own: an interrupt meant for this process (Jupyter signals the
      // kernel's whole group) must not end the connection; it ends when its stdin closes.
      detached: true,
      // The client keeps this machine's environment (HOME, SSH_AUTH_SOCK); the remote
      // shell starts from a clean one (REMOTE_ROOT_SHELL).
      env: { LC_ALL: "C" },
    });
    this.spawnCount++;
    this.procs.add(proc);
    this.lastProc = proc;
    let early = "";
    proc.stderr!.on("data", (c: Buffer | string) => {
      if (early.length < 16_000) this.stderrOf.set(proc, (early += String(c)));
    });
    proc.finally(() => this.procs.delete(proc)).catch(() => {});
    return proc;
  }

  protected override async explainStartFailure(err: Error): Promise<Error> {
    const proc = this.lastProc;
    if (!proc) return err;
    // Wait for ssh to finish writing what it has to say (it already exited).
    await Promise.race([proc.catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
    return explainSshFailure({
      target: `${this.name} (${this.kind})`,
      destination: describeSsh(this.ssh),
      ran: this.displayCommand(),
      stderr: this.stderrOf.get(proc) ?? err.message,
      exitCode: proc.exitCode ?? undefined,
      resolved: await this.resolvedConfig().catch(() => undefined),
      upHint: this.ssh.upHint,
      sshCommand: this.loginCommand(),
    });
  }

  /** What ssh would use for this target (`ssh -G`): user, host, port, keys, known_hosts. */
  async resolvedConfig(): Promise<ResolvedSsh> {
    const r = await execa(this.ssh.sshBinary ?? "ssh", ["-G", ...sshClientArgs(this.ssh), "--", this.ssh.host], { reject: false, timeout: 5000 });
    return parseSshG(r.stdout);
  }

  /** How a person logs in by hand: `ssh [-F config] [-p port] [user@]host`. */
  loginCommand(): string {
    const o = this.ssh;
    const words = ["ssh", ...(o.configFile ? ["-F", o.configFile] : []), ...(o.port ? ["-p", String(o.port)] : []), `${o.user ? `${o.user}@` : ""}${o.host}`];
    return words.map(quote).join(" ");
  }

  /** The ssh command line, as a person would type it (the remote root shell abbreviated). */
  displayCommand(): string {
    const argv = sshArgv(this.ssh).map((a) => (a === REMOTE_ROOT_SHELL ? "<root bash: sudo -n unless root>" : quote(a)));
    return [this.ssh.sshBinary ?? "ssh", ...argv].join(" ");
  }
}

function onPath(bin: string): boolean {
  const dirs = bin.includes("/") ? [""] : (process.env.PATH ?? "/usr/bin:/bin").split(delimiter);
  return dirs.some((d) => {
    try {
      accessSync(d ? join(d, bin) : bin, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
