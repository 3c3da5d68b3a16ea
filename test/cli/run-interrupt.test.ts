// Ctrl-C in `vethbook run`, as a learner presses it in a terminal: the real CLI in a process
// of its own, its own lab (a state folder of its own), SIGINT as the terminal sends it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { codeCells, newCodeCell, newNotebook, parseNotebook, serializeNotebook } from "../../src/notebook/index.js";
import { listLabs } from "../../src/targets/sandbox/_state.js";
import { describeSandbox } from "../helpers/sandbox.js";
import { alive, HELPERS, ROOT } from "../helpers/kernel.js";

describeSandbox("vethbook run and Ctrl-C", () => {
  it("stops the command in the VM, records the cell as interrupted, runs nothing after it and exits 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vethbook-ctrlc-"));
    const state = join(dir, "state");
    const nb = newNotebook([
      newCodeCell(`import { lab } from "${HELPERS}";\nconst vm1 = await lab.vm("vm1");`, {}, "setup"),
      newCodeCell("await vm1.sh`ping 8.8.8.8`", {}, "endless"),
      newCodeCell("await vm1.sh`echo never`", {}, "after"),
    ]);
    writeFileSync(join(dir, "ping.ipynb"), serializeNotebook(nb));
    const out = join(dir, "out.ipynb");
    const child = spawn(process.execPath, [join(ROOT, "dist", "src", "cli", "index.js"), "run", join(dir, "ping.ipynb"), "--out", out], {
      env: { ...process.env, VETHBOOK_STATE_DIR: state },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));

    // Wait until ping is running in the run's own lab, then press Ctrl-C.
    process.env.VETHBOOK_STATE_DIR = state;
    let labPid = 0;
    for (let i = 0; i < 300 && !labPid; i++) {
      await new Promise((r) => setTimeout(r, 100));
      labPid = listLabs()[0]?.labPid ?? 0;
    }
    delete process.env.VETHBOOK_STATE_DIR;
    expect(labPid, stderr).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 3000));
    const pressed = Date.now();
    child.kill("SIGINT");
    const code = await exited;
    const took = Date.now() - pressed;

    expect(code, stderr).toBe(130);
    expect(took).toBeLessThan(3000);
    expect(stderr).toContain("interrupting (Ctrl-C again to quit at once)");
    expect(stderr).toMatch(/interrupted: `ping 8\.8\.8\.8` on docker1 after \d\.\d s/);
    const executed = parseNotebook(readFileSync(out, "utf8"));
    const [, endless, after] = codeCells(executed);
    expect(JSON.stringify(endless!.outputs)).toContain("icmp_seq=1 ");
    expect(JSON.stringify(endless!.outputs)).toContain("interrupted");
    expect(after!.outputs).toEqual([]);
    expect(await new Promise((r) => setTimeout(() => r(alive(labPid)), 500))).toBe(false);
  }, 90_000);
});
