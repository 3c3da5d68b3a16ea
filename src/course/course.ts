// The course: the chapter notebooks in order, where their executed copies and the
// exported notes go.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

/** The package's own folder (dist/src/course → ../../..). */
export const PACKAGE_ROOT = resolve(import.meta.dirname, "../../..");
export const NOTEBOOKS_DIR = join(PACKAGE_ROOT, "notebooks");

/** Chapters are the numbered notebooks: 01-netns-veth.ipynb, 02-bridge.ipynb, ... */
export function chapterFiles(dir: string = NOTEBOOKS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function outDir(): string {
  return resolve(process.env.VETHBOOK_OUT ?? join(PACKAGE_ROOT, "out"));
}

export function executedChaptersDir(): string {
  return join(outDir(), "notebooks");
}

export function siteDir(): string {
  return join(outDir(), "site");
}
