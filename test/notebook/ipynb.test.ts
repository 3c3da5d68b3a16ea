import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newCodeCell, newNotebook, NotebookFormatError, parseNotebook, serializeNotebook } from "../../src/notebook/index.js";
import { fixture } from "./_fixtures.js";

describe("ipynb", () => {
  it("reads and writes a notebook byte for byte as nbformat's writer does", () => {
    for (const name of ["basics", "params", "failing"]) {
      const text = readFileSync(fixture(name), "utf8");
      expect(serializeNotebook(parseNotebook(text))).toBe(text.endsWith("\n") ? text : `${text}\n`);
    }
  });

  it("joins multiline sources in memory", () => {
    const nb = parseNotebook(readFileSync(fixture("failing"), "utf8"));
    const boom = nb.cells[1]!;
    expect(boom.id).toBe("boom");
    expect(boom.source).toBe('const dev = "br0";\nthrow new Error(`ping across ${dev} failed`);');
  });

  it("upgrades a 4.4 notebook to 4.5 by giving its cells ids", () => {
    const old = { nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [{ cell_type: "code", metadata: {}, source: ["1"], outputs: [], execution_count: null }] };
    const nb = parseNotebook(JSON.stringify(old));
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.cells[0]!.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
  });

  it("says what is wrong with a file that is not a notebook", () => {
    expect(() => parseNotebook("{", "x.ipynb")).toThrow(NotebookFormatError);
    expect(() => parseNotebook("{", "x.ipynb")).toThrow(/x\.ipynb: not JSON/);
    expect(() => parseNotebook('{"nbformat":3,"cells":[]}', "old.ipynb")).toThrow(/nbformat 3 is not supported/);
  });

  it("drops transient display ids when writing", () => {
    const cell = newCodeCell("x");
    cell.outputs.push({ output_type: "display_data", data: { "text/plain": "a\nb" }, metadata: {}, transient: { display_id: "d1" } });
    const written = JSON.parse(serializeNotebook(newNotebook([cell])));
    expect(written.cells[0].outputs[0]).toEqual({ output_type: "display_data", data: { "text/plain": ["a\n", "b"] }, metadata: {} });
  });
});
