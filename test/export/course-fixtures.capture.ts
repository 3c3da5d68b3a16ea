// Captures the export tests' course: the four chapters executed for real by `vethbook run`
// on a private sandbox lab, copied as they came out. Opt-in (build first):
//   npm run build && CAPTURE=1 npx vitest run --config test/vitest.config.ts test/export/course-fixtures.capture.ts
// Writes test/fixtures/export/course/0{1..4}-*.ipynb and test/fixtures/export/course.capture.json
// (the exact command, when, where, which chapters went green), which README.md there quotes.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/src/cli/index.js");
const fixtures = join(root, "test/fixtures/export");

describeSandbox("capture the export course", () => {
  it("runs notebooks/0*.ipynb with vethbook run and keeps the executed copies", { timeout: 900_000 }, () => {
    const chapters = readdirSync(join(root, "notebooks")).filter((f) => /^0\d-.*\.ipynb$/.test(f)).sort();
    expect(chapters.length).toBeGreaterThanOrEqual(4);
    const out = mkdtempSync(join(tmpdir(), "vethbook-export-capture-"));
    // A private state folder: `run` starts a lab of its own and takes it down at the end.
    const state = mkdtempSync(join(tmpdir(), "vethbook-export-capture-state-"));
    const args = ["run", ...chapters.map((c) => `notebooks/${c}`), "--out", out];
    const started = new Date();
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, VETHBOOK_STATE_DIR: state }, encoding: "utf8", timeout: 900_000 });
    expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);

    const runs = chapters.map((c) => {
      const nb = JSON.parse(readFileSync(join(out, c), "utf8"));
      const meta = nb.metadata.vethbook;
      expect(meta.run.ok, c).toBe(true);
      copyFileSync(join(out, c), join(fixtures, "course", c));
      return { notebook: c, target: meta.target, hostnames: meta.hostnames, executed_at: meta.executed_at, duration_ms: meta.run.duration_ms };
    });
    const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
    const note = {
      command: `node dist/src/cli/index.js ${args.map((a) => (a === out ? "<tmpdir>" : a)).join(" ")}`,
      env: "VETHBOOK_STATE_DIR=<a fresh tmpdir> (so the run starts its own sandbox lab)",
      captured_at: started.toISOString(),
      commit: git,
      host: { kernel: release(), node: process.version },
      chapters: runs,
      copied_to: relative(root, join(fixtures, "course")),
    };
    writeFileSync(join(fixtures, "course.capture.json"), JSON.stringify(note, null, 1) + "\n");
    rmSync(out, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });
});
