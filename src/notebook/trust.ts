// Sign executed notebooks for this user with Jupyter's own notary (`jupyter trust`), so they
// open trusted: their SVG pictures and styled HTML shown, not the text fallbacks.
import { spawnSync } from "node:child_process";
import { findJupyter, findJupyterPython, KernelSetupError, onPath } from "./kernel.js";

export interface TrustResult {
  /** The notebooks Jupyter signed. */
  signed: string[];
  /** Why nothing was signed (no Jupyter, or `jupyter trust` failed), in one line. */
  skipped?: string;
}

/**
 * `jupyter trust FILE...`: records each notebook's signature in this user's notary database.
 * Where `jupyter trust` is not on PATH (Debian ships nbformat without its `jupyter-trust`
 * script), the same app runs as `python3 -m nbformat.sign` on Jupyter's own Python.
 */
export function trustNotebooks(files: readonly string[], env: NodeJS.ProcessEnv = process.env): TrustResult {
  if (!files.length) return { signed: [] };
  let jupyter: string;
  try {
    jupyter = findJupyter();
  } catch (e) {
    if (e instanceof KernelSetupError) return { signed: [], skipped: "Jupyter is not installed, so the executed notebooks are not signed (in Jupyter: File > Trust Notebook)" };
    throw e;
  }
  let command: [string, string[]];
  try {
    command = onPath("jupyter-trust") ? [jupyter, ["trust", ...files]] : [findJupyterPython(jupyter), ["-m", "nbformat.sign", ...files]];
  } catch (e) {
    if (e instanceof KernelSetupError) return { signed: [], skipped: `Jupyter's Python was not found, so the executed notebooks are not signed (${e.message.split("\n")[0]})` };
    throw e;
  }
  const run = spawnSync(command[0], command[1], { encoding: "utf8", timeout: 60_000, env: { ...env, PYDEVD_DISABLE_FILE_VALIDATION: "1" } });
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? (`${run.stderr ?? ""}`.trim().split("\n").pop() || `exit ${run.status}`);
    return { signed: [], skipped: `\`jupyter trust\` failed (${why}), so the executed notebooks are not signed` };
  }
  return { signed: [...files] };
}
