// Captures chapter 2 as a learner and as a facilitator run it, for the exercise-card tests:
// `vethbook run notebooks/02-bridge.ipynb` (checks untouched, no prediction) and the same with
// `--solutions -p predictions={"bridge-ping":"gets a reply"}`, each kept to its title, its
// prediction cells and its exercise section. Opt-in:
//   CAPTURE=1 npx vitest run --config test/vitest.config.ts test/export/exercise-fixtures.capture.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";

const root = join(import.meta.dirname, "../..");
const KEEP = /^(ch02-title|ch02-predict|ch02-reveal|ch02-exercises|ch02-ex\d)/;

function capture(name: string, ...flags: string[]): void {
  const out = mkdtempSync(join(tmpdir(), "vethbook-capture-"));
  const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-state-")), NO_COLOR: "1" };
  const r = spawnSync(process.execPath, [join(root, "dist/src/cli/index.js"), "run", join(root, "notebooks/02-bridge.ipynb"), "--out", out, ...flags], { env, encoding: "utf8", timeout: 600_000 });
  expect(r.status, r.stderr).toBe(0);
  const nb = JSON.parse(readFileSync(join(out, "02-bridge.ipynb"), "utf8"));
  nb.cells = nb.cells.filter((c: { id: string }) => KEEP.test(c.id));
  nb.metadata.vethbook.captured_with = `vethbook run notebooks/02-bridge.ipynb ${flags.join(" ")}`.trim();
  writeFileSync(join(root, `test/fixtures/export/exercises/${name}.ipynb`), JSON.stringify(nb, null, 1) + "\n");
}

describeSandbox("capture exercise fixtures", () => {
  it("chapter 2 as a learner runs it", { timeout: 600_000 }, () => capture("02-learner"));
  it("chapter 2 with its solutions", { timeout: 600_000 }, () => capture("02-facilitator", "--solutions", "-p", 'predictions={"bridge-ping":"gets a reply"}'));
});
