// A real tslab kernel for the tests, started and driven the way Jupyter's notebook server
// does it (through jupyter_client: see kernel-driver.py). The kernelspec is registered in a
// temporary prefix, so the machine's own Jupyter setup is left alone.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findJupyter, findJupyterPython, installKernel } from "../../src/notebook/index.js";
import { listLabs } from "../../src/targets/sandbox/_state.js";
import { requirement } from "./skip.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The checkout's root (the tests run from source; the kernel imports the build). */
export const ROOT = resolve(here, "..", "..");
/** What a cell imports to reach the kernel helpers of this checkout. */
export const HELPERS = join(ROOT, "dist", "kernel-helpers", "index.js");

export interface KernelOutput {
  output_type: "stream" | "display_data" | "update_display_data" | "execute_result" | "error";
  name?: "stdout" | "stderr";
  text?: string;
  data?: Record<string, unknown>;
  display_id?: string | null;
  ename?: string;
  evalue?: string;
  /** Seconds after the request was sent. */
  t: number;
}

export interface Execution {
  outputs: KernelOutput[];
  status: "ok" | "error" | "aborted" | "timeout";
  /** Seconds from the request to the kernel's idle. */
  elapsed: number;
  interrupted_at: number | null;
  /** Everything the cell printed on stdout and stderr, in order. */
  text: string;
}

function kernelReason(): string | undefined {
  try {
    findJupyterPython(findJupyter());
    return undefined;
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
}
export const kernelSkip = requirement(!kernelReason(), `no usable Jupyter: ${kernelReason()} (fix: vethbook doctor --fix --tests)`);

let prefix: string | undefined;
let kernelName = "tslab";

/** Register this checkout's tslab once per test file, in a prefix of its own. */
export function jupyterPath(): string {
  if (!prefix) {
    prefix = mkdtempSync(join(tmpdir(), "vethbook-kernel-"));
    // Named "tslab" whatever else is registered: the prefix is this test file's own.
    installKernel({ prefix, name: "tslab", stdio: "pipe" });
    kernelName = readdirSync(join(prefix, "share", "jupyter", "kernels")).find((k) => k.startsWith("tslab")) ?? "tslab";
  }
  return join(prefix, "share", "jupyter");
}

export class Kernel {
  private lines: Interface;
  private waiting: Array<{ res: (line: string) => void; rej: (e: Error) => void }> = [];
  private stderr = "";
  pid = 0;
  private lastFailed = false;

  private constructor(private driver: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: driver.stdout });
    this.lines.on("line", (line) => this.waiting.shift()?.res(line));
    driver.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
    driver.on("exit", (code) => {
      for (const w of this.waiting.splice(0)) w.rej(new Error(`the kernel driver exited (${code}); its stderr:\n${this.stderr}`));
    });
  }

  static async start(options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Kernel> {
    const python = findJupyterPython(findJupyter());
    const path = jupyterPath();
    const driver = spawn(python, [join(here, "kernel-driver.py"), kernelName, options.cwd ?? ROOT], {
      env: { ...process.env, ...options.env, JUPYTER_PATH: path },
    });
    const k = new Kernel(driver);
    const first = JSON.parse(await k.next(90_000)) as { pid: number };
    k.pid = first.pid;
    return k;
  }

  private next(timeoutMs: number): Promise<string> {
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`the kernel driver did not answer in ${timeoutMs} ms; its stderr:\n${this.stderr}`)), timeoutMs);
      this.waiting.push({
        res: (line) => {
          clearTimeout(timer);
          res(line);
        },
        rej: (e) => {
          clearTimeout(timer);
          rej(e);
        },
      });
    });
  }

  private async ask(request: Record<string, unknown>, timeoutMs: number): Promise<any> {
    this.driver.stdin.write(JSON.stringify(request) + "\n");
    return JSON.parse(await this.next(timeoutMs));
  }

  /** Run one cell; `interruptAfterS` presses Interrupt that many seconds after it started. */
  async execute(code: string, options: { timeoutS?: number; interruptAfterS?: number } = {}): Promise<Execution> {
    // After a cell that failed, a kernel aborts what was queued behind it for a moment (Jupyter's
    // stop-on-error: Run All stops there). A learner's next cell comes later than that.
    if (this.lastFailed) await new Promise((r) => setTimeout(r, 500));
    const timeout = options.timeoutS ?? 60;
    const r = (await this.ask({ op: "execute", code, timeout, interrupt_after: options.interruptAfterS ?? null }, (timeout + 10) * 1000)) as Execution;
    this.lastFailed = r.status !== "ok";
    r.text = r.outputs.filter((o) => o.output_type === "stream").map((o) => o.text).join("");
    return r;
  }

  /** Jupyter's Restart: shutdown request, then the kernel is killed if it lingers; a new one starts. */
  async restart(): Promise<number> {
    const r = (await this.ask({ op: "restart" }, 90_000)) as { pid: number };
    this.pid = r.pid;
    return r.pid;
  }

  async shutdown(): Promise<void> {
    if (this.driver.exitCode !== null) return;
    await this.ask({ op: "shutdown" }, 30_000).catch(() => undefined);
    this.driver.kill("SIGKILL");
  }

  /** The driver itself dies at once, as a notebook server killed with SIGKILL does. */
  killServer(): void {
    this.driver.kill("SIGKILL");
  }

  get serverPid(): number {
    return this.driver.pid!;
  }
}

/** A state folder of its own for a kernel's labs (VETHBOOK_STATE_DIR): other labs on this
 *  machine are neither seen nor touched. */
export function stateDir(): string {
  return mkdtempSync(join(tmpdir(), "vethbook-state-"));
}

/** The labs recorded in a state folder. */
export function labsIn(dir: string) {
  const before = process.env.VETHBOOK_STATE_DIR;
  process.env.VETHBOOK_STATE_DIR = dir;
  try {
    return listLabs();
  } finally {
    if (before === undefined) delete process.env.VETHBOOK_STATE_DIR;
    else process.env.VETHBOOK_STATE_DIR = before;
  }
}

/** Is a process (by PID) still there? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Wait up to `ms` for `what` to hold; its last answer. */
export async function until(what: () => boolean, ms: number): Promise<boolean> {
  for (let t = 0; t < ms; t += 100) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return what();
}
