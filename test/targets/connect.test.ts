// A lab hands out targets as its resolved options say (no lab is started here).
import { describe, expect, it } from "vitest";
import { openLab } from "../../src/targets/connect.js";
import { LocalTarget } from "../../src/targets/local.js";

describe("Lab", () => {
  it("names its machines: the course's three, or the ssh map's", () => {
    expect(openLab().vmNames).toEqual(["vm1", "vm2", "vm3"]);
    expect(openLab({ target: "ssh", ssh: "vm1=a,lab9=b" }).vmNames).toEqual(["vm1", "lab9"]);
  });

  it("never reads the environment itself: the caller resolves it", () => {
    const before = process.env.VETHBOOK_TARGET;
    process.env.VETHBOOK_TARGET = "ssh";
    try {
      expect(openLab().kind).toBe("sandbox");
    } finally {
      if (before === undefined) delete process.env.VETHBOOK_TARGET;
      else process.env.VETHBOOK_TARGET = before;
    }
  });

  it("refuses the machine's own namespace unless allowed, and then gives a local shell", async () => {
    await expect(openLab({ target: "local" }).target("vm1")).rejects.toThrow(/pass \{ allowLocal: true \}/);
    const lab = openLab({ target: "local", allowLocal: true });
    expect(await lab.target("vm1")).toBeInstanceOf(LocalTarget);
    await lab.close();
  });

  it("says which ssh destinations it knows when asked for another machine", async () => {
    await expect(openLab({ target: "ssh", ssh: "vm1=root@10.0.0.5" }).target("vm2")).rejects.toThrow(/no ssh destination for vm2: the ssh map names only vm1/);
  });

  it("an unknown lab id says which labs run", async () => {
    await expect(openLab({ labId: "abcdef" }).target("vm1")).rejects.toThrow(/no running sandbox lab abcdef: .*\(see `vethbook lab status`\)/);
  });

  it("an unknown VM names the course's", async () => {
    await expect(openLab().target("vm7")).rejects.toThrow('unknown VM "vm7": the lab has vm1 (docker1), vm2 (docker2), vm3 (gw)');
  });
});
