import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  assertValidNotebook,
  NBFORMAT_V4_5_SCHEMA,
  newCodeCell,
  newNotebook,
  NotebookValidationError,
  parseNotebook,
  validateNotebook,
} from "../../src/notebook/index.js";
import { fixture } from "./_fixtures.js";

describe("validateNotebook (vendored nbformat 4.5 schema)", () => {
  it("is the official v4.5 schema", () => {
    expect(NBFORMAT_V4_5_SCHEMA.description).toBe("Jupyter Notebook v4.5 JSON schema.");
  });

  it("accepts what Jupyter writes", () => {
    expect(validateNotebook(parseNotebook(readFileSync(fixture("basics"), "utf8")))).toEqual({ valid: true, problems: [] });
  });

  it("rejects a bad cell id and says where", () => {
    const nb = newNotebook([newCodeCell("1", {}, "has space")]);
    const { valid, problems } = validateNotebook(nb);
    expect(valid).toBe(false);
    expect(problems).toContainEqual({ path: "/cells/0/id", message: 'must match pattern "^[a-zA-Z0-9-_]+$"' });
    expect(() => assertValidNotebook(nb, "bad.ipynb")).toThrow(NotebookValidationError);
  });

  it("rejects a repeated cell id, as nbformat does", () => {
    const nb = newNotebook([newCodeCell("1", {}, "same"), newCodeCell("2", {}, "other"), newCodeCell("3", {}, "same")]);
    expect(validateNotebook(nb)).toEqual({ valid: false, problems: [{ path: "/cells/2/id", message: 'repeats the id "same" of cell 0: cell ids must be unique' }] });
  });

  it("rejects an error output without a traceback", () => {
    const cell = newCodeCell("throw 1");
    cell.outputs.push({ output_type: "error", ename: "Error", evalue: "x" } as never);
    expect(validateNotebook(newNotebook([cell])).valid).toBe(false);
  });

  it("requires every timing in metadata.execution to be a string", () => {
    const cell = newCodeCell("1", { execution: { "shell.execute_reply": 5 as unknown as string } });
    expect(validateNotebook(newNotebook([cell])).valid).toBe(false);
  });
});
