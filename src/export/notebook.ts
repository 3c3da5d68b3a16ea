// The slice of nbformat 4.5 that export reads, and the chapter model built from it.
//
// Notebook metadata read (all optional), written by the headless runner:
//   metadata.vethbook.title        chapter title (else the first "# " heading, else the file name)
//   metadata.vethbook.summary      one-line summary for the index (else the first paragraph of
//                                  the first markdown cell)
//   metadata.vethbook.target       where outputs were recorded: "sandbox" | "vagrant" | "ssh" | "local"
//   metadata.vethbook.executed_at  ISO 8601 time the outputs were recorded (executedAt also accepted;
//                                  else metadata.vethbook.run.end_time, which the runner writes)
//   metadata.vethbook.hostnames    { vm1: "docker1", … } lab VMs the outputs came from
// Cell metadata read: metadata.tags — hide-input/remove-input (outputs only), hide-output/
// remove-output (source only), remove-cell (nothing); metadata.jupyter.source_hidden as hide-input.
import { joinSource } from "./_html.js";

export type MultilineString = string | string[];
export type MimeBundle = Record<string, MultilineString | unknown>;

export interface StreamOutput { output_type: "stream"; name: "stdout" | "stderr" | string; text: MultilineString }
export interface DisplayDataOutput { output_type: "display_data"; data: MimeBundle; metadata?: Record<string, unknown> }
export interface ExecuteResultOutput {
  output_type: "execute_result"; data: MimeBundle; metadata?: Record<string, unknown>; execution_count?: number | null;
}
export interface ErrorOutput { output_type: "error"; ename: string; evalue: string; traceback?: string[] }
export type NotebookOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CellMetadata { tags?: string[]; jupyter?: { source_hidden?: boolean; outputs_hidden?: boolean }; [k: string]: unknown }
export interface MarkdownCell {
  cell_type: "markdown"; id?: string; source: MultilineString; metadata?: CellMetadata;
  attachments?: Record<string, Record<string, string>>;
}
export interface CodeCell {
  cell_type: "code"; id?: string; source: MultilineString; metadata?: CellMetadata;
  outputs?: NotebookOutput[]; execution_count?: number | null;
}
export interface RawCell { cell_type: "raw"; id?: string; source: MultilineString; metadata?: CellMetadata }
export type NotebookCell = MarkdownCell | CodeCell | RawCell;

export interface VethbookMetadata {
  title?: string; summary?: string; target?: string; executed_at?: string; executedAt?: string;
  hostnames?: Record<string, string>;
  run?: { start_time?: string; end_time?: string };
}
export interface Notebook {
  nbformat: number; nbformat_minor: number; cells: NotebookCell[];
  metadata?: { vethbook?: VethbookMetadata; kernelspec?: { language?: string }; language_info?: { name?: string }; [k: string]: unknown };
}

/** One chapter of the course: a notebook plus what the site needs to know about it. */
export interface Chapter {
  /** File stem, used for the page name and anchors: "02-bridge". */
  slug: string;
  /** 1-based position in the course. */
  number: number;
  title: string;
  summary: string;
  target?: string;
  executedAt?: string;
  hostnames?: Record<string, string>;
  notebook: Notebook;
}

/** Build a chapter from a parsed notebook; `slug` is the file's stem. Pure. */
export function chapterFromNotebook(notebook: Notebook, slug: string, number: number): Chapter {
  if (!notebook || !Array.isArray(notebook.cells)) {
    throw new Error(`${slug}: not a notebook (no "cells" array); export reads nbformat 4 .ipynb files`);
  }
  const meta = notebook.metadata?.vethbook ?? {};
  const firstMarkdown = notebook.cells.find((c) => c.cell_type === "markdown");
  const md = firstMarkdown ? joinSource(firstMarkdown.source) : "";
  return {
    slug,
    number,
    title: str(meta.title) ?? firstHeading(md) ?? titleFromSlug(slug),
    summary: str(meta.summary) ?? firstParagraph(md) ?? "",
    target: str(meta.target),
    executedAt: str(meta.executed_at) ?? str(meta.executedAt) ?? str(meta.run?.end_time) ?? str(meta.run?.start_time),
    hostnames: meta.hostnames && typeof meta.hostnames === "object" ? meta.hostnames : undefined,
    notebook,
  };
}

export function cellTags(cell: NotebookCell): Set<string> {
  const tags = new Set(Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : []);
  if (cell.metadata?.jupyter?.source_hidden) tags.add("hide-input");
  return tags;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

function firstHeading(md: string): string | undefined {
  const m = /^#\s+(.+?)\s*#*\s*$/m.exec(md);
  return m ? plainInline(m[1]!) : undefined;
}

function firstParagraph(md: string): string | undefined {
  const blocks = md.split(/\n\s*\n/).map((b) => b.trim());
  const para = blocks.find((b) => b && !/^(#|```|~~~|[-*+] |\d+\. |>|\||<)/.test(b));
  if (!para) return undefined;
  const text = plainInline(para.replace(/\s*\n\s*/g, " "));
  // One line on the index: the first sentence of a long paragraph.
  const sentence = /^.{40,}?[.!?](?=\s)/.exec(text);
  return text.length > 160 && sentence ? sentence[0] : text;
}

/** Markdown inline syntax stripped to plain words, for titles and summaries. */
export function plainInline(md: string): string {
  return md
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]*>/g, "")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/(\*\*|__|~~)(.+?)\1/g, "$2")
    .replace(/(^|[^\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])/g, "$1$2")
    .trim();
}

function titleFromSlug(slug: string): string {
  const words = slug.replace(/^\d+[-_]/, "").replace(/[-_]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : slug;
}
