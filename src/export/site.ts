// The only part of export that touches the disk: find notebooks, read them, write the site.
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { readNotebook } from "../notebook/ipynb.js";
import { chapterFromNotebook, type Chapter } from "./notebook.js";
import { renderChapter } from "./chapter.js";
import { chapterFile, DEFAULT_TITLE, type Course } from "./course.js";
import { renderIndex } from "./index-page.js";
import { renderSingleFile } from "./single-file.js";

export interface ExportOptions {
  /** Directory to write into (created if missing). */
  outDir: string;
  /** One self-contained HTML with every chapter instead of a site. */
  singleFile?: boolean;
  /** File name of the single file (default "course.html"). */
  singleFileName?: string;
  /** Course title (default "Container networking from scratch"). */
  title?: string;
  /** Path of an SVG file for the index's lab picture (default: chapter 1's first SVG output). */
  topology?: string;
  /** A printable handout: tasks and hints, no solutions (the default is the facilitator's copy). */
  handout?: boolean;
  /** Runs the notebooks first and returns the paths of the executed copies, in order. */
  execute?: (paths: string[]) => Promise<string[]>;
}

export interface ExportResult {
  /** Every file written, absolute. */
  files: string[];
  /** The page to open: index.html, or the single file. */
  index: string;
}

/** Notebooks or directories of notebooks (*.ipynb, by name) → executed course notes on disk. */
export async function exportSite(inputs: string[], options: ExportOptions): Promise<ExportResult> {
  let paths = await findNotebooks(inputs);
  if (options.execute) paths = await options.execute(paths);
  const course = await loadCourse(paths, options);
  const outDir = path.resolve(options.outDir);
  await mkdir(outDir, { recursive: true });

  const pages: [string, string][] = options.singleFile
    ? [[options.singleFileName ?? "course.html", renderSingleFile(course)]]
    : [["index.html", renderIndex(course)], ...course.chapters.map((c, i): [string, string] => [chapterFile(c), renderChapter(course, i)])];
  const files = pages.map(([name]) => path.join(outDir, name));
  await Promise.all(pages.map(([, html], i) => writeFile(files[i]!, html)));
  return { files, index: files[0]! };
}

/** Read notebooks into a course (chapter order = path order). */
export async function loadCourse(paths: string[], options: { title?: string; topology?: string; handout?: boolean } = {}): Promise<Course> {
  const notebooks = await Promise.all(paths.map(readNotebook));
  const chapters: Chapter[] = notebooks.map((nb, i) => {
    return chapterFromNotebook(nb, fileSlug(paths[i]!), i + 1);
  });
  const slugs = new Set<string>();
  for (const [i, c] of chapters.entries()) {
    if (slugs.has(c.slug)) throw new Error(`two notebooks would both become ${c.slug}.html: ${paths[i]} and an earlier one; rename one`);
    slugs.add(c.slug);
  }
  const topology = options.topology ? await readFile(options.topology, "utf8") : undefined;
  const title = options.title ?? (options.handout ? `${DEFAULT_TITLE} — handout` : DEFAULT_TITLE);
  return { title, chapters, topology, handout: options.handout === true };
}

/** Expand directories to their *.ipynb files (sorted by name, checkpoints skipped); keep files as given. */
export async function findNotebooks(inputs: string[]): Promise<string[]> {
  if (!inputs.length) throw new Error("export needs at least one notebook or directory of notebooks");
  const found: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new Error(`${input}: no such file or directory`);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => n.endsWith(".ipynb") && !n.startsWith(".")).sort();
      if (!names.length) throw new Error(`${input}: no .ipynb notebooks in this directory`);
      found.push(...names.map((n) => path.join(input, n)));
    } else found.push(input);
  }
  return [...new Set(found.map((p) => path.resolve(p)))];
}

function fileSlug(file: string): string {
  return path.basename(file).replace(/\.ipynb$/i, "").replace(/[^\w.-]+/g, "-");
}
