// A chapter page: sidebar (chapters, this page's headings), the cells, prev/next, footer.
import { escapeHtml } from "../render/html-text.js";
import { htmlDocument, formatRecordedAt } from "./_layout.js";
import type { Chapter } from "./notebook.js";
import { Slugger } from "./_slug.js";
import { renderCellWithHeadings } from "./cells.js";
import { chapterFile, chapterLinkRewriter, chapterPrefix, type Course, type LinkMode } from "./course.js";
import type { Heading } from "./markdown.js";

export interface ChapterBody {
  html: string;
  headings: Heading[];
}

/** The cells of a chapter as HTML, with its headings. `mode` decides ids and links. */
export function renderChapterBody(course: Course, chapter: Chapter, mode: LinkMode = "site"): ChapterBody {
  const slugger = new Slugger();
  const idPrefix = chapterPrefix(chapter, mode);
  const rewriteHref = chapterLinkRewriter(course, mode);
  const language = chapter.notebook.metadata?.kernelspec?.language ?? chapter.notebook.metadata?.language_info?.name;
  const headings: Heading[] = [];
  const parts: string[] = [];
  chapter.notebook.cells.forEach((cell, index) => {
    const r = renderCellWithHeadings(cell, { index, idPrefix, slugger, rewriteHref, language, handout: course.handout });
    parts.push(r.html);
    headings.push(...r.headings);
  });
  return { html: parts.join(""), headings };
}

/** The complete HTML page of chapter `index` of the course. Deterministic. */
export function renderChapter(course: Course, index: number): string {
  const chapter = course.chapters[index];
  if (!chapter) throw new RangeError(`chapter ${index} does not exist (the course has ${course.chapters.length})`);
  const { html, headings } = renderChapterBody(course, chapter, "site");
  const prev = course.chapters[index - 1];
  const next = course.chapters[index + 1];
  const body = `<header class="vb-top"><a class="vb-course" href="index.html">${escapeHtml(course.title)}</a>
<span class="vb-top-chapter">${chapter.number}. ${escapeHtml(chapter.title)}</span></header>
<div class="vb-layout">
${renderSidebar(course, chapter, headings)}
<main id="main" class="vb-main">
<p class="vb-eyebrow">Chapter ${chapter.number} of ${course.chapters.length}</p>
<article class="vb-article">
${html}</article>
<nav class="vb-pager" aria-label="Chapters">${
    prev ? `<a class="vb-prev" rel="prev" href="${chapterFile(prev)}"><span>← Previous</span>${escapeHtml(prev.title)}</a>` : ""}${
    next ? `<a class="vb-next" rel="next" href="${chapterFile(next)}"><span>Next →</span>${escapeHtml(next.title)}</a>` : ""}</nav>
${renderFooter([chapter])}
</main>
</div>`;
  return htmlDocument({ title: `${chapter.title} · ${course.title}`, description: chapter.summary, body });
}

export function renderSidebar(course: Course, current: Chapter, headings: Heading[]): string {
  const chapters = course.chapters
    .map((c) => {
      const here = c === current ? ' aria-current="page"' : "";
      return `<li${here}><a href="${chapterFile(c)}"><span class="vb-chnum">${c.number}</span>${escapeHtml(c.title)}</a></li>`;
    })
    .join("\n");
  const toc = renderHeadingList(headings);
  return `<nav class="vb-side" aria-label="Contents"><details id="vb-toc" class="vb-toc"><summary>Contents</summary><div class="vb-toc-body">
<p class="vb-toc-title">Chapters</p>
<ol class="vb-chapters">
${chapters}
</ol>${toc ? `\n<p class="vb-toc-title">On this page</p>\n${toc}` : ""}
</div></details></nav>`;
}

/** h2 and h3 as a list (h1 is the page title). */
export function renderHeadingList(headings: Heading[]): string {
  const items = headings
    .filter((h) => h.depth === 2 || h.depth === 3)
    .map((h) => `<li class="vb-d${h.depth}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`);
  return items.length ? `<ul class="vb-headings">\n${items.join("\n")}\n</ul>` : "";
}

/** "Outputs recorded on the sandbox target (docker1, docker2, gw), 21 November 2026, 05:01 UTC." */
export function recordedLine(chapter: Chapter): string {
  const where = chapter.target ? ` on the <strong>${escapeHtml(chapter.target)}</strong> target` : "";
  const hosts = chapter.hostnames ? Object.values(chapter.hostnames).filter((h) => typeof h === "string") : [];
  const on = hosts.length ? ` (${hosts.map(escapeHtml).join(", ")})` : "";
  const when = chapter.executedAt ? `, ${escapeHtml(formatRecordedAt(chapter.executedAt))}` : "";
  if (!where && !when) return `Outputs as saved in <code>${escapeHtml(chapter.slug)}.ipynb</code> (no recording details in its metadata).`;
  return `Outputs recorded${where}${on}${when}.`;
}

export function renderFooter(chapters: Chapter[]): string {
  const where = (c: Chapter) => JSON.stringify([c.target, c.hostnames]);
  // One line when every chapter was recorded in the same place (the times are on the chapter cards).
  const shared = chapters.length > 1 && chapters.every((c) => where(c) === where(chapters[0]!)) && chapters[0]!.target;
  const lines = shared
    ? [`<p>${recordedLine({ ...chapters[0]!, executedAt: undefined })}</p>`]
    : chapters.map((c) => `<p>${chapters.length > 1 ? `${c.number}. ${escapeHtml(c.title)}: ` : ""}${recordedLine(c)}</p>`);
  return `<footer class="vb-footer">
${lines.join("\n")}
<p>Every command shown was run for real; the pictures and counters were drawn from the state it left. Exported by vethbook.</p>
</footer>`;
}
