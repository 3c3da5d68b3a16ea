// `vethbook run --jobs N` (and `vethbook course`): notebooks at the same time, each worker a
// process of its own with a sandbox lab of its own. One process runs one notebook at a time
// (tslab's display hook and the cells' working folder are process-wide), and most of a
// chapter's time is spent waiting for the kernel (an ARP entry going STALE, dockerd
// restarting): two chapters wait side by side as well as one. Each worker takes the next
// notebook in the queue when it is free: the ones that took longest last time first.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { CellStatus, ProgressReporter } from "../notebook/progress.js";
import type { Parameters } from "../notebook/params.js";
import type { LabOptions } from "../targets/options.js";

/** What a worker is asked to do. */
export type ToWorker =
  | { type: "run"; notebook: string; output: string; parameters: Parameters; timeout?: number; allowErrors: boolean; lab: LabOptions }
  | { type: "end" };

/** What a worker says back: the progress of the notebook it runs, and how it went. */
export type FromWorker =
  | { type: "notebookStart"; notebook: string; codeCells: number }
  | { type: "cellStart"; cellNumber: number; firstLine: string }
  | { type: "cellDone"; cellNumber: number; status: CellStatus; durationMs: number }
  | { type: "notebookDone"; ok: boolean; durationMs: number }
  | { type: "done"; notebook: string; output: string; ok: boolean; errors: string[] }
  | { type: "failed"; notebook: string; message: string };

export interface ParallelJob {
  notebook: string;
  output: string;
  /** How long it took last time, if known: the longest start first, so none is left to run
   *  alone at the end. */
  expectedMs?: number;
}

export interface ParallelOutcome {
  notebook: string;
  output: string;
  ok: boolean;
  errors: string[];
}

export interface ParallelRun {
  jobs: ParallelJob[];
  workers: number;
  parameters: Parameters;
  timeout?: number;
  allowErrors: boolean;
  lab: LabOptions;
  /** A progress reporter for each notebook as it starts. */
  reporter: () => ProgressReporter;
  /** Called as each notebook ends (in the order they end). */
  onDone?: (outcome: ParallelOutcome, interrupted: boolean) => void;
}

const WORKER = join(import.meta.dirname, "_run-worker.js");

/**
 * Run the jobs on `workers` processes. Ctrl-C (SIGINT to this process) reaches every worker
 * once per press: the first interrupts the cell each one runs and no further notebook starts;
 * a second ends them at once. Resolves when every worker has ended, with the notebooks that
 * ran (in the order given) and whether Ctrl-C was pressed.
 */
export async function runInWorkers(run: ParallelRun): Promise<{ outcomes: ParallelOutcome[]; interrupted: boolean }> {
  // Unknown durations first (they may be the long ones), then the longest; otherwise as given.
  const queue = [...run.jobs].sort((a, b) => (b.expectedMs ?? Infinity) - (a.expectedMs ?? Infinity) || 0);
  const outcomes = new Map<string, ParallelOutcome>();
  const finish = (outcome: ParallelOutcome) => {
    outcomes.set(outcome.notebook, outcome);
    run.onDone?.(outcome, presses > 0);
  };
  const children: ChildProcess[] = [];
  let presses = 0;
  const onSigint = () => {
    presses++;
    if (presses === 1) process.stderr.write("\ninterrupting (Ctrl-C again to quit at once)...\n");
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGINT");
    if (presses > 1) setTimeout(() => process.exit(130), 200).unref();
  };
  process.on("SIGINT", onSigint);
  // Each worker: its own lab ("own": not the one of `lab up`, which another worker may drive).
  const lab: LabOptions = { ...run.lab, sandbox: "own" };
  const worker = () =>
    new Promise<void>((resolve) => {
      // Its own process group, so a terminal's Ctrl-C reaches it once, through onSigint.
      const child = fork(WORKER, [], { detached: true, stdio: ["ignore", "inherit", "inherit", "ipc"] });
      children.push(child);
      let progress: ProgressReporter | undefined;
      let current: ParallelJob | undefined;
      const next = () => {
        current = presses === 0 ? queue.shift() : undefined;
        if (!current) {
          child.send({ type: "end" } satisfies ToWorker);
          return;
        }
        child.send({ type: "run", notebook: current.notebook, output: current.output, parameters: run.parameters, timeout: run.timeout, allowErrors: run.allowErrors, lab } satisfies ToWorker);
      };
      child.on("message", (m: FromWorker) => {
        switch (m.type) {
          case "notebookStart":
            progress = run.reporter();
            progress.notebookStart(m.notebook, m.codeCells);
            break;
          case "cellStart":
            progress?.cellStart(m.cellNumber, m.firstLine);
            break;
          case "cellDone":
            progress?.cellDone(m.cellNumber, m.status, m.durationMs);
            break;
          case "notebookDone":
            progress?.notebookDone(m.ok, m.durationMs);
            break;
          case "done":
          case "failed": {
            finish(m.type === "done" ? { notebook: m.notebook, output: m.output, ok: m.ok, errors: m.errors } : { notebook: m.notebook, output: current!.output, ok: false, errors: [m.message] });
            next();
            break;
          }
        }
      });
      child.on("exit", (code, signal) => {
        // A worker that died mid-notebook: that notebook failed, and says how.
        if (current && !outcomes.has(current.notebook)) {
          finish({ notebook: current.notebook, output: current.output, ok: false, errors: [`the worker running ${current.notebook} ended (${signal ?? `exit ${code}`}) before the notebook did`] });
        }
        resolve();
      });
      next();
    });
  try {
    await Promise.all(Array.from({ length: Math.min(run.workers, run.jobs.length) }, worker));
  } finally {
    process.off("SIGINT", onSigint);
  }
  return { outcomes: run.jobs.flatMap((j) => outcomes.get(j.notebook) ?? []), interrupted: presses > 0 };
}
