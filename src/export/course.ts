// The course: its chapters in order, and how links between them resolve.
import type { Chapter } from "./notebook.js";

export interface Course {
  title: string;
  chapters: Chapter[];
  /** The lab picture for the index: raw (untrusted) SVG; else the first SVG output of chapter 1. */
  topology?: string;
  /** The printable handout: exercises without their solutions. */
  handout?: boolean;
}

export const DEFAULT_TITLE = "Container networking from scratch";

export type LinkMode = "site" | "single";

/** Page file name of a chapter in the site. */
export function chapterFile(chapter: Chapter): string {
  return `${chapter.slug}.html`;
}

/** The id namespace of a chapter in the single file ("" on its own page). */
export function chapterPrefix(chapter: Chapter, mode: LinkMode): string {
  return mode === "single" ? `${chapter.slug}--` : "";
}

/**
 * Relative links written in markdown to another chapter (`02-bridge.ipynb#why`, `./02-bridge.html`)
 * point at its page on the site, or at its section of the single file.
 */
export function chapterLinkRewriter(course: Course, mode: LinkMode): (href: string) => string {
  const slugs = new Set(course.chapters.map((c) => c.slug));
  return (href) => {
    const m = /^(?:\.\/)?([^/?#]+?)\.(?:ipynb|html)(#.*)?$/.exec(href);
    if (!m || !slugs.has(m[1]!)) return href;
    const [, slug, hash] = m;
    if (mode === "site") return `${slug}.html${hash ?? ""}`;
    return hash && hash.length > 1 ? `#${slug}--${hash.slice(1)}` : `#${slug}`;
  };
}

/** The chapter's fullest plain picture (the longest SVG that is not a diff view; the first
 *  of equals): for the index, the lab as the chapter built it rather than the empty machine
 *  it started from. */
export function fullestSvg(chapter: Chapter | undefined): string | undefined {
  const all = svgsOf(chapter);
  const plain = all.filter((svg) => !/^<svg[^>]*\bclass="[^"]*\bvb-topo-diff\b/.test(svg));
  return (plain.length ? plain : all).reduce<string | undefined>((best, svg) => (best === undefined || svg.length > best.length ? svg : best), undefined);
}

function svgsOf(chapter: Chapter | undefined): string[] {
  const found: string[] = [];
  for (const cell of chapter?.notebook.cells ?? []) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs ?? []) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const svg = output.data["image/svg+xml"];
      if (typeof svg === "string") found.push(svg);
    }
  }
  return found;
}
