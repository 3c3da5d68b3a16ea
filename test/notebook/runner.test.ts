import { describe, expect, it } from "vitest";
import {
  CellExecutionError,
  codeCells,
  newCodeCell,
  newNotebook,
  publishDisplay,
  runNotebook,
  validateNotebook,
  type CodeCell,
  type Notebook,
  type Output,
} from "../../src/notebook/index.js";
import { BOOK, fixture } from "./_fixtures.js";

const byId = (nb: Notebook, id: string) => codeCells(nb).find((c) => c.id === id)!;
/** Outputs without the parts that change from run to run (traceback frames). */
const outputsOf = (cell: CodeCell): Output[] => cell.outputs;

describe("runNotebook", () => {
  it("records streams, displays, values and errors as Jupyter does", async () => {
    const cwd = process.cwd();
    const { notebook: nb, ok, cells, startupMs } = await runNotebook(fixture("basics"));
    expect(ok).toBe(true);
    expect(process.cwd()).toBe(cwd);
    expect(validateNotebook(nb)).toEqual({ valid: true, problems: [] });
    expect(startupMs).toBeGreaterThan(0);

    expect(outputsOf(byId(nb, "hello"))).toEqual([
      { output_type: "stream", name: "stdout", text: "hello from a cell\n" },
      { output_type: "stream", name: "stderr", text: "a warning\n" },
      { output_type: "stream", name: "stdout", text: "still stdout\n" },
    ]);
    expect(outputsOf(byId(nb, "html"))).toEqual([{ output_type: "display_data", data: { "text/html": "<b>bold</b>" }, metadata: {} }]);
    // tslab.newDisplay(): the second call updates the first output in place.
    expect(outputsOf(byId(nb, "update"))).toMatchObject([{ output_type: "display_data", data: { "text/plain": "step 2" } }]);
    expect(outputsOf(byId(nb, "bundle"))).toEqual([
      { output_type: "display_data", data: { "text/plain": "a picture", "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"/>' }, metadata: {} },
      { output_type: "execute_result", execution_count: 4, data: { "text/plain": "42" }, metadata: {} },
    ]);
    expect(outputsOf(byId(nb, "value"))).toEqual([
      { output_type: "execute_result", execution_count: 5, data: { "text/plain": "{ ip: '10.0.0.1', up: true, ports: [ 80, 443 ] }" }, metadata: {} },
    ]);
    expect(outputsOf(byId(nb, "await"))).toEqual([{ output_type: "stream", name: "stdout", text: "awake\n" }]);

    const skipped = byId(nb, "skipped");
    expect([skipped.execution_count, skipped.outputs]).toEqual([null, []]);
    expect(byId(nb, "hidden").metadata.tags).toEqual(["hide-input"]);
    const [expected] = byId(nb, "expected").outputs;
    expect(expected).toMatchObject({ output_type: "error", ename: "RangeError", evalue: "this cell is meant to fail" });
    expect((expected as { traceback: string[] }).traceback).toContain("RangeError: this cell is meant to fail");

    expect(cells.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "skipped", "ok", "expected-error"]);
    expect(codeCells(nb).map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5, 6, null, 7, 8]);
    const timing = byId(nb, "hello").metadata;
    expect(Object.keys(timing.execution!).sort()).toEqual(["iopub.execute_input", "iopub.status.busy", "iopub.status.idle", "shell.execute_reply"]);
    expect(new Date(timing.execution!["shell.execute_reply"]!).getTime()).toBeGreaterThan(0);
    expect(typeof timing.vethbook?.duration_ms).toBe("number");
  }, 30_000);

  it("stops at a throwing cell and says which cell and what it said", async () => {
    const result = await runNotebook(fixture("failing"));
    expect(result.ok).toBe(false);
    const error = result.error!;
    expect(error).toBeInstanceOf(CellExecutionError);
    expect([error.cellNumber, error.cellId]).toEqual([2, "boom"]);
    expect(error.summary).toMatch(/failing\.ipynb: cell 2 \(id boom\) failed: Error: ping across br0 failed$/);
    expect(error.message).toContain("throw new Error(`ping across ${dev} failed`);");
    const [before, boom, after] = codeCells(result.notebook);
    expect(before!.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "before\n" }]);
    expect(boom!.outputs).toMatchObject([{ output_type: "error", ename: "Error", evalue: "ping across br0 failed" }]);
    expect([after!.execution_count, after!.outputs]).toEqual([null, []]);
    expect(result.notebook.metadata.vethbook).toMatchObject({ run: { ok: false, failed_cell: 2, failed_cell_id: "boom" } });
    expect(validateNotebook(result.notebook).valid).toBe(true);
  }, 30_000);

  it("goes on past failures with allowErrors", async () => {
    const result = await runNotebook(fixture("failing"), { allowErrors: true });
    expect(result.cells.map((c) => c.status)).toEqual(["ok", "error", "ok"]);
    expect(result.ok).toBe(false);
    expect(codeCells(result.notebook)[2]!.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "after\n" }]);
  }, 30_000);

  it("fails a cell with a type error, as the kernel does", async () => {
    const { error } = await runNotebook(fixture("typo"));
    expect(error?.output).toMatchObject({ ename: "TypeScriptError", evalue: "Type 'string' is not assignable to type 'number'. (line 1:7)" });
  }, 30_000);

  it("fails a raises-exception cell that does not raise", async () => {
    const { ok, error } = await runNotebook(fixture("no-raise"));
    expect(ok).toBe(false);
    expect(error?.summary).toContain('cell 1 (id calm) failed: cell 1 is tagged "raises-exception" but ran without raising');
  }, 30_000);

  it("injects parameters after the parameters cell", async () => {
    const { ok, notebook } = await runNotebook(fixture("params"), { parameters: { target: "ssh", hosts: ["vm1", "vm2"] } });
    expect(ok).toBe(true);
    const cells = codeCells(notebook);
    expect(cells.map((c) => c.metadata.tags ?? [])).toEqual([["parameters"], ["injected-parameters"], []]);
    expect(cells[2]!.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: '{"target":"ssh","retries":3,"hosts":["vm1","vm2"],"verbose":false,"where":"elsewhere"}\n' },
    ]);
  }, 30_000);

  it("calls the lifecycle hooks in order", async () => {
    const events: string[] = [];
    await runNotebook(fixture("failing"), {
      hooks: {
        onCellStart: (c) => void events.push(`start ${c.cellNumber}`),
        onCellExecuted: (c) => void events.push(`executed ${c.cellNumber} ${c.status}`),
        onCellError: (c) => void events.push(`error ${c.cellNumber} ${c.error.cellId}`),
      },
    });
    expect(events).toEqual(["start 1", "executed 1 ok", "start 2", "executed 2 error", "error 2 boom"]);
  }, 30_000);

  it("gives each notebook fresh state, and captures publishDisplay() bundles and updates across cells", async () => {
    // A cell cannot import this .ts file (tslab compiles only the notebook's own folder), so the
    // test hands publishDisplay to the cells through a global.
    (globalThis as Record<string, unknown>).__publish = publishDisplay;
    const nb = newNotebook([
      newCodeCell('const publish = (globalThis as any).__publish;\npublish({ "text/plain": "v1", "text/html": "<i>v1</i>" }, { displayId: "topo" });', {}, "first"),
      newCodeCell('publish({ "text/plain": "v2", "text/html": "<i>v2</i>" }, { displayId: "topo", update: true });\nconst leftover = 1;', {}, "second"),
    ]);
    const first = await runNotebook(nb, { cwd: BOOK, name: "in-memory" });
    expect(first.ok).toBe(true);
    expect(codeCells(first.notebook)[0]!.outputs).toMatchObject([{ output_type: "display_data", data: { "text/plain": "v2", "text/html": "<i>v2</i>" } }]);
    expect(codeCells(first.notebook)[1]!.outputs).toEqual([]);

    const second = await runNotebook(newNotebook([newCodeCell("leftover")]), { cwd: BOOK });
    expect(second.error?.output).toMatchObject({ ename: "TypeScriptError", evalue: "Cannot find name 'leftover'. (line 1:1)" });
  }, 30_000);
});
