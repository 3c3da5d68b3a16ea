// One cell → HTML: markdown rendered, code highlighted above its outputs, tags honoured.
import { escapeHtml } from "../render/html-text.js";
import { effectiveTags, TAGS } from "../notebook/tags.js";
import type { Cell } from "../notebook/types.js";
import type { FoldOptions } from "./_fold.js";
import type { Slugger } from "./_slug.js";
import { renderCodeBlock, renderMarkdownWithHeadings, type Heading } from "./markdown.js";
import { renderOutput } from "./outputs.js";

export interface CellOptions {
  /** Position of the cell in its notebook; makes output ids unique on the page. */
  index?: number;
  /** Page-wide id namespace ("" on a chapter page, "02-bridge--" in the single file). */
  idPrefix?: string;
  slugger?: Slugger;
  rewriteHref?: (href: string) => string;
  /** Language of code cells (from the kernelspec); "typescript" by default. */
  language?: string;
  fold?: FoldOptions | false;
}

/** HTML for one cell, plus the headings it contributes to the table of contents. */
export function renderCellWithHeadings(cell: Cell, options: CellOptions = {}): { html: string; headings: Heading[] } {
  const tags = effectiveTags(cell);
  if (tags.has(TAGS.removeCell)) return { html: "", headings: [] };
  const source = cell.source;
  if (cell.cell_type === "markdown") {
    if (!source.trim()) return { html: "", headings: [] };
    const { html, headings } = renderMarkdownWithHeadings(source, {
      slugger: options.slugger,
      idPrefix: options.idPrefix,
      rewriteHref: options.rewriteHref,
      attachments: cell.attachments,
    });
    return { html: `<div class="vb-md">${html}</div>\n`, headings };
  }
  if (cell.cell_type !== "code") return { html: "", headings: [] };

  const showInput = source.trim() !== "" && !tags.has(TAGS.hideInput) && !tags.has(TAGS.removeInput);
  const showOutputs = !tags.has(TAGS.hideOutput) && !tags.has(TAGS.removeOutput);
  const outputs = showOutputs
    ? (cell.outputs ?? [])
        .map((output, i) =>
          renderOutput(output, { idPrefix: `${options.idPrefix ?? ""}c${options.index ?? 0}-o${i}-`, fold: options.fold }),
        )
        .filter(Boolean)
    : [];
  if (!showInput && !outputs.length) return { html: "", headings: [] };

  const lang = options.language ?? "typescript";
  const input = showInput ? `<div class="vb-input">${renderCodeBlock(source, lang)}</div>` : "";
  if (tags.has(TAGS.raisesException)) {
    // The runner required this cell to fail: say so, so nobody reads it as a broken lab.
    const note = '<span class="vb-expected">Expected: this cell is meant to fail.</span>';
    for (let i = 0; i < outputs.length; i++) outputs[i] = outputs[i]!.replace(/(<div class="vb-error-head">[\s\S]*?)(<\/div>)/, `$1${note}$2`);
  }
  const out = outputs.length ? `<div class="vb-outputs">${outputs.join("\n")}</div>` : "";
  const cls = `vb-cell${showInput ? "" : " vb-output-only"}`;
  const n = cell.execution_count;
  const label = typeof n === "number" && showInput ? ` data-n="${escapeHtml(String(n))}"` : "";
  return { html: `<div class="${cls}"${label}>${input}${out}</div>\n`, headings: [] };
}

/** HTML for one cell. Deterministic. */
export function renderCell(cell: Cell, options: CellOptions = {}): string {
  return renderCellWithHeadings(cell, options).html;
}
