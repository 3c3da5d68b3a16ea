// A persistent bash with framed output: each command is sent as one line, run in its own
// process group, and delimited on stdout and stderr by markers that carry a per-shell nonce,
// its id and its exit code. Output is bytes, passed through exactly as the command wrote
// them: bytes that merely look like a marker (a record separator, a guessed marker without
// the nonce) are output like any other. Used by every target (sandbox, ssh, local); only the
// spawn differs.
import { randomBytes } from "node:crypto";
import type { ResultPromise } from "execa";
import { quote } from "../command/quote.js";

const RS = 0x1e;

/** The shell functions, defined once per shell. `set -m` gives every command its own process
 *  group so a timeout or an interrupt can end the command and everything it started, and
 *  nothing else. The nonce lives only in the function's body, which the command's subshell
 *  unsets before it runs the command, so a command cannot print a valid marker. */
export function shellPrelude(nonce: string): string {
  return String.raw`set -m +o history
__vb() {
  ( unset -f __vb; eval "$2" ) </dev/null &
  local p=$!
  printf '\036${nonce}P:%s:%s\036' "$1" "$p" >&2
  wait "$p" 2>/dev/null; local rc=$?
  printf '\036${nonce}E:%s:%s\036' "$1" "$rc"
  printf '\036${nonce}E:%s:%s\036' "$1" "$rc" >&2
}
printf '\036${nonce}READY\036'
`;
}

export interface FrameOutput {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
  pid?: number;
}

export interface ExecHooks {
  /** The command's process-group id (in the shell's own PID namespace), as soon as it started. */
  onPid?: (pid: number) => void;
  /** Output as it arrives (markers already taken out). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export class ShellClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShellClosedError";
  }
}

type Marker = { kind: "E" | "P" | "READY"; id: number; value: number };

/**
 * One stream's reader: splits bytes into output and markers. A marker is
 * RS nonce (E|P):id:value RS, or RS nonce READY RS; bytes that could still become the start
 * of a marker are held back until the next chunk says what they are.
 */
class StreamFrames {
  private held = Buffer.alloc(0);
  private readonly prefix: Buffer;

  constructor(nonce: string, private readonly onOutput: (b: Buffer) => void, private readonly onMarker: (m: Marker) => void) {
    this.prefix = Buffer.from(`\x1e${nonce}`, "latin1");
  }

  push(chunk: Buffer): void {
    let buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    for (;;) {
      const at = buf.indexOf(this.prefix);
      if (at < 0) {
        const keep = this.partialPrefixAtEnd(buf);
        if (buf.length - keep > 0) this.onOutput(buf.subarray(0, buf.length - keep));
        if (keep) this.held = Buffer.from(buf.subarray(buf.length - keep));
        return;
      }
      const close = buf.indexOf(RS, at + this.prefix.length);
      if (close < 0) {
        if (at > 0) this.onOutput(buf.subarray(0, at));
        this.held = Buffer.from(buf.subarray(at));
        return;
      }
      const body = buf.subarray(at + this.prefix.length, close).toString("latin1");
      const m = /^(?:(E|P):(\d+):(\d+)|READY)$/.exec(body);
      if (!m) {
        // The nonce followed by something that is no marker: output, byte for byte.
        this.onOutput(buf.subarray(0, close));
        buf = buf.subarray(close);
        continue;
      }
      if (at > 0) this.onOutput(buf.subarray(0, at));
      this.onMarker(m[1] ? { kind: m[1] as "E" | "P", id: Number(m[2]), value: Number(m[3]) } : { kind: "READY", id: 0, value: 0 });
      buf = buf.subarray(close + 1);
    }
  }

  /** How many bytes at the end of `buf` could be the beginning of a marker. */
  private partialPrefixAtEnd(buf: Buffer): number {
    const max = Math.min(this.prefix.length - 1, buf.length);
    for (let n = max; n > 0; n--) {
      if (buf[buf.length - n] === RS && buf.subarray(buf.length - n).equals(this.prefix.subarray(0, n))) return n;
    }
    return 0;
  }
}

interface Pending {
  id: number;
  out: Buffer[];
  err: Buffer[];
  outDone: boolean;
  errDone: boolean;
  exitCode: number;
  pid?: number;
  hooks: ExecHooks;
  resolve: (out: FrameOutput) => void;
  reject: (err: Error) => void;
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
  private closedError?: Error;
  private exitTail = "";
  private isReady = false;
  readonly ready: Promise<void>;

  constructor(proc: ResultPromise, private describe: string) {
    this.proc = proc;
    const nonce = randomBytes(12).toString("base64url");
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
    const stdout = new StreamFrames(
      nonce,
      (b) => {
        const cur = this.current;
        if (!cur || cur.outDone) return;
        cur.out.push(Buffer.from(b));
        cur.hooks.onStdout?.(b);
      },
      (m) => {
        if (m.kind === "READY") {
          this.isReady = true;
          readyResolve();
        } else if (m.kind === "E" && this.current?.id === m.id) {
          this.current.exitCode = m.value;
          this.current.outDone = true;
          this.settle();
        }
      },
    );
    const stderr = new StreamFrames(
      nonce,
      (b) => {
        const cur = this.current;
        if (!cur || cur.errDone) {
          this.exitTail = (this.exitTail + b.toString("utf8")).slice(-4000);
          return;
        }
        cur.err.push(Buffer.from(b));
        cur.hooks.onStderr?.(b);
      },
      (m) => {
        const cur = this.current;
        if (!cur || cur.id !== m.id) return;
        if (m.kind === "P") {
          cur.pid = m.value;
          cur.hooks.onPid?.(m.value);
        } else if (m.kind === "E") {
          cur.errDone = true;
          this.settle();
        }
      },
    );
    proc.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
    proc.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
    proc.catch(() => {});
    this.ready.catch(() => {});
    const failReady = (why: string) => {
      if (!this.isReady) readyReject(new ShellClosedError(`${this.describe}: shell ${why} before it was ready${this.exitTail.trim() ? `:\n${this.exitTail.trim()}` : ""}`));
    };
    // The shell's own exit counts, not the end of its pipes (a command it left running may
    // hold them open); its last words on stderr get a moment to arrive first.
    proc.on("exit", (code, signal) => {
      const pipesClosed = Promise.all([proc.stdout!, proc.stderr!].map((s) => (s.closed ? undefined : new Promise((r) => s.once("close", r)))));
      void Promise.race([pipesClosed, new Promise((r) => setTimeout(r, 200))]).then(() => {
        failReady("ended");
        this.onExit(signal ? `was killed by ${signal}` : `exited (code ${code})`);
      });
    });
    proc.stdin!.on("error", () => {});
    proc.stdin!.write(shellPrelude(nonce));
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

  private settle() {
    const cur = this.current;
    if (!cur || !cur.outDone || !cur.errDone) return;
    this.current = undefined;
    cur.resolve({ stdout: Buffer.concat(cur.out), stderr: Buffer.concat(cur.err), exitCode: cur.exitCode, pid: cur.pid });
  }

  /** Run one script; resolves when it has ended, with everything it printed. */
  async exec(script: string, hooks: ExecHooks = {}): Promise<FrameOutput> {
    await this.ready;
    if (this.busy) await new Promise<void>((res) => this.queue.push(res));
    if (this.closedError) throw this.closedError;
    this.busy = true;
    try {
      return await new Promise<FrameOutput>((resolve, reject) => {
        const id = this.nextId++;
        this.current = { id, out: [], err: [], outDone: false, errDone: false, exitCode: -1, hooks, resolve, reject };
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
