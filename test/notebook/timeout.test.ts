// Its own file: a timed-out cell is abandoned, not stopped, and its timer still runs for 10 s.
import { describe, expect, it } from "vitest";
import { CellTimeoutError, codeCells, readNotebook, runNotebook, validateNotebook } from "../../src/notebook/index.js";
import { BOOK, fixture } from "./_fixtures.js";

describe("cell timeouts", () => {
  it("interrupts an awaiting cell after --timeout seconds", async () => {
    const started = Date.now();
    const { ok, error, notebook } = await runNotebook(fixture("slow"), { timeout: 1 });
    expect(Date.now() - started).toBeLessThan(9_000); // the cell alone would take 10 s
    expect(ok).toBe(false);
    expect(error).toBeInstanceOf(CellTimeoutError);
    expect((error as CellTimeoutError).timeoutSeconds).toBe(1);
    expect(error!.summary).toMatch(/slow\.ipynb: cell 1 \(id sleep\) failed: timed out after 1 s$/);
    expect(codeCells(notebook)[0]!.outputs).toMatchObject([{ output_type: "error", ename: "CellTimeoutError" }]);
    expect(validateNotebook(notebook).valid).toBe(true);
  }, 20_000);

  it("lets cell metadata vethbook.timeout override the run's timeout", async () => {
    const nb = await readNotebook(fixture("slow"));
    codeCells(nb)[0]!.metadata.vethbook = { timeout: 1 };
    const { error } = await runNotebook(nb, { cwd: BOOK, timeout: 60 });
    expect((error as CellTimeoutError).timeoutSeconds).toBe(1);
  }, 20_000);
});
