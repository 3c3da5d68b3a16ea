// Run notebook cells the way a chapter does: the built runner (dist/) executes cells that
// import the built kernel-helpers, so both share one module graph, as in a real run.
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Notebook, Output, RunOptions, RunResult } from "../../src/notebook/index.js";

const root = join(import.meta.dirname, "../..");
type Runner = typeof import("../../src/notebook/index.js");
// Node's own loader (not the test runner's), which is also what loads the cells' imports.
const runner = createRequire(import.meta.url)(join(root, "dist/src/notebook/index.js")) as Runner;

/** Run `cells` (TypeScript sources) in a fresh notebook whose first cell imports the helpers. */
export async function runCells(cells: string[], options: RunOptions = {}): Promise<RunResult & { outputs: Output[][] }> {
  const nb: Notebook = runner.newNotebook([
    runner.newCodeCell(`import { lab, show, expect, setQuiet } from "./dist/kernel-helpers/index.js";`),
    ...cells.map((c) => runner.newCodeCell(c)),
  ]);
  const result = await runner.runNotebook(nb, { cwd: root, name: "kernel-helpers test", ...options });
  return { ...result, outputs: runner.codeCells(result.notebook).slice(1).map((c) => c.outputs) };
}

export const LOCAL = { lab: { target: "local", allowLocal: true } };
