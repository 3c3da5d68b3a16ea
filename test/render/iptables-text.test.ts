import { describe, expect, it } from "vitest";
import { formatIptablesNumber, renderIptablesText } from "../../src/render/index.js";
import { expectSnapshot, fixture, readIptablesSave } from "./_fixtures.js";

// test/fixtures/render/: iptables v1.8.9 (nf_tables) on sandbox vm1 (docker1); see README.md.
const ruleset = readIptablesSave(fixture("iptables-save-c.txt"));

describe("renderIptablesText matches real iptables -nvL", () => {
  it.each([
    ["filter", "filter-nvL.txt", false],
    ["filter", "filter-nvL-x.txt", true],
    ["nat", "nat-nvL.txt", false],
    ["nat", "nat-nvL-x.txt", true],
    ["mangle", "mangle-nvL.txt", false],
  ] as const)("%s table (%s)", (table, file, exact) => {
    expect(renderIptablesText(ruleset, { table, exact })).toBe(fixture(file));
  });

  it("one chain, as `iptables -nvL FORWARD`", () => {
    expect(renderIptablesText(ruleset, { chains: ["FORWARD"] })).toBe(fixture("filter-FORWARD-nvL.txt"));
  });
});

describe("formatIptablesNumber", () => {
  it("rounds like xtables_print_num", () => {
    expect(formatIptablesNumber(99999)).toBe("99999 ");
    expect(formatIptablesNumber(100000)).toBe(" 100K ");
    expect(formatIptablesNumber(1234567)).toBe("1235K ");
    expect(formatIptablesNumber(987654321)).toBe(" 988M ");
    expect(formatIptablesNumber(12345678901)).toBe("  12G ");
    expect(formatIptablesNumber(8164000, false, false)).toBe("8164K ");
    expect(formatIptablesNumber(336, true)).toBe("     336 ");
  });
});

describe("renderIptablesText options", () => {
  it("prints protocol names as older iptables did", () => {
    const text = renderIptablesText(ruleset, { chains: ["FORWARD"], protocolNames: true });
    expect(text).toContain("DOCKER-USER  all  --  *      *       0.0.0.0/0");
    expect(text).toContain("ACCEPT     tcp  --  *      *       0.0.0.0/0            11.11.11.2           tcp dpt:80");
  });

  it("colours chain headers and moved counters", () => {
    const deltas = [{ family: "ipv4" as const, namespace: "", table: "filter", chain: "FORWARD", packets: 2, bytes: 168 }];
    const text = renderIptablesText(ruleset, { chains: ["FORWARD"], color: true, deltas });
    expect(text).toContain("\u001b[1mChain FORWARD\u001b[22m");
    expect(text).toContain("\u001b[33m2 packets, 168 bytes\u001b[39m");
    expectSnapshot("iptables-text-forward-colour.txt", text);
  });

  it("line numbers", () => {
    const text = renderIptablesText(ruleset, { chains: ["DOCKER-USER"], lineNumbers: true });
    expect(text.split("\n")[1]).toMatch(/^num   pkts bytes target/);
    expect(text.split("\n")[2]).toMatch(/^1        8   672 ACCEPT/);
  });
});
