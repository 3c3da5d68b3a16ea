// How a failure reads in a notebook cell: what went wrong in one line, the output that
// shows it (short), and the learner's own line of the cell, not a stack of library frames.
import { inspect } from "node:util";

/** Finds the notebook cell's own line in a stack (set by the code that runs cells). */
type CellLocator = (stack: string) => string | undefined;
let locator: CellLocator = () => undefined;

export function setCellLocator(fn: CellLocator): void {
  locator = fn;
}

/** Where the caller is, as a stack: taken when a command or an assertion is made, so a
 *  failure later (after awaits) can still name the cell's line. */
export function captureOrigin(): string {
  return new Error().stack ?? "";
}

export interface FailureText {
  headline: string;
  /** Output to show under it (its last lines are kept). */
  output?: string;
  /** A stack from captureOrigin(). */
  origin?: string;
}

const MAX_LINES = 12;

export function formatFailure(f: FailureText): string {
  const lines = [f.headline];
  const out = (f.output ?? "").replace(/\s+$/, "");
  if (out) {
    const all = out.split("\n");
    const shown = all.length > MAX_LINES ? ["…", ...all.slice(-MAX_LINES)] : all;
    lines.push(...shown.map((l) => `  ${l}`));
  }
  const line = f.origin ? locator(f.origin) : undefined;
  if (line) lines.push(`  ↳ in this cell: ${line.trim()}`);
  return lines.join("\n");
}

/** Give an error class a readable face for console.error and util.inspect (which is how the
 *  tslab kernel prints what a cell threw). */
export function readable<T extends Error>(error: T, text: () => string): T {
  Object.defineProperty(error, inspect.custom, { value: text, enumerable: false });
  return error;
}
