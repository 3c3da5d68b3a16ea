// The same fixture notebook, run by real Jupyter (nbconvert → nbclient → the tslab kernel over
// ZMQ) and by the headless runner: the outputs must agree. The kernel is registered into a
// temporary prefix, so the machine's own Jupyter setup is left alone.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeNotebook, codeCells, findJupyter, installKernel, parseNotebook, runNotebook, validateNotebook, type Output } from "../../src/notebook/index.js";
import { fixture } from "./_fixtures.js";
import { describeUnless } from "../helpers/skip.js";
import { kernelSkip } from "../helpers/kernel.js";

const skip = kernelSkip;

/** What the tslab kernel sends for a last value: console.log's text on stdout, not an execute_result. */
function asKernelShowsIt(outputs: Output[]): Output[] {
  return outputs.map((o) => (o.output_type === "execute_result" ? { output_type: "stream", name: "stdout", text: `${o.data["text/plain"]}\n` } : o));
}

describeUnless(skip)("real Jupyter with the tslab kernel", () => {
  it("runs basics.ipynb through `jupyter nbconvert --execute` with the same outputs as the runner", async () => {
    const prefix = mkdtempSync(join(tmpdir(), "vethbook-kernel-"));
    const installed = installKernel({ prefix, name: "tslab", stdio: "pipe" });
    expect(installed.dir).toBe(join(prefix, "share", "jupyter", "kernels", "tslab"));

    const outDir = mkdtempSync(join(tmpdir(), "vethbook-nbconvert-"));
    const started = Date.now();
    const nbconvert = spawnSync(
      findJupyter(),
      ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60", "--output-dir", outDir, "--output", "basics", fixture("basics")],
      { encoding: "utf8", timeout: 90_000, env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") } },
    );
    console.info(`jupyter nbconvert --execute (kernel start + 9 cells + shutdown): ${Date.now() - started} ms`);
    expect(nbconvert.status, nbconvert.stderr).toBe(0);
    const viaJupyter = parseNotebook(readFileSync(join(outDir, "basics.ipynb"), "utf8"));
    expect(validateNotebook(viaJupyter)).toEqual({ valid: true, problems: [] });
    expect(viaJupyter.metadata.language_info?.name).toBe("typescript");

    // Compared as written to disk (display ids are in-memory only).
    const viaRunner = parseNotebook(serializeNotebook((await runNotebook(fixture("basics"))).notebook));
    const jupyterCells = codeCells(viaJupyter);
    for (const [i, cell] of codeCells(viaRunner).entries()) {
      const theirs = jupyterCells[i]!;
      expect(theirs.id).toBe(cell.id);
      if (cell.id === "expected") {
        // tslab reports a runtime error on stderr (no error output); nbclient accepts it: raises-exception.
        expect(theirs.outputs).toMatchObject([{ output_type: "stream", name: "stderr", text: expect.stringContaining("RangeError: this cell is meant to fail") }]);
        continue;
      }
      expect(theirs.outputs, `cell ${cell.id}`).toEqual(asKernelShowsIt(cell.outputs));
    }
  }, 120_000);
});
