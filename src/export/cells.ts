// One cell → HTML: markdown rendered, code highlighted above its outputs, tags honoured.
import { escapeHtml } from "../render/html-text.js";
import { effectiveTags, TAGS } from "../notebook/tags.js";
import type { Cell } from "../notebook/types.js";
import type { FoldOptions } from "./_fold.js";
import type { Slugger } from "./_slug.js";
import { renderCodeBlock, renderMarkdownWithHeadings, type Heading } from "./markdown.js";
import { renderOutput } from "./outputs.js";
import { answerBox, exerciseCardOf, renderExerciseNotes } from "./exercise.js";
import type { CodeCell } from "../notebook/types.js";

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
  /** The printable handout: exercises without solutions or recorded answers. */
  handout?: boolean;
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

  // The handout leaves the learner room to write, whatever the recorded run put there.
  if (options.handout && tags.has(TAGS.exerciseAnswer)) return { html: `<div class="vb-cell vb-output-only">${answerBox()}</div>\n`, headings: [] };
  const showInput = source.trim() !== "" && !tags.has(TAGS.hideInput) && !tags.has(TAGS.removeInput);
  const showOutputs = !tags.has(TAGS.hideOutput) && !tags.has(TAGS.removeOutput);
  const outputs = showOutputs ? renderOutputs(cell, options) : [];
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

/** A cell's outputs as HTML; exercise cards as the edition wants them. A check's card takes
 *  what else its cell printed (a solutions run's terminal blocks) into its folded solution,
 *  and the handout drops those. */
function renderOutputs(cell: CodeCell, options: CellOptions): string[] {
  const all = cell.outputs ?? [];
  const html = (i: number) => renderOutput(all[i]!, { idPrefix: `${options.idPrefix ?? ""}c${options.index ?? 0}-o${i}-`, fold: options.fold });
  const cards = all.map(exerciseCardOf);
  const check = cards.findIndex((c) => c?.kind === "check");
  if (check >= 0) {
    const ran = options.handout ? "" : all.map((_, i) => (cards[i] ? "" : html(i))).filter(Boolean).join("\n");
    return [renderExerciseNotes(cards[check]!, { handout: options.handout, ran })];
  }
  return all.map((_, i) => (cards[i] ? renderExerciseNotes(cards[i]!, { handout: options.handout }) : html(i))).filter(Boolean);
}

/** HTML for one cell. Deterministic. */
export function renderCell(cell: Cell, options: CellOptions = {}): string {
  return renderCellWithHeadings(cell, options).html;
}
