// One self-contained HTML with every chapter, for sending to a study group: anchors are
// namespaced per chapter ("02-bridge--why-the-ping-fails"), links between chapters stay inside.
import { escapeHtml } from "../render/html-text.js";
import { htmlDocument } from "./_layout.js";
import { renderFooter, renderHeadingList, renderChapterBody } from "./chapter.js";
import type { Course } from "./course.js";
import { renderIntro } from "./index-page.js";

/** The whole course as one page. Deterministic. */
export function renderSingleFile(course: Course): string {
  const bodies = course.chapters.map((c) => ({ chapter: c, ...renderChapterBody(course, c, "single") }));
  const sideItems = bodies
    .map(({ chapter, headings }) => {
      const sub = renderHeadingList(headings.filter((h) => h.depth === 2));
      return `<li><a href="#${chapter.slug}"><span class="vb-chnum">${chapter.number}</span>${escapeHtml(chapter.title)}</a>${sub}</li>`;
    })
    .join("\n");
  const articles = bodies
    .map(
      ({ chapter, html }) => `<article class="vb-chapter" id="${chapter.slug}">
<p class="vb-eyebrow">Chapter ${chapter.number} of ${course.chapters.length}</p>
${html}${renderFooter([chapter])}
</article>`,
    )
    .join("\n");
  const body = `<header class="vb-top"><a class="vb-course" href="#top">${escapeHtml(course.title)}</a></header>
<div class="vb-layout">
<nav class="vb-side" aria-label="Contents"><details id="vb-toc" class="vb-toc"><summary>Contents</summary><div class="vb-toc-body">
<p class="vb-toc-title">Chapters</p>
<ol class="vb-chapters">
${sideItems}
</ol>
</div></details></nav>
<main id="main" class="vb-main vb-home">
<div id="top">${renderIntro(course, "single")}</div>
${articles}
</main>
</div>`;
  return htmlDocument({ title: course.title, body, bodyClass: "vb-single" });
}
