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
  const source = inputs.length ? "executed chapters" : "unexecuted chapters (run `npm start` first for real outputs)";
  const files = inputs.length ? inputs : chapterFiles(join(import.meta.dirname, "../../../notebooks"));
  const out = await mkdtemp(join(tmpdir(), "vethbook-bench-export-"));
  try {
    const stats = percentiles(await sample(5, () => exportSite(files, { outDir: out })));
    return { p50: Math.round(stats.p50), p95: Math.round(stats.p95), note: `${files.length} ${source}` };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
