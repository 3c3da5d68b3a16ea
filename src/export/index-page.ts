// index.html: course title, the lab picture, the chapters with one-line summaries.
import { escapeHtml } from "../render/html-text.js";
import { formatRecordedAt, htmlDocument } from "./_layout.js";
import type { Chapter } from "./notebook.js";
import { renderFooter } from "./chapter.js";
import { chapterFile, fullestSvg, type Course, type LinkMode } from "./course.js";
import { renderSvg } from "./outputs.js";

const LEDE =
  "Course notes for a study group. Each chapter builds part of a container network by hand — namespaces, " +
  "veth pairs, a bridge, NAT and port forwarding — then finds the same pieces in what Docker builds, for IPv4 and IPv6; " +
  "every output below is what the kernel really printed.";

/** The index page of the site. Deterministic. */
export function renderIndex(course: Course): string {
  const body = `<header class="vb-top"><a class="vb-course" href="index.html">${escapeHtml(course.title)}</a></header>
<main id="main" class="vb-main vb-home">
${renderIntro(course, "site")}
${renderFooter(course.chapters)}
</main>`;
  return htmlDocument({ title: course.title, description: LEDE, body });
}

/** The course's fullest plain picture, and the chapter that drew it (the first of equals). */
function labPicture(course: Course): { svg: string; chapter: Course["chapters"][number] } | undefined {
  let best: { svg: string; chapter: Course["chapters"][number] } | undefined;
  for (const chapter of course.chapters) {
    const svg = fullestSvg(chapter);
    if (svg && (!best || svg.length > best.svg.length)) best = { svg, chapter };
  }
  return best;
}

/** Title, lede, lab picture and chapter list: the top of the index and of the single file. */
export function renderIntro(course: Course, mode: LinkMode): string {
  const lab = course.topology ? { svg: course.topology, chapter: undefined } : labPicture(course);
  const figure = lab ? renderSvg(lab.svg, "lab-") : "";
  const caption = lab?.chapter ? `The lab as chapter ${lab.chapter.number} draws it from live state.` : "The lab.";
  const picture = figure
    ? `<h2 id="the-lab">The lab</h2>\n${figure.replace(/<\/figure>$/, `<figcaption>${caption}</figcaption></figure>`)}`
    : "";
  const items = course.chapters.map((c) => renderChapterItem(c, mode === "site" ? chapterFile(c) : `#${c.slug}`)).join("\n");
  return `<h1>${escapeHtml(course.title)}</h1>
<p class="vb-lede">${LEDE}</p>
${picture}
<h2 id="chapters">Chapters</h2>
<ol class="vb-chapter-list">
${items}
</ol>`;
}

function renderChapterItem(c: Chapter, href: string): string {
  const meta = [c.target ? `recorded on ${escapeHtml(c.target)}` : "", c.executedAt ? escapeHtml(formatRecordedAt(c.executedAt)) : ""]
    .filter(Boolean)
    .join(" · ");
  return `<li><a href="${escapeHtml(href)}"><span class="vb-chnum">${c.number}</span><span class="vb-title">${escapeHtml(c.title)}</span>${
    c.summary ? `<span class="vb-summary">${escapeHtml(c.summary)}</span>` : ""}${meta ? `<span class="vb-meta">${meta}</span>` : ""}</a></li>`;
}
