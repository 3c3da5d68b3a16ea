// `lab` in a notebook: where it runs (parameters, then the run's settings, then the
// environment), and what it records in the executed notebook.
import { describe, expect, it } from "vitest";
import { hostname } from "node:os";
import { LOCAL, runCells } from "./_run.js";

describe("lab", () => {
  it("takes a headless run's lab options, connects, and records the target and hostnames it reached", async () => {
    const r = await runCells([`lab.configure({ target: "" });\nconst vm1 = await lab.vm("vm1");\nconsole.log(lab.target);`], { settings: LOCAL });
    expect(r.ok, JSON.stringify(r.errors.map((e) => e.message))).toBe(true);
    expect(r.outputs[0]).toContainEqual({ output_type: "stream", name: "stdout", text: "local\n" });
    expect(r.notebook.metadata.vethbook).toMatchObject({ target: "local", hostnames: { vm1: hostname() } });
  }, 30_000);

  it("lets the notebook's own parameter win over the run's settings", async () => {
    const r = await runCells([`lab.configure({ target: "ssh", ssh: "vm9=nobody@192.0.2.1" });\nconsole.log(lab.target);`], { settings: LOCAL });
    expect(r.outputs[0]).toContainEqual({ output_type: "stream", name: "stdout", text: "ssh\n" });
  }, 30_000);

  it("says what was wrong with a target it cannot use", async () => {
    const r = await runCells([`lab.configure({ target: "mars" });`], { settings: LOCAL });
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.message).toContain('target "mars" is not a target: choose one of sandbox, ssh, vagrant, local');
  }, 30_000);
});
