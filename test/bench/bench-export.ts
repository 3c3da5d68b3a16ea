// Export time of the four executed chapters (the course notes), when they exist.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { percentiles, sample } from "./stats.js";

export async function benchExport(): Promise<{ p50: number; p95: number; note: string }> {
  const { exportSite } = await import("../../src/export/index.js");
  const { executedChaptersDir, chapterFiles } = await import("../../src/course/course.js");
  const dir = executedChaptersDir();
  const inputs = existsSync(dir) ? chapterFiles(dir) : [];
  // Without a run of `npm start` here: the chapters as a real run executed them (the export fixtures).
  const source = inputs.length ? "chapters executed here by `npm start`" : "chapters executed by a real run (test/fixtures/export/course)";
  const files = inputs.length ? inputs : chapterFiles(join(import.meta.dirname, "../../../test/fixtures/export/course"));
  const out = await mkdtemp(join(tmpdir(), "vethbook-bench-export-"));
  try {
    const stats = percentiles(await sample(5, () => exportSite(files, { outDir: out })));
    return { p50: Math.round(stats.p50), p95: Math.round(stats.p95), note: `${files.length} ${source}` };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
