// One notebook's TypeScript engine: tslab's own converter + executor, in this process.
//
// Why not a real Jupyter kernel over ZMQ (as nbclient does)? The executor here IS the code the
// tslab kernel runs for every execute_request (tslab/dist/executor.js: same transpiler, same
// declaration carry-over between cells, same top-level await, same `import "tslab"` hook), so a
// cell behaves the same in both places, minus the transport. In return: no Python, no
// jupyter_client, no ZMQ sockets or ports; startup is one TypeScript program (~1 s) instead of a
// kernel process (~3 s through nbconvert); per-cell overhead is a transpile (~10-30 ms); errors
// arrive as objects (name, message, stack) rather than text on stderr; and a hung async cell can
// be abandoned with executor.interrupt(), exactly what the kernel does on SIGINT.
//
// Limits of running in-process: a cell stuck in a synchronous loop cannot be pre-empted (the
// event loop never gets to the timeout); modules a notebook imports stay in Node's module cache
// for the rest of the process (cell variables do not: each notebook gets a fresh executor).
import { createRequire } from "node:module";
import { format, inspect } from "node:util";
import type { ErrorOutput } from "./types.js";

const require = createRequire(import.meta.url);

interface TslabConverter {
  close(): void;
}
interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  close(): void;
}
interface TslabConsole {
  log(message?: unknown, ...rest: unknown[]): void;
  error(message?: unknown, ...rest: unknown[]): void;
}

export interface CellOutcome {
  ok: boolean;
  /** The cell's last expression value, when it had one that is not null/undefined. */
  hasValue: boolean;
  value?: unknown;
  /** Set when the cell failed: a runtime throw, a type error, or a timeout. */
  error?: ErrorOutput;
  timedOut: boolean;
  /** Abandoned because the run was interrupted (Ctrl-C in `vethbook run`). */
  interrupted?: boolean;
  /** Diagnostics tslab printed without failing the cell (e.g. in a `//%module` cell). */
  warnings: string[];
}

const INTERRUPTED = "Interrupted asynchronously";
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

export class TslabEngine {
  private readonly executor: TslabExecutor;
  private outcome: Outcome = blankOutcome();
  private interrupting = false;

  /** The current directory must already be `dir`: tslab's converter takes its root from it. */
  constructor(dir: string) {
    const { createConverter } = require("tslab/dist/converter") as { createConverter(o: object): TslabConverter };
    const { createExecutor } = require("tslab/dist/executor") as {
      createExecutor(root: string, convs: object, console: TslabConsole): TslabExecutor;
    };
    const node = createConverter({ isJS: false, isBrowser: false });
    let browser: TslabConverter | undefined;
    const convs = {
      node,
      get browser() {
        return (browser ??= createConverter({ isJS: false, isBrowser: true }));
      },
      close() {
        node.close();
        browser?.close();
      },
    };
    // tslab reports through this console: log() is the cell's last value, error() a failure.
    this.executor = createExecutor(dir, convs, {
      log: (value) => Object.assign(this.outcome, { hasValue: true, value }),
      error: (...args) => this.recordError(args),
    });
  }

  /**
   * Run one cell. Resolves when it finished, failed, or ran past `timeoutMs` (then the cell is
   * interrupted and abandoned: work it started may still be running).
   */
  async run(src: string, label: string, timeoutMs: number, signal?: AbortSignal): Promise<CellOutcome> {
    this.outcome = blankOutcome();
    this.outcome.label = label;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const execution = this.executor.execute(src);
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const aborted = new Promise<"interrupted">((resolve) => {
      onAbort = () => resolve("interrupted");
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const first = await Promise.race([execution, timeout, aborted]);
      if (first === "timeout" || first === "interrupted") {
        this.interrupting = true;
        this.executor.interrupt();
        await execution;
        if (first === "timeout") this.outcome.timedOut = true;
        else this.outcome.interrupted = true;
        this.outcome.ok = false;
        this.outcome.hasValue = false;
        return this.outcome;
      }
      this.outcome.ok = first && !this.outcome.error;
      if (!first && !this.outcome.error) this.outcome.error = errorOutput("Error", "the cell failed without saying why", label);
      return this.outcome;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      this.interrupting = false;
    }
  }

  close(): void {
    this.executor.close();
  }

  private recordError(args: unknown[]): void {
    const label = this.outcome.label ?? "cell";
    if (args[0] === DIAGNOSTIC_FORMAT) {
      // A TypeScript diagnostic: [format, fileName, line, column, message].
      const [, file, line, column, message] = args as [string, string, number, number, string];
      const where = `${file ? `${file} ` : ""}line ${line}:${column}`;
      const text = `${label}, ${where} - ${message}`;
      const prev = this.outcome.error;
      if (prev?.ename === "TypeScriptError") {
        prev.evalue += `; ${message} (${where})`;
        prev.traceback.push(text);
      } else this.outcome.error = { output_type: "error", ename: "TypeScriptError", evalue: `${message} (${where})`, traceback: [text] };
      this.outcome.warnings.push(text);
      return;
    }
    const thrown = args[0];
    if (this.interrupting && thrown instanceof Error && thrown.message === INTERRUPTED) return;
    this.outcome.error = thrownToError(thrown, label);
  }
}

type Outcome = CellOutcome & { label?: string };

function blankOutcome(): Outcome {
  return { ok: false, hasValue: false, timedOut: false, warnings: [] };
}

function errorOutput(ename: string, evalue: string, label: string): ErrorOutput {
  return { output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue} (${label})`] };
}

/** An nbformat error output from whatever a cell threw; the stack stops at the cell's own frames. */
export function thrownToError(thrown: unknown, label: string): ErrorOutput {
  if (!(thrown instanceof Error)) {
    const evalue = format(thrown);
    return { output_type: "error", ename: "Uncaught", evalue, traceback: [`Uncaught ${evalue}`] };
  }
  const ename = thrown.name || thrown.constructor?.name || "Error";
  // An error that says how it reads in a cell (vethbook's own do) is shown that way, as the
  // kernel shows it: no stack of library frames.
  if (typeof (thrown as unknown as Record<symbol, unknown>)[inspect.custom] === "function") {
    return { output_type: "error", ename, evalue: thrown.message, traceback: inspect(thrown).split("\n") };
  }
  const stack = (thrown.stack ?? `${ename}: ${thrown.message}`).split("\n");
  const internal = stack.findIndex((l) => /\bnode:vm\b|[\\/]tslab[\\/]dist[\\/]executor\.js/.test(l));
  const traceback = (internal > 0 ? stack.slice(0, internal) : stack).map((l) => l.replaceAll("evalmachine.<anonymous>", `<${label}>`));
  return { output_type: "error", ename, evalue: thrown.message, traceback };
}
