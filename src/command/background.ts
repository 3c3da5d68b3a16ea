// Long-running commands a lesson watches while it does something else: tcpdump on a
// veth while a ping crosses it, an HTTP server inside a namespace. The job runs detached
// from the persistent shell in a session of its own, its stdout, stderr and exit status in
// files of a folder of its own on the target; stop() ends it and returns what it did, as
// one result.
import { scoped } from "./container.js";
import { quote } from "./quote.js";
import { notify, notifyStart } from "./observers.js";
import { CommandResult, signalName } from "./result.js";
import type { RunOptions, Target } from "./target.js";
import { InterruptedError } from "./result.js";
import { ambientSignal, trackJob, untrackJob } from "./interrupt.js";

/** A job's own bookkeeping runs whatever happens to the cell (stopping it must work during
 *  an interrupt): a signal that never aborts. */
const ALWAYS: RunOptions["signal"] = new AbortController().signal;

let counter = 0;
const running = new Set<BackgroundJob>();

/** Where jobs keep their files on the target: root's runtime folder, gone at reboot. */
const JOBS_DIR = "/run/vethbook/jobs";

export class BackgroundJob {
  private stopped?: Promise<CommandResult>;
  /** Its id for observers (a notebook draws it live while it runs). */
  private eventId = 0;
  private constructor(
    private readonly target: Target,
    readonly command: string,
    private readonly netns: string | undefined,
    /** The job's session (and process group) id on the target. */
    readonly pid: number,
    private readonly dir: string,
    private readonly quiet: boolean,
    private readonly started: number,
    private readonly container?: string,
  ) {}

  /** Jobs started in this process and not stopped yet (newest last). */
  static running(): BackgroundJob[] {
    return [...running];
  }

  static async start(target: Target, command: string, netns: string | undefined, quiet: boolean, container?: string): Promise<BackgroundJob> {
    const dir = `${JOBS_DIR}/${process.pid}-${++counter}`;
    const inner = scoped(command, { netns, container });
    // setsid: a session of its own, so stop() can end it and everything it started. The
    // subshell around it waits, and writes the job's exit status when it ends.
    const script = [
      `mkdir -p ${dir}`,
      `( setsid bash -c 'echo $$ >${dir}/pid; eval "$1"' bash ${quote(inner)} >${dir}/out 2>${dir}/err </dev/null; echo $? >${dir}/rc ) >/dev/null 2>&1 &`,
      `for i in $(seq 200); do [ -s ${dir}/pid ] && break; sleep 0.01; done`,
      `cat ${dir}/pid`,
    ].join("\n");
    const r = await target.run(script, { timeoutMs: 10_000 });
    if (r.interrupted) throw new InterruptedError(new CommandResult({ ...r, command, stdout: r.stdoutBytes, stderr: r.stderrBytes, exitCode: r.exitCode }));
    const pid = Number(r.stdout.trim());
    if (r.exitCode !== 0 || !pid) throw new Error(`could not start \`${command}\` in the background on ${target.name}: ${r.stderr || r.stdout || `exit ${r.exitCode}`}`);
    const job = new BackgroundJob(target, command, netns, pid, dir, quiet, performance.now(), container);
    running.add(job);
    trackJob(job);
    job.eventId = notifyStart({ target: target.name, hostname: await target.hostname(), netns, container, command, quiet, background: { peek: () => job.peek() } });
    return job;
  }

  /** What it printed so far: its stdout, then its stderr. */
  async output(): Promise<string> {
    const r = await this.target.run(`cat ${this.dir}/out ${this.dir}/err 2>/dev/null; true`, { timeoutMs: 10_000, signal: ALWAYS });
    return r.stdout;
  }

  /** Its output so far and whether it has ended, read beside whatever else runs on the target
   *  (the last 64 KiB of each stream: enough for a live view). */
  async peek(): Promise<{ stdout: string; stderr: string; ended: boolean }> {
    if (this.stopped) return { stdout: "", stderr: "", ended: true };
    const d = this.dir;
    const r = await this.target.run(`tail -c 65536 ${d}/out 2>/dev/null; tail -c 65536 ${d}/err >&2 2>/dev/null; [ -e ${d}/rc ] && exit 3; exit 0`, { timeoutMs: 5000, signal: ALWAYS, side: true });
    return { stdout: r.stdout, stderr: r.stderr, ended: r.exitCode !== 0 };
  }

  /** Wait until its output (stdout or stderr) matches, e.g. tcpdump's "listening on", or
   *  fail after timeoutMs with what it printed. */
  async waitFor(pattern: RegExp | string, timeoutMs = 5000): Promise<this> {
    const re = typeof pattern === "string" ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : pattern;
    const started = performance.now();
    const deadline = started + timeoutMs;
    const cell = ambientSignal();
    for (;;) {
      if (cell.aborted) throw new InterruptedError(this.resultSoFar(await this.output()));
      // One command per look: its output so far, and whether it has ended (read after the
      // output, so an ended job's last words are in `out`).
      const { out, ended } = await this.look();
      if (re.test(out)) return this;
      if (ended) {
        const last = await this.output();
        if (re.test(last)) return this;
        throw new Error(`\`${this.command}\` on ${this.target.name} ended before printing ${re}; it printed:\n${last.trim() || "(nothing)"}`);
      }
      if (performance.now() > deadline) throw new Error(`\`${this.command}\` on ${this.target.name} did not print ${re} within ${timeoutMs} ms; it printed:\n${out.trim() || "(nothing)"}`);
      // Every 50 ms for the first second (a capture's "listening on", a ping's echo), then
      // every 200 ms: a long wait (ARP's 5 s) costs the lab a few looks, not a hundred.
      await new Promise((r) => setTimeout(r, performance.now() - started < 1000 ? 50 : 200));
    }
  }

  private async look(): Promise<{ out: string; ended: boolean }> {
    const d = this.dir;
    const r = await this.target.run(`cat ${d}/out ${d}/err 2>/dev/null; [ ! -e ${d}/rc ]`, { timeoutMs: 10_000, signal: ALWAYS });
    return { out: r.stdout, ended: r.exitCode !== 0 };
  }

  private resultSoFar(output: string): CommandResult {
    return new CommandResult({ target: this.target.name, netns: this.netns, container: this.container, command: this.command, exitCode: null, stdout: output, stderr: "", durationMs: performance.now() - this.started, interrupted: true });
  }

  /** Still running? (Its exit status is written the moment it ends.) */
  async alive(): Promise<boolean> {
    return (await this.target.run(`[ ! -e ${this.dir}/rc ]`, { timeoutMs: 5000, signal: ALWAYS })).exitCode === 0;
  }

  /** End it (SIGINT, so tcpdump prints its summary; then SIGTERM for programs that ignore
   *  SIGINT in the background, then SIGKILL) and return what it printed and how it ended. */
  stop(): Promise<CommandResult> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<CommandResult> {
    const d = this.dir;
    const r = await this.target.run(
      `for sig in INT TERM KILL; do [ -e ${d}/rc ] && break; kill -$sig -- -${this.pid} 2>/dev/null; ` +
        `for i in $(seq 10); do [ -e ${d}/rc ] && break 2; sleep 0.05; done; done; ` +
        `for i in $(seq 20); do [ -e ${d}/rc ] && break; sleep 0.05; done; ` +
        `cat ${d}/out; cat ${d}/err >&2; rc=$(cat ${d}/rc 2>/dev/null); rm -rf ${d}; exit \${rc:-255}`,
      { timeoutMs: 15_000, signal: ALWAYS },
    );
    running.delete(this);
    untrackJob(this);
    const code = r.exitCode ?? 255;
    const result = new CommandResult({
      target: this.target.name,
      netns: this.netns,
      container: this.container,
      hostname: await this.target.hostname(),
      command: this.command,
      exitCode: code > 128 ? null : code,
      signal: code > 128 ? signalName(code - 128) : null,
      stdout: r.stdout,
      stderr: r.stderr,
      durationMs: performance.now() - this.started,
    });
    notify({ result, quiet: this.quiet, id: this.eventId });
    return result;
  }
}
