// The headless runner: execute a notebook's TypeScript cells top to bottom with tslab's engine
// (see _engine.ts for why in-process), record outputs, counts and timing as nbclient does, and
// say which cell failed and why.
import { basename, dirname, resolve } from "node:path";
import { Capture, OutputCollector } from "./_capture.js";
import { TslabEngine } from "./_engine.js";
import { CellExecutionError, CellInterruptedError, CellTimeoutError, type CellLocation } from "./errors.js";
import { codeCells, readNotebook } from "./ipynb.js";
import { injectParameters, type Parameters } from "./params.js";
import { withRunContext, type RunContext } from "./run-context.js";
import { silentProgress, type CellStatus, type ProgressReporter } from "./progress.js";
import { hasTag, TAGS } from "./tags.js";
import type { CodeCell, DisplayDataOutput, Notebook, Output } from "./types.js";

export const DEFAULT_CELL_TIMEOUT_SECONDS = 120;

export interface CellContext {
  notebook: string;
  cell: CodeCell;
  /** 1-based among code cells. */
  cellNumber: number;
  totalCells: number;
}

export interface CellExecutedContext extends CellContext {
  status: CellStatus;
  durationMs: number;
  outputs: Output[];
}

export interface CellErrorContext extends CellContext {
  error: CellExecutionError;
}

/** Lifecycle hooks, as nbclient's on_cell_start / on_cell_executed / on_cell_error. */
export interface RunHooks {
  onCellStart?(ctx: CellContext): void | Promise<void>;
  onCellExecuted?(ctx: CellExecutedContext): void | Promise<void>;
  onCellError?(ctx: CellErrorContext): void | Promise<void>;
}

export interface RunOptions {
  /** Papermill-style parameters, injected after the cell tagged `parameters`. */
  parameters?: Parameters;
  /** Seconds a cell may run (default 120); a cell's metadata.vethbook.timeout overrides it. */
  timeout?: number;
  /** Record failing cells and go on instead of stopping at the first. */
  allowErrors?: boolean;
  hooks?: RunHooks;
  progress?: ProgressReporter;
  /** Where cells run (default: the notebook's folder; required for relative imports). */
  cwd?: string;
  /** A name for a notebook given in memory, used in messages. */
  name?: string;
  /** Interrupt the run (Ctrl-C): the running cell is abandoned and no later cell runs. */
  signal?: AbortSignal;
  /** Settings for the code the cells call, read back through currentRun() (e.g. `lab`:
   *  the lab options the command line resolved). */
  settings?: Record<string, unknown>;
}

export interface CellReport {
  cellNumber: number;
  cellId: string;
  status: CellStatus;
  executionCount: number | null;
  durationMs: number;
}

export interface RunResult {
  /** The executed notebook (a copy; the input is left as it was). */
  notebook: Notebook;
  /** The notebook file, or the name given for one in memory. */
  name: string;
  ok: boolean;
  /** The first failure (what stopped the run, unless allowErrors). */
  error?: CellExecutionError;
  errors: CellExecutionError[];
  cells: CellReport[];
  durationMs: number;
  /** Time to start tslab's engine for this notebook. */
  startupMs: number;
}

// Cells run with the notebook's folder as the process's current directory, and tslab's display
// hook is process-wide: one notebook at a time per process.
let queue: Promise<unknown> = Promise.resolve();

/** Execute a notebook (a file path, or a Notebook with options.cwd) and return the executed copy. */
export function runNotebook(input: string | Notebook, options: RunOptions = {}): Promise<RunResult> {
  const notebook = typeof input === "string" ? basename(input) : options.name;
  // The parameters reach the code the cells call too (e.g. `solutions`, `predictions`).
  const context: RunContext = { settings: { parameters: { ...options.parameters }, ...options.settings }, metadata: {}, notebook };
  const run = queue.then(() => withRunContext(context, () => runExclusive(input, options, context)));
  queue = run.catch(() => undefined);
  return run;
}

async function runExclusive(input: string | Notebook, options: RunOptions, context: RunContext): Promise<RunResult> {
  const file = typeof input === "string" ? resolve(input) : undefined;
  const name = typeof input === "string" ? input : (options.name ?? "<notebook>");
  let nb = structuredClone(typeof input === "string" ? await readNotebook(file!) : input);
  if (options.parameters && Object.keys(options.parameters).length > 0) nb = injectParameters(nb, options.parameters);
  const cells = codeCells(nb);
  for (const cell of cells) Object.assign(cell, { outputs: [], execution_count: null });

  const dir = options.cwd ? resolve(options.cwd) : file ? dirname(file) : process.cwd();
  const progress = options.progress ?? silentProgress;
  const hooks = options.hooks ?? {};
  const result: RunResult = { notebook: nb, name, ok: true, errors: [], cells: [], durationMs: 0, startupMs: 0 };
  const started = new Date();
  const previousCwd = process.cwd();
  const capture = new Capture();
  const displays = new Map<string, DisplayDataOutput[]>();
  let engine: TslabEngine | undefined;
  const onRejection = (reason: unknown) => process.stderr.write(`UnhandledPromiseRejection: ${String(reason instanceof Error ? reason.stack : reason)}\n`);
  const onException = (err: Error) => process.stderr.write(`UncaughtException: ${err.stack ?? err}\n`);

  progress.notebookStart(name, cells.length);
  try {
    chdir(dir);
    engine = new TslabEngine(dir);
    result.startupMs = Date.now() - started.getTime();
    capture.install();
    process.on("unhandledRejection", onRejection);
    process.on("uncaughtException", onException);
    let executionCount = 0;

    for (const [i, cell] of cells.entries()) {
      const ctx: CellContext = { notebook: name, cell, cellNumber: i + 1, totalCells: cells.length };
      const at: CellLocation = { notebook: name, cellNumber: ctx.cellNumber, cellId: cell.id, source: cell.source };
      if (hasTag(cell, TAGS.skipExecution) || cell.source.trim() === "") {
        result.cells.push({ cellNumber: ctx.cellNumber, cellId: cell.id, status: "skipped", executionCount: null, durationMs: 0 });
        progress.cellDone(ctx.cellNumber, "skipped", 0);
        continue;
      }
      await capture.paused(() => hooks.onCellStart?.(ctx));
      progress.cellStart(ctx.cellNumber, firstLine(cell.source));

      const collector = new OutputCollector(displays);
      cell.outputs = collector.outputs;
      cell.execution_count = ++executionCount;
      capture.routeTo(collector);
      const busy = new Date();
      const outcome = await engine.run(cell.source, `cell ${ctx.cellNumber}`, cellTimeout(cell, options) * 1000, options.signal);
      const reply = new Date();
      const durationMs = reply.getTime() - busy.getTime();

      for (const warning of outcome.ok ? outcome.warnings : []) collector.stream("stderr", `${warning}\n`);
      if (outcome.ok && outcome.hasValue) collector.result(executionCount, outcome.value);
      let failure: CellExecutionError | undefined;
      let status: CellStatus = "ok";
      if (outcome.timedOut) {
        failure = new CellTimeoutError(at, cellTimeout(cell, options));
        collector.error(failure.output);
        status = "timeout";
      } else if (outcome.interrupted) {
        failure = new CellInterruptedError(at);
        collector.error(failure.output);
        status = "interrupted";
      } else if (outcome.error?.ename === "InterruptedError") {
        // The cell's lab command was interrupted (Ctrl-C reached it) and the cell ended with it.
        collector.error(outcome.error);
        status = "interrupted";
        failure = new CellExecutionError(at, outcome.error);
      } else if (outcome.error) {
        collector.error(outcome.error);
        status = hasTag(cell, TAGS.raisesException) ? "expected-error" : "error";
        if (status === "error") failure = new CellExecutionError(at, outcome.error);
      } else if (hasTag(cell, TAGS.raisesException)) {
        status = "error";
        const evalue = `cell ${ctx.cellNumber} is tagged "${TAGS.raisesException}" but ran without raising`;
        failure = new CellExecutionError(at, { output_type: "error", ename: "MissingExpectedError", evalue, traceback: [evalue] }, evalue);
      }

      cell.metadata.execution = {
        "iopub.status.busy": busy.toISOString(),
        "iopub.execute_input": busy.toISOString(),
        "shell.execute_reply": reply.toISOString(),
        "iopub.status.idle": reply.toISOString(),
      };
      cell.metadata.vethbook = { ...cell.metadata.vethbook, duration_ms: durationMs };
      result.cells.push({ cellNumber: ctx.cellNumber, cellId: cell.id, status, executionCount, durationMs });
      progress.cellDone(ctx.cellNumber, status, durationMs);
      await capture.paused(() => hooks.onCellExecuted?.({ ...ctx, status, durationMs, outputs: cell.outputs }));
      if (failure) {
        result.errors.push(failure);
        await capture.paused(() => hooks.onCellError?.({ ...ctx, error: failure }));
        if (!options.allowErrors || options.signal?.aborted) break;
      }
    }
  } finally {
    capture.uninstall();
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
    engine?.close();
    process.chdir(previousCwd);
  }

  result.error = result.errors[0];
  result.ok = result.errors.length === 0;
  result.durationMs = Date.now() - started.getTime();
  const meta = (nb.metadata.vethbook ??= {}) as Record<string, unknown>;
  // What the code the cells called recorded (the lab: its target, the hostnames it reached).
  for (const [key, value] of Object.entries(context.metadata)) meta[key] = sortedObject(value);
  meta.executed_at = started.toISOString();
  meta.run = {
    start_time: started.toISOString(),
    end_time: new Date().toISOString(),
    duration_ms: result.durationMs,
    ok: result.ok,
    ...(result.error ? { failed_cell: result.error.cellNumber, failed_cell_id: result.error.cellId, error: result.error.summary } : {}),
  };
  progress.notebookDone(result.ok, result.durationMs);
  return result;
}

function cellTimeout(cell: CodeCell, options: RunOptions): number {
  const own = cell.metadata.vethbook?.timeout;
  if (typeof own === "number" && own > 0) return own;
  return options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_CELL_TIMEOUT_SECONDS;
}

function firstLine(source: string): string {
  return source.split("\n").find((l) => l.trim() && !l.trim().startsWith("//"))?.trim() ?? "";
}

function chdir(dir: string): void {
  try {
    process.chdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_WORKER_UNSUPPORTED_OPERATION") {
      throw new Error("the notebook runner changes the current directory (tslab needs it): run it in the main thread, not a worker (vitest: pool 'forks')");
    }
    throw new Error(`cannot enter the notebook's folder ${dir}: ${(e as Error).message}`);
  }
}

function sortedObject(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
