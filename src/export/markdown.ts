// Markdown cells → HTML: marked (GFM) with highlight.js through marked-highlight, GitHub-style
// heading ids, and the result sanitised (raw HTML and javascript: links in markdown included).
import { Marked, type Token, type Tokens } from "marked";
import { markedHighlight } from "marked-highlight";
import { highlight } from "./_highlight.js";
import { escapeHtml } from "../render/html-text.js";
import type { MimeBundle } from "../notebook/types.js";
import { sanitize } from "./_sanitize.js";
import { Slugger } from "./_slug.js";

export interface Heading {
  depth: number;
  /** The element id on the page (prefix included). */
  id: string;
  /** Plain text of the heading. */
  text: string;
}

export interface MarkdownOptions {
  /** Shared across the cells of one page so ids stay unique on it. */
  slugger?: Slugger;
  /** Namespace for ids and in-page links (single-file export: "02-bridge--"). */
  idPrefix?: string;
  /** Rewrites relative links, e.g. between chapters. */
  rewriteHref?: (href: string) => string;
  /** A markdown cell's attachments (nbformat `attachments`). */
  attachments?: Record<string, MimeBundle>;
}

type HeadingWithId = Tokens.Heading & { vbId?: string };

const marked = new Marked(
  { gfm: true, async: false },
  markedHighlight({ langPrefix: "hljs language-", highlight: (code, lang) => highlight(code, lang) }),
  {
    renderer: {
      heading(token) {
        const id = (token as HeadingWithId).vbId;
        const inner = this.parser.parseInline(token.tokens);
        const anchor = id ? `<a class="vb-anchor" href="#${id}" aria-hidden="true" tabindex="-1">#</a>` : "";
        return `<h${token.depth}${id ? ` id="${id}"` : ""}>${inner}${anchor}</h${token.depth}>\n`;
      },
    },
  },
);

/** Markdown → sanitised HTML with heading ids, plus the headings found (for a table of contents). */
export function renderMarkdownWithHeadings(markdown: string, options: MarkdownOptions = {}): { html: string; headings: Heading[] } {
  const slugger = options.slugger ?? new Slugger();
  const prefix = options.idPrefix ?? "";
  const headings: Heading[] = [];
  const tokens = marked.lexer(markdown);
  const highlightWalk = marked.defaults.walkTokens;
  marked.walkTokens(tokens, (token) => {
    if (token.type === "heading") {
      const heading = token as HeadingWithId;
      const text = plainText(heading.tokens);
      heading.vbId = slugger.slug(text);
      headings.push({ depth: heading.depth, id: prefix + heading.vbId, text });
    }
    highlightWalk?.call(marked, token);
  });
  const raw = marked.parser(tokens);
  const attachments = options.attachments;
  const html = sanitize(raw, {
    idPrefix: prefix,
    rewriteHref: options.rewriteHref,
    allowCheckboxes: true,
    attachment: attachments ? (name) => dataUrl(attachments[name]) : undefined,
  });
  return { html, headings };
}

/** Markdown → sanitised HTML. Deterministic: same input and options, same bytes. */
export function renderMarkdown(markdown: string, options: MarkdownOptions = {}): string {
  return renderMarkdownWithHeadings(markdown, options).html;
}

/** A highlighted code block, shaped like the ones marked produces. */
export function renderCodeBlock(code: string, lang: string): string {
  const cls = lang ? ` class="hljs language-${escapeHtml(lang)}"` : "";
  return `<pre><code${cls}>${highlight(code.replace(/\n$/, ""), lang)}\n</code></pre>`;
}

function plainText(tokens: Token[]): string {
  let out = "";
  for (const t of tokens) {
    if ("tokens" in t && Array.isArray(t.tokens) && t.type !== "codespan") out += plainText(t.tokens);
    else if (t.type === "codespan" || t.type === "text" || t.type === "escape") out += decodeEntities(t.text);
  }
  return out.trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

function dataUrl(bundle: MimeBundle | undefined): string | undefined {
  if (!bundle) return undefined;
  const mime = ["image/png", "image/jpeg", "image/gif", "image/webp"].find((m) => typeof bundle[m] === "string");
  return mime ? `data:${mime};base64,${(bundle[mime] as string).replace(/\s+/g, "")}` : undefined;
}
