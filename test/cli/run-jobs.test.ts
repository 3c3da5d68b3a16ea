// `vethbook run --jobs N`: notebooks at the same time, each on a lab of its own, as `npm start`
// runs the course. The real CLI in a process of its own (a state folder of its own), real labs.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { codeCells, newCodeCell, newNotebook, parseNotebook, serializeNotebook } from "../../src/notebook/index.js";
import { listLabs } from "../../src/targets/sandbox/_state.js";
import { describeSandbox } from "../helpers/sandbox.js";
import { alive, HELPERS, ROOT } from "../helpers/kernel.js";

const CLI = join(ROOT, "dist", "src", "cli", "index.js");

function runCli(args: string[], state: string) {
  const child = spawn(process.execPath, [CLI, "run", ...args], { env: { ...process.env, VETHBOOK_STATE_DIR: state, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

function labsOf(state: string) {
  process.env.VETHBOOK_STATE_DIR = state;
  try {
    return listLabs();
  } finally {
    delete process.env.VETHBOOK_STATE_DIR;
  }
}

/** A notebook that says which lab its vm1 is (its network namespace), leaves a mark, and
 *  waits for the other notebook's mark: it can only end if the two run at the same time. */
function meetingNotebook(dir: string, me: string, other: string): string {
  const nb = newNotebook([
    newCodeCell(`import { lab } from "${HELPERS}";\nconst vm1 = await lab.vm("vm1");\nconsole.log("netns " + (await vm1.sh\`readlink /proc/self/ns/net\`.quiet()).text());`, {}, "setup"),
    newCodeCell(
      `import { existsSync, writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(dir, me))}, "");\n` +
        `for (let i = 0; i < 600 && !existsSync(${JSON.stringify(join(dir, other))}); i++) await new Promise((r) => setTimeout(r, 100));\n` +
        `console.log(existsSync(${JSON.stringify(join(dir, other))}) ? "met ${other}" : "alone");`,
      {},
      "meet",
    ),
  ]);
  const file = join(dir, `${me}.ipynb`);
  writeFileSync(file, serializeNotebook(nb));
  return file;
}

const text = (file: string) => JSON.stringify(codeCells(parseNotebook(readFileSync(file, "utf8"))).map((c) => c.outputs));

describeSandbox("vethbook run --jobs", () => {
  it("runs two notebooks at the same time, each on a lab of its own, and writes both executed copies", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vethbook-jobs-"));
    const a = meetingNotebook(dir, "a", "b");
    const b = meetingNotebook(dir, "b", "a");
    const run = runCli([a, b, "--out", join(dir, "out"), "--jobs", "2"], join(dir, "state"));
    const code = await run.exited;
    const { stdout, stderr } = run.output();
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`executed notebooks in ${join(dir, "out")}`);
    const outA = text(join(dir, "out", "a.ipynb"));
    const outB = text(join(dir, "out", "b.ipynb"));
    expect(outA).toContain("met b");
    expect(outB).toContain("met a");
    const netnsA = /netns (net:\[\d+\])/.exec(outA)![1];
    const netnsB = /netns (net:\[\d+\])/.exec(outB)![1];
    expect(netnsA).not.toBe(netnsB);
    // Both labs end with their workers.
    await new Promise((r) => setTimeout(r, 1000));
    expect(labsOf(join(dir, "state")).filter((l) => alive(l.labPid))).toEqual([]);
  }, 180_000);

  it("Ctrl-C interrupts every notebook that runs, records each as interrupted, starts no other, and exits 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vethbook-jobs-ctrlc-"));
    const endless = (name: string) => {
      const nb = newNotebook([
        newCodeCell(`import { lab } from "${HELPERS}";\nconst vm1 = await lab.vm("vm1");`, {}, "setup"),
        newCodeCell("await vm1.sh`ping 8.8.8.8`", {}, "endless"),
        newCodeCell("await vm1.sh`echo never`", {}, "after"),
      ]);
      writeFileSync(join(dir, `${name}.ipynb`), serializeNotebook(nb));
      return join(dir, `${name}.ipynb`);
    };
    const state = join(dir, "state");
    const run = runCli([endless("p1"), endless("p2"), endless("p3"), "--out", join(dir, "out"), "--jobs", "2"], state);
    // Wait until both labs are up and both pings have run a while, then press Ctrl-C.
    let labs: ReturnType<typeof listLabs> = [];
    for (let i = 0; i < 300 && labs.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      labs = labsOf(state);
    }
    expect(labs.length, run.output().stderr).toBe(2);
    await new Promise((r) => setTimeout(r, 4000));
    const pressed = Date.now();
    run.child.kill("SIGINT");
    const code = await run.exited;
    const { stderr } = run.output();
    expect(code, stderr).toBe(130);
    expect(Date.now() - pressed).toBeLessThan(5000);
    expect(stderr).toContain("interrupting (Ctrl-C again to quit at once)");
    for (const name of ["p1", "p2"]) {
      const [, ping, after] = codeCells(parseNotebook(readFileSync(join(dir, "out", `${name}.ipynb`), "utf8")));
      expect(JSON.stringify(ping!.outputs)).toContain("icmp_seq=1 ");
      expect(JSON.stringify(ping!.outputs)).toContain("interrupted");
      expect(after!.outputs).toEqual([]);
    }
    expect(() => readFileSync(join(dir, "out", "p3.ipynb"))).toThrow();
    await new Promise((r) => setTimeout(r, 1000));
    expect(labs.filter((l) => alive(l.labPid))).toEqual([]);
  }, 180_000);

  it("a file that is no notebook stops the run before any lab starts, as one at a time does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vethbook-jobs-notjson-"));
    const broken = join(dir, "broken.ipynb");
    writeFileSync(broken, "{ not a notebook");
    const state = join(dir, "state");
    const run = runCli([meetingNotebook(dir, "a", "b"), broken, "--out", join(dir, "out"), "--jobs", "2"], state);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain(broken);
    expect(labsOf(state)).toEqual([]);
    expect(() => readFileSync(join(dir, "out", "a.ipynb"))).toThrow();
  });

  it("says what --jobs accepts when given something else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vethbook-jobs-bad-"));
    const run = runCli([meetingNotebook(dir, "a", "b"), "--jobs", "two"], join(dir, "state"));
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain('--jobs two: expected a whole number of notebooks at a time (1 or more) or "auto" (one per core)');
  });
});
