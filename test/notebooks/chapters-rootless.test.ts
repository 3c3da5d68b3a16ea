// The course as a normal user: every chapter runs green headless, in order, on a rootless lab
// of the user's own (setpriv: their uid, gid and groups, no capability), and the executed
// notebooks say so.
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { expect, it } from "vitest";
import { sandboxSkip } from "../helpers/sandbox.js";
import { learner, learnersSkip, readableCheckout, runAs } from "../helpers/learners.js";
import { describeUnless } from "../helpers/skip.js";
import { chapterFiles } from "../../src/course/course.js";

describeUnless(sandboxSkip ?? learnersSkip)("chapters as a normal user, on a rootless lab", () => {
  it("01-04 run green in order", () => {
    const l = learner("vethbook-l1");
    const checkout = readableCheckout(l);
    const chapters = chapterFiles(join(checkout, "notebooks"));
    const out = mkdtempSync(join(tmpdir(), "vethbook-rootless-chapters-"));
    spawnSync("chown", [`${l.uid}:${l.gid}`, out]);
    const r = runAs(l, [process.execPath, join(checkout, "dist/src/cli/index.js"), "run", ...chapters, "--out", out], { timeout: 900_000 });
    expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);
    for (const ch of chapters) {
      const nb = JSON.parse(readFileSync(join(out, basename(ch)), "utf8"));
      const outputs = nb.cells.flatMap((c: { outputs?: Array<{ output_type: string }> }) => c.outputs ?? []);
      expect(outputs.filter((o: { output_type: string }) => o.output_type === "error"), basename(ch)).toEqual([]);
      expect(nb.metadata.vethbook.target).toBe("sandbox");
      expect(nb.metadata.vethbook.hostnames.vm1).toBe("docker1");
    }
    // the lab was the learner's own, and it went with the run
    expect(runAs(l, ["ls", join(l.state, "labs")]).stdout.trim()).toBe("");
  }, 900_000);
});
