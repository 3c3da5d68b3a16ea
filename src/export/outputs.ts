// One notebook output → HTML. Everything an output carries is untrusted: stream text is
// escaped (ANSI colours become spans), text/html and SVG are sanitised, images must be base64.
import { ansiToHtml, escapeHtml, readTerminalJson, renderTerminalNotesHtml, TERMINAL_MIME } from "../render/index.js";
import { foldHtml, type FoldOptions } from "./_fold.js";
import type { MimeBundle, Output } from "../notebook/types.js";
import { sanitize, scopeCss } from "./_sanitize.js";
import { renderMarkdown } from "./markdown.js";

export interface OutputOptions {
  /** Unique per output on its page (e.g. "c12-o0-"): prefixes every id the output carries. */
  idPrefix?: string;
  /** Long output folding; `false` never folds. */
  fold?: FoldOptions | false;
}

// Jupyter's order of preference, minus anything that would run code.
const MIME_ORDER = [TERMINAL_MIME, "text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "application/json", "text/plain"];
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** HTML for one output. Deterministic; returns "" for outputs with nothing displayable. */
export function renderOutput(output: Output, options: OutputOptions = {}): string {
  // Folding works per <pre>, so what sits around it (an exit status, a caption) stays in view.
  const fold = (html: string) =>
    options.fold === false ? html : html.replace(/<pre\b[^>]*>[\s\S]*?<\/pre>/g, (pre) => foldHtml(pre, options.fold || undefined));
  switch (output.output_type) {
    case "stream": {
      const stream = output.name === "stderr" ? "stderr" : "stdout";
      const text = output.text;
      if (!text) return "";
      return fold(`<pre class="vb-stream vb-${stream}">${ansiToHtml(text)}</pre>`);
    }
    case "error": {
      const traceback = (output.traceback ?? []).join("\n");
      const head = `<div class="vb-error-head"><span class="vb-error-name">${escapeHtml(output.ename)}</span>${
        output.evalue ? `: ${ansiToHtml(output.evalue)}` : ""}</div>`;
      const body = traceback && !isJustTheMessage(traceback, output) ? fold(`<pre class="vb-traceback">${ansiToHtml(traceback)}</pre>`) : "";
      return `<div class="vb-error" role="note">${head}${body}</div>`;
    }
    case "display_data":
    case "execute_result":
      return renderBundle(output.data ?? {}, options.idPrefix ?? "", fold);
    default:
      return "";
  }
}

function renderBundle(data: MimeBundle, prefix: string, fold: (html: string) => string): string {
  const mime = MIME_ORDER.find((m) => data[m] !== undefined && data[m] !== null);
  if (!mime) return "";
  const value = data[mime];
  const text = typeof value === "string" ? value : "";
  switch (mime) {
    case TERMINAL_MIME: {
      const block = readTerminalJson(value);
      // A block this version cannot read: show the bundle's HTML twin instead.
      if (!block) return renderBundle({ ...data, [TERMINAL_MIME]: undefined }, prefix, fold);
      return `<div class="vb-html vb-has-term">${fold(renderTerminalNotesHtml(block))}</div>`;
    }
    case "text/html": {
      const { markup, style } = takeStyles(text, prefix);
      const html = sanitize(markup, { idPrefix: prefix });
      if (!html.trim()) return "";
      const term = /^\s*<div class="vb-term"/.test(html) ? " vb-has-term" : "";
      return `<div class="vb-html${term}${themeClass(style + html)}" id="${prefix}output">${style}${fold(html)}</div>`;
    }
    case "image/svg+xml":
      return renderSvg(text, prefix);
    case "image/png":
    case "image/jpeg": {
      const b64 = text.replace(/\s+/g, "");
      if (!b64 || !BASE64.test(b64)) return "";
      return `<figure class="vb-image"><img alt="" src="data:${mime};base64,${b64}"></figure>`;
    }
    case "text/markdown":
      return `<div class="vb-markdown-output">${renderMarkdown(text, { idPrefix: prefix })}</div>`;
    case "application/json":
      return fold(`<pre class="vb-plain">${escapeHtml(JSON.stringify(value, null, 2) ?? "")}</pre>`);
    default:
      return text ? fold(`<pre class="vb-plain">${ansiToHtml(text)}</pre>`) : "";
  }
}

/** Inline SVG: sanitised, ids namespaced, its own <style> scoped to its figure. */
export function renderSvg(svg: string, prefix: string): string {
  const { markup, style } = takeStyles(svg, prefix, "output");
  const clean = sanitize(markup, { idPrefix: prefix });
  if (!/<svg[\s>]/.test(clean)) return "";
  return `<figure class="vb-svg${themeClass(style + clean)}" id="${prefix}output">${style}${clean}</figure>`;
}

// <style> elements are lifted out before sanitising and come back as CSS we wrote:
// safe declarations only, every selector scoped under the output's own wrapper.
function takeStyles(markup: string, prefix: string, wrapperId = "output"): { markup: string; style: string } {
  const sheets: string[] = [];
  const rest = markup.replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_, css: string) => {
    sheets.push(css);
    return "";
  });
  const css = sheets.length ? scopeCss(sheets.join("\n"), `${prefix}${wrapperId}`, prefix) : "";
  return { markup: rest, style: css ? `<style>${css}</style>` : "" };
}

// SVG drawn with currentColor/CSS variables follows the page theme; anything else sits on a
// light card in dark mode, so black strokes and text stay readable.
function themeClass(html: string): string {
  if (!/<svg[\s>]/.test(html)) return "";
  return /currentcolor|var\(--|prefers-color-scheme/i.test(html) ? " vb-themed" : " vb-paper";
}

function isJustTheMessage(traceback: string, output: { ename: string; evalue: string }): boolean {
  // eslint-disable-next-line no-control-regex
  const plain = traceback.replace(/\x1b\[[0-9;]*m/g, "").trim();
  return plain === `${output.ename}: ${output.evalue}`.trim() || plain === output.evalue.trim();
}
