import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  hasTag,
  injectParameters,
  parseNotebook,
  parseParameterArgs,
  parseParameterValue,
  ParameterError,
  renderParameters,
} from "../../src/notebook/index.js";
import { fixture } from "./_fixtures.js";

describe("parameters", () => {
  it("types -p values: numbers, booleans, null, JSON, else strings", () => {
    expect(parseParameterValue("3")).toBe(3);
    expect(parseParameterValue("-1.5e3")).toBe(-1500);
    expect(parseParameterValue("true")).toBe(true);
    expect(parseParameterValue("null")).toBe(null);
    expect(parseParameterValue('["vm1","vm2"]')).toEqual(["vm1", "vm2"]);
    expect(parseParameterValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseParameterValue("192.168.50.10")).toBe("192.168.50.10");
    expect(parseParameterValue("[not json")).toBe("[not json");
    expect(parseParameterValue("")).toBe("");
  });

  it("parses key=value arguments and refuses what is not an identifier", () => {
    expect(parseParameterArgs(["target=ssh", "count=2", "url=http://x/?a=b"])).toEqual({ target: "ssh", count: 2, url: "http://x/?a=b" });
    expect(() => parseParameterArgs(["novalue"])).toThrow(ParameterError);
    expect(() => parseParameterArgs(["my-key=1"])).toThrow(/not a TypeScript identifier/);
  });

  it("re-declares with the keyword and type of the defaults, else a widened type", () => {
    const defaults = 'let target: string = "sandbox";\nconst retries = 3;\nconst hosts: string[] = ["vm1"];';
    expect(renderParameters({ target: "ssh", retries: 5, hosts: ["a"], fresh: true, obj: { a: 1 } }, defaults).split("\n").slice(1)).toEqual([
      'let target: string = "ssh";',
      "const retries: number = 5;",
      'const hosts: string[] = ["a"];',
      "const fresh: boolean = true;",
      'const obj = {"a":1};',
    ]);
  });

  it("injects a tagged cell right after the parameters cell, replacing an earlier one", () => {
    const nb = parseNotebook(readFileSync(fixture("params"), "utf8"));
    const once = injectParameters(nb, { target: "ssh" });
    const twice = injectParameters(once, { target: "vagrant" });
    expect(twice.cells.map((c) => c.id)).toEqual(["defaults", twice.cells[1]!.id, "use"]);
    expect(hasTag(twice.cells[1]!, "injected-parameters")).toBe(true);
    expect(twice.cells[1]!.source).toContain('let target: string = "vagrant";');
    expect(twice.metadata.vethbook).toEqual({ parameters: { target: "vagrant" } });
    expect(nb.cells).toHaveLength(2); // the input is left alone
  });

  it("puts the injected cell first when there is no parameters cell (as papermill does)", () => {
    const nb = parseNotebook(readFileSync(fixture("failing"), "utf8"));
    const out = injectParameters(nb, { target: "local" });
    expect(hasTag(out.cells[0]!, "injected-parameters")).toBe(true);
    expect(out.cells[0]!.source).toContain('const target: string = "local";');
  });
});
