import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "citty";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeUnless, requirement } from "../helpers/skip.js";
import { codeCells, findJupyter, findJupyterPython, parseNotebook, validateNotebook } from "../../src/notebook/index.js";
import { runCommand as runCommandDef, outputPath, parseRunArgs } from "../../src/cli/run.js";
import { UsageError } from "../../src/cli/_support.js";
import { stripAnsi } from "../../src/render/index.js";
import { fixture } from "../notebook/_fixtures.js";

/** Run `vethbook run …` in-process; returns the exit code and what went to stdout/stderr. */
async function vethbookRun(...rawArgs: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  try {
    process.exitCode = undefined;
    await runCommand(runCommandDef, { rawArgs });
    return { code: Number(process.exitCode ?? 0), stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

describe("vethbook run (arguments)", () => {
  afterEach(() => void delete process.env.VETHBOOK_TARGET);

  it("keeps every -p (citty keeps only the last), turns --target into a parameter, and resolves the lab options once", () => {
    const o = parseRunArgs(["a.ipynb", "b.ipynb", "-p", "count=2", "-p", "name=red", "--param=on=true", "--target", "ssh", "--ssh", "vm1=root@10.0.0.5", "--timeout", "5", "--allow-errors"]);
    expect(o).toEqual({
      notebooks: ["a.ipynb", "b.ipynb"],
      out: undefined,
      lab: { target: "ssh", ssh: { vm1: "root@10.0.0.5" }, sshConfig: undefined, vagrantDir: process.cwd(), allowLocal: false, sandbox: "auto" },
      parameters: { count: 2, name: "red", on: true, target: "ssh" },
      timeout: 5,
      allowErrors: true,
    });
  });

  it("--solutions is -p solutions=true: each exercise's check runs its hidden solution first", () => {
    expect(parseRunArgs(["a.ipynb", "--solutions", "-p", 'predictions={"bridge-ping":"gets no reply"}']).parameters).toEqual({
      solutions: true,
      predictions: { "bridge-ping": "gets no reply" },
    });
    expect(parseRunArgs(["a.ipynb"]).parameters).toEqual({});
  });

  it("takes the target from $VETHBOOK_TARGET when no flag or parameter names one", () => {
    process.env.VETHBOOK_TARGET = "vagrant";
    expect(parseRunArgs(["a.ipynb"]).lab.target).toBe("vagrant");
    expect(parseRunArgs(["a.ipynb", "-p", "target=ssh"]).lab.target).toBe("ssh");
    expect(parseRunArgs(["a.ipynb", "--target", "local", "-p", "target=ssh"]).lab.target).toBe("local");
  });

  it("refuses what it cannot run", () => {
    expect(() => parseRunArgs([])).toThrow(UsageError);
    expect(() => parseRunArgs(["a.ipynb", "--target", "mars"])).toThrow(/target "mars" is not a target: choose one of sandbox, ssh, vagrant, local/);
    expect(() => parseRunArgs(["a.ipynb", "--ssh", "vm1"])).toThrow(/cannot read "vm1" as VM=DESTINATION/);
    expect(() => parseRunArgs(["a.ipynb", "--timeout", "soon"])).toThrow(/--timeout soon/);
    expect(() => parseRunArgs(["a.ipynb", "--bogus"])).toThrow(UsageError);
  });

  it("writes to --out FILE for one notebook, else into a folder", () => {
    expect(outputPath("nb/a.ipynb", "/tmp/x.ipynb", 1)).toBe("/tmp/x.ipynb");
    expect(outputPath("nb/a.ipynb", "/tmp/out", 2)).toBe("/tmp/out/a.ipynb");
    expect(outputPath("nb/a.ipynb", "/tmp/x.ipynb", 2)).toBe("/tmp/x.ipynb/a.ipynb");
  });
});

/** Does Jupyter's own notary (nbformat.sign), for the user whose data folder is `dataDir`, trust the file? */
function jupyterTrusts(file: string, dataDir: string): boolean {
  const py = "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\nnb = nbformat.read(sys.argv[1], 4)\nprint(NotebookNotary().check_signature(nb))";
  const r = spawnSync(findJupyterPython(findJupyter()), ["-c", py, file], { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim() === "True";
}
const noJupyter = requirement(existsSync("/usr/bin/jupyter") || !!process.env.PATH?.split(":").some((d) => existsSync(join(d, "jupyter"))), "Jupyter is not installed (fix: vethbook doctor --fix --tests)");

describe("vethbook run (exit codes)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vethbook-run-"));
  // Notebooks are signed into this user's notary database: here a private one.
  const jupyterData = mkdtempSync(join(tmpdir(), "vethbook-run-jupyter-"));
  const savedData = process.env.JUPYTER_DATA_DIR;
  beforeAll(() => void (process.env.JUPYTER_DATA_DIR = jupyterData));
  afterAll(() => void (savedData === undefined ? delete process.env.JUPYTER_DATA_DIR : (process.env.JUPYTER_DATA_DIR = savedData)));
  afterEach(() => void delete process.env.VETHBOOK_TARGET);

  it("exits 0 and writes a valid executed notebook; --target reaches the cells as a parameter, never through the environment", async () => {
    const out = join(dir, "params.ipynb");
    const r = await vethbookRun(fixture("params"), "--out", out, "--target", "vagrant", "-p", "retries=7");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^executed notebook: ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(signed for you: Jupyter opens it trusted\\))?\n$`));
    expect(process.env.VETHBOOK_TARGET).toBeUndefined();
    const nb = parseNotebook(readFileSync(out, "utf8"));
    expect(validateNotebook(nb).valid).toBe(true);
    expect(codeCells(nb)[2]!.outputs[0]).toMatchObject({ text: expect.stringContaining('"target":"vagrant","retries":7') });
  }, 30_000);

  it("exits 1 with the cell number and message on stderr when a cell fails, and still writes the notebook", async () => {
    const r = await vethbookRun(fixture("failing"), "--out", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*failing\.ipynb: cell 2 \(id boom\) failed: Error: ping across br0 failed/);
    const nb = parseNotebook(readFileSync(join(dir, "failing.ipynb"), "utf8"));
    expect(codeCells(nb)[1]!.outputs[0]).toMatchObject({ output_type: "error", evalue: "ping across br0 failed" });
  }, 30_000);

  describeUnless(noJupyter)("signing for Jupyter", () => {
    it("signs the executed notebook for this user with Jupyter's notary, so it opens trusted", async () => {
      const out = join(dir, "signed.ipynb");
      const r = await vethbookRun(fixture("params"), "--out", out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`executed notebook: ${out} (signed for you: Jupyter opens it trusted)\n`);
      expect(r.stderr).not.toContain("not signed");
      expect(jupyterTrusts(out, jupyterData)).toBe(true);
      // Another user's notary (another data folder) does not trust it: it was signed for this one.
      expect(jupyterTrusts(out, mkdtempSync(join(tmpdir(), "vethbook-other-user-")))).toBe(false);
    }, 60_000);

    it("without Jupyter on PATH it says so in one line and writes the notebook all the same", async () => {
      const out = join(dir, "unsigned.ipynb");
      const path = process.env.PATH;
      process.env.PATH = mkdtempSync(join(tmpdir(), "vethbook-no-jupyter-"));
      try {
        const r = await vethbookRun(fixture("params"), "--out", out);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe(`executed notebook: ${out}\n`);
        // (colours come and go with the terminal, and with $CI: picocolors colours CI logs)
        const said = stripAnsi(r.stderr);
        expect(said).toContain("note: Jupyter is not installed, so the executed notebooks are not signed (in Jupyter: File > Trust Notebook)\n");
        expect(said.split("\n").filter((l) => l.includes("signed")).length).toBe(1);
      } finally {
        process.env.PATH = path;
      }
      expect(jupyterTrusts(out, jupyterData)).toBe(false);
    }, 60_000);
  });

  it("exits 2 on a usage error", async () => {
    const r = await vethbookRun(fixture("params"), "-p", "not-an-identifier=1");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a TypeScript identifier");
    expect((await vethbookRun(join(dir, "missing.ipynb"))).stderr).toContain("no such notebook");
  });
});
