// The chapter model of the notes, built from a notebook as src/notebook reads it (its types,
// its reader, its tags; metadata.vethbook as src/notebook/types.ts describes it).
import type { Notebook } from "../notebook/types.js";

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
  const md = firstMarkdown?.source ?? "";
  return {
    slug,
    number,
    title: str(meta.title) ?? firstHeading(md) ?? titleFromSlug(slug),
    summary: str(meta.summary) ?? firstParagraph(md) ?? "",
    target: str(meta.target),
    executedAt: str(meta.executed_at) ?? str(meta.run?.end_time) ?? str(meta.run?.start_time),
    hostnames: meta.hostnames && typeof meta.hostnames === "object" ? meta.hostnames : undefined,
    notebook,
  };
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
