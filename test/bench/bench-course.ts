// The whole course, as `npm start` runs it headless: every chapter, one per core at a time
// (`--jobs auto`), each worker on a fresh sandbox lab of its own (start-up included), in a
// child process like a learner's. No earlier run's durations: the chapters go in course order.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chapterFiles } from "../../src/course/course.js";

const cli = join(import.meta.dirname, "../../src/cli/index.js");

export async function benchCourse(): Promise<{ ms: number; chapters: number }> {
  const chapters = chapterFiles();
  const out = mkdtempSync(join(tmpdir(), "vethbook-bench-course-"));
  const env = { ...process.env, VETHBOOK_STATE_DIR: join(out, "state"), NO_COLOR: "1" };
  try {
    const started = performance.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, "run", ...chapters, "--jobs", "auto", "--out", join(out, "notebooks")], { env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("error", reject);
      child.on("close", (c) => resolve({ code: c, output }));
    });
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`vethbook run of the course failed (exit ${code}): ${output.trim().split("\n").slice(-3).join(" | ")}`);
    return { ms: Math.round(ms), chapters: chapters.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
