// Long-running commands a lesson watches while it does something else: tcpdump on a
// veth while a ping crosses it, an HTTP server inside a namespace. The process runs
// detached from the persistent shell with its output in a file; stop() ends it and
// returns what it printed, as one result.
import { quote } from "./quote.js";
import { notify } from "./observers.js";
import { CommandResult } from "./result.js";
import type { Target } from "../targets/types.js";

let counter = 0;

export class BackgroundJob {
  private stopped?: CommandResult;
  private constructor(
    private readonly target: Target,
    readonly command: string,
    private readonly netns: string | undefined,
    readonly pid: number,
    private readonly log: string,
    private readonly quiet: boolean,
    private readonly started: number,
  ) {}

  static async start(target: Target, command: string, netns: string | undefined, quiet: boolean): Promise<BackgroundJob> {
    const log = `/tmp/vethbook-bg-${process.pid}-${++counter}.log`;
    const inner = netns ? `ip netns exec ${quote(netns)} bash -c ${quote(command)}` : command;
    // setsid: its own session, so stop() can end it and everything it started.
    const r = await target.run(`setsid bash -c ${quote(inner)} >${log} 2>&1 </dev/null & echo $!`, { timeoutMs: 10_000 });
    const pid = Number(r.stdout.trim());
    if (r.exitCode !== 0 || !pid) throw new Error(`could not start \`${command}\` in the background on ${target.name}: ${r.stderr || r.stdout}`);
    return new BackgroundJob(target, command, netns, pid, log, quiet, performance.now());
  }

  /** What it printed so far. */
  async output(): Promise<string> {
    return (await this.target.run(`cat ${this.log} 2>/dev/null`, { timeoutMs: 10_000 })).stdout;
  }

  /** Wait until its output matches (e.g. tcpdump's "listening on"), or fail after timeoutMs. */
  async waitFor(pattern: RegExp | string, timeoutMs = 5000): Promise<this> {
    const re = typeof pattern === "string" ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : pattern;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const out = await this.output();
      if (re.test(out)) return this;
      const alive = (await this.target.run(`kill -0 ${this.pid} 2>/dev/null`, { timeoutMs: 5000 })).exitCode === 0;
      if (!alive) {
        // It may have printed between our read and its exit: read once more before judging.
        const last = await this.output();
        if (re.test(last)) return this;
        throw new Error(`\`${this.command}\` on ${this.target.name} ended before printing ${re}; it printed:\n${last.trim() || "(nothing)"}`);
      }
      if (performance.now() > deadline) throw new Error(`\`${this.command}\` on ${this.target.name} did not print ${re} within ${timeoutMs} ms; it printed:\n${out.trim() || "(nothing)"}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** End it (SIGINT, so tcpdump prints its summary; then SIGTERM for programs that ignore
   *  SIGINT in the background, then SIGKILL) and return its output. */
  async stop(): Promise<CommandResult> {
    if (this.stopped) return this.stopped;
    const r = await this.target.run(
      `for sig in INT TERM; do kill -$sig -- -${this.pid} 2>/dev/null || break; ` +
        `for i in $(seq 10); do kill -0 ${this.pid} 2>/dev/null || break 2; sleep 0.05; done; done; ` +
        `kill -KILL -- -${this.pid} 2>/dev/null; cat ${this.log}; rm -f ${this.log}`,
      { timeoutMs: 15_000 },
    );
    this.stopped = new CommandResult({
      target: this.target.name,
      netns: this.netns,
      hostname: await this.target.hostname(),
      command: this.command,
      exitCode: 0,
      stdout: r.stdout,
      stderr: "",
      durationMs: performance.now() - this.started,
    });
    notify({ result: this.stopped, quiet: this.quiet });
    return this.stopped;
  }
}
