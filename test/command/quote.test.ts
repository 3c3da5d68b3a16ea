import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { argvToCommand, buildCommand, quote } from "../../src/command/quote.js";

// What bash reads back from a quoted word must be exactly the original value.
function bashEcho(words: string): string[] {
  const out = execFileSync("bash", ["--noprofile", "--norc", "-c", `for w in ${words}; do printf '%s\\0' "$w"; done`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("quote", () => {
  const hostile = ["", "plain", "11.11.11.2/24", "two words", "$(id)", "`id`", "a;b", "it's", "back\\slash", "line\nbreak", "tab\there", "*", "~root", "ünïcødé", "\x01ctl", "-n", "!event"];

  it("keeps safe values bare", () => {
    expect(quote("veth0")).toBe("veth0");
    expect(quote("11.11.11.2/24")).toBe("11.11.11.2/24");
  });

  it.each(hostile)("bash reads %j back unchanged", (value) => {
    expect(bashEcho(quote(value))).toEqual([value]);
  });

  it("expands arrays into several quoted words", () => {
    const cmd = buildCommand(["ip addr add ", " dev ", ""], [["11.11.11.2/24"], "my veth"]);
    expect(cmd).toBe("ip addr add 11.11.11.2/24 dev $'my veth'");
    expect(bashEcho(buildCommand(["", ""], [["a b", "$(x)", "c"]]))).toEqual(["a b", "$(x)", "c"]);
  });

  it("refuses null and undefined with a clear error", () => {
    expect(() => buildCommand(["ping ", ""], [undefined])).toThrow(/cannot interpolate undefined/);
  });

  it("quotes every word of an argv", () => {
    expect(bashEcho(argvToCommand(["echo", "$(id)", "a;b", "`x`"]))).toEqual(["echo", "$(id)", "a;b", "`x`"]);
    expect(() => argvToCommand([])).toThrow(/empty command/);
  });
});
