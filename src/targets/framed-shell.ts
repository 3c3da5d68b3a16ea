// A persistent bash with framed output: each command is sent as one line, run in its
// own process group, and delimited on stdout and stderr by markers that carry its id
// and exit code. Used by every target (sandbox, ssh, local); only the spawn differs.
import type { ResultPromise } from "execa";
import { quote } from "../command/quote.js";

const RS = "\x1e";

/** Defined once per shell. `set -m` gives every command its own process group so a
 *  timeout can kill the command and everything it started, and nothing else. */
export const SHELL_PRELUDE = String.raw`set -m +o history
__vb() {
  ( eval "$2" ) </dev/null &
  local p=$!
  printf '\036P:%s:%s\036' "$1" "$p" >&2
  wait "$p" 2>/dev/null; local rc=$?
  printf '\036E:%s:%s\036' "$1" "$rc"
  printf '\036E:%s:%s\036' "$1" "$rc" >&2
}
printf '\036READY\036'
`;

export interface FrameOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  pid?: number;
}

interface Pending {
  id: number;
  stdout: string;
  stderr: string;
  outDone: boolean;
  errDone: boolean;
  exitCode: number;
  pid?: number;
  onPid?: (pid: number) => void;
  resolve: (out: FrameOutput) => void;
  reject: (err: Error) => void;
}

export class ShellClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShellClosedError";
  }
}

/**
 * Drives one spawned bash. Commands are queued and run one at a time, in order.
 * `describe` names the shell in errors ("vm1 (sandbox)").
 */
export class FramedShell {
  private proc: ResultPromise;
  private queue: Array<() => void> = [];
  private busy = false;
  private current?: Pending;
  private nextId = 1;
  private outBuf = "";
  private errBuf = "";
  private closedError?: Error;
  private exitTail = "";
  readonly ready: Promise<void>;

  constructor(proc: ResultPromise, private describe: string) {
    this.proc = proc;
    proc.stdout!.setEncoding("utf8");
    proc.stderr!.setEncoding("utf8");
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
    let isReady = false;
    proc.stdout!.on("data", (chunk: string) => {
      if (!isReady) {
        this.outBuf += chunk;
        const at = this.outBuf.indexOf(`${RS}READY${RS}`);
        if (at < 0) return;
        this.outBuf = this.outBuf.slice(at + 7);
        isReady = true;
        readyResolve();
        if (!this.outBuf) return;
        chunk = "";
      }
      this.onStdout(chunk);
    });
    proc.stderr!.on("data", (chunk: string) => {
      if (!isReady) { this.exitTail = (this.exitTail + chunk).slice(-4000); return; }
      this.onStderr(chunk);
    });
    proc.then(
      (r) => this.onExit(`exited (code ${r.exitCode})`),
      (e: any) => this.onExit(e?.signal ? `was killed by ${e.signal}` : `exited (code ${e?.exitCode ?? "?"})`),
    );
    proc.catch(() => {});
    this.ready.catch(() => {});
    const failReady = (why: string) => { if (!isReady) readyReject(new ShellClosedError(`${this.describe}: shell ${why} before it was ready${this.exitTail.trim() ? `:\n${this.exitTail.trim()}` : ""}`)); };
    proc.on("exit", () => setImmediate(() => failReady("ended")));
    proc.stdin!.on("error", () => {});
    proc.stdin!.write(SHELL_PRELUDE);
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  private onExit(why: string) {
    if (this.closedError) return;
    this.closedError = new ShellClosedError(`${this.describe}: the remote shell ${why}${this.exitTail.trim() ? `:\n${this.exitTail.trim()}` : ""}`);
    const cur = this.current;
    this.current = undefined;
    cur?.reject(this.closedError);
    for (const next of this.queue.splice(0)) next();
  }

  private onStdout(chunk: string) {
    this.outBuf += chunk;
    this.drain();
  }

  private onStderr(chunk: string) {
    this.errBuf += chunk;
    if (!this.current) this.exitTail = (this.exitTail + chunk).slice(-4000);
    this.drain();
  }

  private drain() {
    const cur = this.current;
    if (!cur) return;
    const end = `${RS}E:${cur.id}:`;
    if (!cur.outDone) {
      const at = this.outBuf.indexOf(end);
      if (at >= 0) {
        const close = this.outBuf.indexOf(RS, at + end.length);
        if (close >= 0) {
          cur.stdout += this.outBuf.slice(0, at);
          cur.exitCode = Number(this.outBuf.slice(at + end.length, close));
          this.outBuf = this.outBuf.slice(close + 1);
          cur.outDone = true;
        }
      } else {
        // keep a possible partial marker at the end of the buffer
        const keep = this.outBuf.lastIndexOf(RS);
        const cut = keep >= 0 ? keep : this.outBuf.length;
        cur.stdout += this.outBuf.slice(0, cut);
        this.outBuf = this.outBuf.slice(cut);
      }
    }
    if (!cur.errDone) {
      const pidMark = `${RS}P:${cur.id}:`;
      const p = this.errBuf.indexOf(pidMark);
      if (p >= 0) {
        const close = this.errBuf.indexOf(RS, p + pidMark.length);
        if (close >= 0) {
          cur.pid = Number(this.errBuf.slice(p + pidMark.length, close));
          this.errBuf = this.errBuf.slice(0, p) + this.errBuf.slice(close + 1);
          cur.onPid?.(cur.pid);
        }
      }
      const at = this.errBuf.indexOf(end);
      if (at >= 0) {
        const close = this.errBuf.indexOf(RS, at + end.length);
        if (close >= 0) {
          cur.stderr += this.errBuf.slice(0, at);
          this.errBuf = this.errBuf.slice(close + 1);
          cur.errDone = true;
        }
      } else if (cur.pid !== undefined) {
        const keep = this.errBuf.lastIndexOf(RS);
        const cut = keep >= 0 ? keep : this.errBuf.length;
        cur.stderr += this.errBuf.slice(0, cut);
        this.errBuf = this.errBuf.slice(cut);
      }
    }
    if (cur.outDone && cur.errDone) {
      this.current = undefined;
      cur.resolve({ stdout: cur.stdout, stderr: cur.stderr, exitCode: cur.exitCode, pid: cur.pid });
    }
  }

  /**
   * Run one script. `onPid` receives the command's process-group id (in the shell's
   * own PID namespace) as soon as it started, so a caller can kill it on timeout.
   */
  async exec(script: string, onPid?: (pid: number) => void): Promise<FrameOutput> {
    await this.ready;
    if (this.busy) await new Promise<void>((res) => this.queue.push(res));
    if (this.closedError) throw this.closedError;
    this.busy = true;
    try {
      return await new Promise<FrameOutput>((resolve, reject) => {
        const id = this.nextId++;
        this.current = { id, stdout: "", stderr: "", outDone: false, errDone: false, exitCode: -1, onPid, resolve, reject };
        this.proc.stdin!.write(`__vb ${id} ${quote(script)}\n`);
      });
    } finally {
      this.busy = false;
      this.queue.shift()?.();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.proc.stdin!.end("exit 0\n");
    const t = setTimeout(() => this.proc.kill("SIGKILL"), 2000);
    await this.proc.catch(() => {});
    clearTimeout(t);
  }

  kill(): void {
    this.proc.kill("SIGKILL");
  }
}
