// Typed failures of a notebook run, shaped after nbclient's CellExecutionError / CellTimeoutError.
import type { ErrorOutput } from "./types.js";

export interface CellLocation {
  /** The notebook file (or "<notebook>" for one given in memory). */
  notebook: string;
  /** 1-based position among the notebook's code cells: what a learner counts in Jupyter. */
  cellNumber: number;
  cellId: string;
  source: string;
}

function excerpt(source: string): string {
  const lines = source.trimEnd().split("\n");
  const shown = lines.slice(0, 6).map((l) => `  | ${l}`);
  if (lines.length > 6) shown.push(`  | … (${lines.length - 6} more lines)`);
  return shown.join("\n");
}

/** A code cell raised (or was tagged `raises-exception` and did not). */
export class CellExecutionError extends Error {
  override name = "CellExecutionError";
  readonly notebook: string;
  readonly cellNumber: number;
  readonly cellId: string;
  readonly source: string;
  /** The error as recorded in the notebook (ename, evalue, traceback). */
  readonly output: ErrorOutput;

  constructor(at: CellLocation, output: ErrorOutput, summary?: string) {
    const what = summary ?? `${output.ename}: ${output.evalue}`;
    super(`${at.notebook}: cell ${at.cellNumber} (id ${at.cellId}) failed: ${what}\n${excerpt(at.source)}`);
    this.notebook = at.notebook;
    this.cellNumber = at.cellNumber;
    this.cellId = at.cellId;
    this.source = at.source;
    this.output = output;
  }

  /** One line for a terminal: where, and what it said. */
  get summary(): string {
    return this.message.split("\n")[0]!;
  }
}

/** A code cell ran longer than its timeout and was interrupted (its async work abandoned). */
export class CellTimeoutError extends CellExecutionError {
  override name = "CellTimeoutError";
  readonly timeoutSeconds: number;

  constructor(at: CellLocation, timeoutSeconds: number) {
    const evalue =
      `cell ${at.cellNumber} did not finish within ${timeoutSeconds} s; raise the limit with --timeout, ` +
      `or for this cell alone with metadata {"vethbook": {"timeout": seconds}}`;
    super(at, { output_type: "error", ename: "CellTimeoutError", evalue, traceback: [`CellTimeoutError: ${evalue}`] }, `timed out after ${timeoutSeconds} s`);
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** The run was interrupted (Ctrl-C) while this cell waited: it was abandoned. */
export class CellInterruptedError extends CellExecutionError {
  override name = "CellInterruptedError";

  constructor(at: CellLocation) {
    const evalue = `interrupted: cell ${at.cellNumber} was stopped by Ctrl-C`;
    super(at, { output_type: "error", ename: "Interrupted", evalue, traceback: [evalue] }, "interrupted");
  }
}
