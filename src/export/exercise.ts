// Exercise cards in the notes. The facilitator's copy (the default) shows each exercise's
// task, what its check said on the recorded run, and its hints and solution folded; the
// handout shows tasks, hints and room to write, and no solution and no recorded answers.
import { escapeHtml, exerciseLabel, predictionVerdict, readExerciseJson, EXERCISE_MIME, type CheckCard, type ExerciseCard } from "../render/index.js";
import type { Output } from "../notebook/types.js";
import { renderMarkdown } from "./markdown.js";

export interface EditionOptions {
  /** The printable handout: no solutions, no recorded checks or predictions. */
  handout?: boolean;
}

/** The exercise card an output carries, if any. */
export function exerciseCardOf(output: Output): ExerciseCard | undefined {
  if (output.output_type !== "display_data" && output.output_type !== "execute_result") return undefined;
  return readExerciseJson(output.data?.[EXERCISE_MIME]);
}

const md = (text: string) => renderMarkdown(text);
const inline = (text: string) => renderMarkdown(text).replace(/^\s*<p>([\s\S]*)<\/p>\s*$/, "$1");

function fold(summary: string, body: string, cls: string): string {
  return `<details class="vb-ex-fold ${cls}"><summary>${summary}</summary><div class="vb-ex-fold-body">${body}</div></details>`;
}

function hintsHtml(hints: string[]): string {
  return hints.length ? fold(`Hints (${hints.length})`, `<ol>${hints.map((h) => `<li>${inline(h)}</li>`).join("")}</ol>`, "vb-ex-hints") : "";
}

/**
 * One card as notes HTML. `ran` is what else the check's cell printed (the solution's
 * terminal blocks in a solutions run), folded into the solution.
 */
export function renderExerciseNotes(card: ExerciseCard, options: EditionOptions & { ran?: string } = {}): string {
  const handout = options.handout === true;
  switch (card.kind) {
    case "task":
      return `<section class="vb-ex vb-ex-task" id="exercise-${escapeHtml(card.chapter)}-${escapeHtml(card.id)}"><p class="vb-ex-label">${escapeHtml(exerciseLabel(card))}</p>` +
        `<h3 class="vb-ex-title">${escapeHtml(card.title)}</h3>${md(card.task)}<p class="vb-ex-start"><strong>Starting point.</strong> ${inline(card.start)}</p></section>`;
    case "check":
      return handout ? checkHandout(card) : checkFacilitator(card, options.ran ?? "");
    case "prediction": {
      const boxes = card.choices.map((ch) => `<li><span class="vb-ex-box" aria-hidden="true">${!handout && ch === card.mine ? "✔" : ""}</span>${inline(ch)}</li>`).join("");
      const mine = handout || !card.mine ? "" : `<p class="vb-ex-note">Prediction recorded on this run: <strong>${inline(card.mine)}</strong>${card.from === "parameter" ? " (given as a parameter)" : ""}.</p>`;
      return `<section class="vb-ex vb-ex-predict"><p class="vb-ex-label">Predict before you run</p><p class="vb-ex-q">${inline(card.question)}</p><ul class="vb-ex-choices">${boxes}</ul>${mine}</section>`;
    }
    case "reveal": {
      const v = handout ? "none" : predictionVerdict(card);
      const head = v === "right" ? "✔ As predicted" : v === "wrong" ? "✘ Not as predicted" : "What happened";
      return `<section class="vb-ex vb-ex-reveal vb-ex-${v}"><p class="vb-ex-label">${head}</p><p class="vb-ex-why">${inline(card.question)}</p><p>${card.happened ? `<strong>${inline(card.happened)}</strong>` : "none of the choices"}${v === "wrong" && card.mine ? ` — the prediction was: ${inline(card.mine)}` : ""}</p><p class="vb-ex-why">${inline(card.explain)}</p></section>`;
    }
    case "summary": {
      const rows = card.rows.map((r) => {
        const status = handout ? '<span class="vb-ex-box" aria-hidden="true"></span>' : r.status === "passed" ? "✔ passed" : r.status === "not yet" ? "✘ not yet" : "— not checked";
        return `<tr><td>${escapeHtml(exerciseLabel(r))}</td><td>${escapeHtml(r.title)}</td><td class="vb-ex-status vb-ex-${r.status.replace(" ", "-")}">${status}</td></tr>`;
      }).join("");
      const head = handout ? `Chapter ${Number(card.chapter)}: your exercises` : `Chapter ${Number(card.chapter)}: ${card.rows.filter((r) => r.status === "passed").length} of ${card.rows.length} exercises passed on this run`;
      return `<section class="vb-ex vb-ex-summary"><p class="vb-ex-label">${head}</p><table><tbody>${rows}</tbody></table></section>`;
    }
  }
}

function checkHandout(card: CheckCard): string {
  return `<section class="vb-ex vb-ex-check"><p class="vb-ex-how">Check it: run <code>await ex${card.number}.check()</code> in the notebook, or <code>vethbook check ${escapeHtml(card.chapter)} ${escapeHtml(card.id)}</code> in a shell.</p>${hintsHtml(card.hints)}</section>`;
}

function checkFacilitator(card: CheckCard, ran: string): string {
  const seen = card.observations.map((o) => `<li class="${o.ok ? "vb-ex-ok" : "vb-ex-bad"}">${escapeHtml(o.what)}: <span>${escapeHtml(o.saw)}</span></li>`).join("");
  const verdict = `<p class="vb-ex-verdict"><strong>${card.passed ? "✔ Passed" : "✘ Not yet"}</strong> on this run${card.ranSolution ? ", after the solution below" : ", on the lab as the exercise left it"}: ${inline(card.message)}</p>`;
  const solution = `<pre class="vb-ex-solution"><code>${escapeHtml(card.solution.shell)}</code></pre>` + (ran ? `<p class="vb-ex-note">As it ran:</p><div class="vb-outputs">${ran}</div>` : "");
  return `<section class="vb-ex vb-ex-check vb-ex-${card.passed ? "pass" : "fail"}">${verdict}${seen ? fold("What the check tried", `<ul class="vb-ex-seen">${seen}</ul>`, "vb-ex-tried") : ""}${hintsHtml(card.hints)}${fold("Solution", solution, "vb-ex-sol")}</section>`;
}

/** The handout's stand-in for the learner's cell: room to write. */
export function answerBox(): string {
  return `<div class="vb-ex-answer" aria-label="Your commands"><p class="vb-ex-label">Your commands</p><div class="vb-ex-lines"></div></div>`;
}
