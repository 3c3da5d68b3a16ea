import { describe, expect, it } from "vitest";
import { parseIptablesSave } from "../../src/inspect/iptables-save.js";
import { explainChain, explainTable, isBuiltinChain, isDockerChain } from "../../src/model/docker-chains.js";
import { fixture } from "../inspect/fixture.js";

describe("explainChain", () => {
  it("explains every chain in Docker's real rule set, in one line", () => {
    const rs = parseIptablesSave(fixture("docker.iptables-save.txt"));
    for (const t of rs.tables) {
      expect(explainTable(t.name)).toBeTruthy();
      for (const c of t.chains) {
        const line = explainChain(t.name, c.name);
        expect(line, `${t.name} ${c.name}`).toBeTruthy();
        expect(line).not.toContain("\n");
      }
    }
  });

  it("tells Docker's chains from the kernel's", () => {
    expect(isDockerChain("filter", "DOCKER-USER")).toBe(true);
    expect(isDockerChain("nat", "DOCKER")).toBe(true);
    expect(isDockerChain("nat", "DOCKER-USER")).toBe(false);
    expect(isBuiltinChain("FORWARD")).toBe(true);
    expect(explainChain("filter", "DOCKER")).not.toBe(explainChain("nat", "DOCKER"));
    expect(explainChain("filter", "MY-CHAIN")).toBeUndefined();
  });
});
