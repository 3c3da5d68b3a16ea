// Exercise cards: a task, a check's answer, a prediction and its reveal, a chapter's summary.
// kernel-helpers publish each as a bundle — this MIME type (read back by the exported notes,
// which fold hints and solutions or leave them out of a handout), HTML for Jupyter, and text.
import { escapeHtml } from "./html-text.js";
import { htmlRoot } from "./_html-style.js";

export const EXERCISE_MIME = "application/vnd.vethbook.exercise+json";

export interface ExerciseRef {
  chapter: string;
  id: string;
  /** 1-based within its chapter. */
  number: number;
  title: string;
}

export interface TaskCard extends ExerciseRef {
  kind: "task";
  /** Markdown. */
  task: string;
  start: string;
  /** How to check from the notebook and from a shell. */
  checkCode: string;
  checkCli: string;
}

export interface CheckCard extends ExerciseRef {
  kind: "check";
  passed: boolean;
  message: string;
  observations: { what: string; saw: string; ok: boolean }[];
  hints: string[];
  /** The hidden solution, as shell commands per machine and as notebook code. */
  solution: { shell: string; code: string };
  /** The run executed the solution before checking (solutions mode). */
  ranSolution: boolean;
}

export interface PredictionCard {
  kind: "prediction";
  chapter: string;
  id: string;
  question: string;
  choices: string[];
  mine?: string;
  /** Where `mine` came from: the cell, or a parameter of a headless run. */
  from?: "cell" | "parameter";
}

export interface RevealCard extends Omit<PredictionCard, "kind"> {
  kind: "reveal";
  happened?: string;
  explain: string;
}

export interface SummaryCard {
  kind: "summary";
  chapter: string;
  rows: (ExerciseRef & { status: "passed" | "not yet" | "not checked"; message?: string })[];
}

export type ExerciseCard = TaskCard | CheckCard | PredictionCard | RevealCard | SummaryCard;

/** The MIME payload (versioned, like the terminal's). */
export function toExerciseJson(card: ExerciseCard): ExerciseCard & { v: 1 } {
  return { v: 1, ...card };
}

export function readExerciseJson(value: unknown): ExerciseCard | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { v?: unknown; kind?: unknown };
  if (v.v !== 1 || !["task", "check", "prediction", "reveal", "summary"].includes(String(v.kind))) return undefined;
  return value as ExerciseCard;
}

/** The little markdown tasks use — `code`, **bold**, *emphasis* — as HTML, escaped. */
export function inlineMarkdown(md: string): string {
  return escapeHtml(md)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
}

/** The same without the marks, for a terminal. */
export function plainMarkdown(md: string): string {
  return md.replace(/`([^`]+)`/g, "$1").replace(/\*\*([^*]+)\*\*/g, "$1").replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, "$1$2");
}

export function exerciseLabel(ref: ExerciseRef): string {
  return `Exercise ${Number(ref.chapter)}.${ref.number}`;
}

export function predictionVerdict(card: RevealCard): "right" | "wrong" | "none" | "unknown" {
  if (!card.mine) return "none";
  if (!card.happened) return "unknown";
  return card.mine === card.happened ? "right" : "wrong";
}

const CSS = [
  ".vb-ex{border:1px solid var(--vb-line);border-left:4px solid var(--vb-jump);border-radius:6px;padding:8px 12px;margin:4px 0;background:var(--vb-bg)}",
  ".vb-ex h4{margin:0 0 4px}",
  ".vb-ex p{margin:4px 0}",
  ".vb-ex-pass{border-left-color:var(--vb-ok)}",
  ".vb-ex-fail{border-left-color:var(--vb-hl-fg)}",
  ".vb-ex .vb-ex-verdict{font-weight:700}",
  ".vb-ex-pass .vb-ex-verdict{color:var(--vb-ok)}",
  ".vb-ex-fail .vb-ex-verdict{color:var(--vb-hl-fg)}",
  ".vb-ex ul{margin:4px 0;padding-left:20px}",
  ".vb-ex .vb-ex-ok{color:var(--vb-ok)}",
  ".vb-ex .vb-ex-bad{color:var(--vb-bad)}",
  ".vb-ex details{margin-top:4px}",
  ".vb-ex summary{cursor:pointer;color:var(--vb-muted)}",
].join("");

function card(kind: string, cls: string, body: string): string {
  return htmlRoot(`exercise vb-ex-${kind}`, `<style>${CSS}</style><div class="vb-ex ${cls}">${body}</div>`);
}

function observationsHtml(obs: CheckCard["observations"]): string {
  if (!obs.length) return "";
  return `<ul class="vb-ex-seen">${obs.map((o) => `<li><span class="${o.ok ? "vb-ex-ok" : "vb-ex-bad"}">${o.ok ? "✔" : "✘"}</span> ${escapeHtml(o.what)}: <span class="vb-muted">${escapeHtml(o.saw)}</span></li>`).join("")}</ul>`;
}

/** The card as a notebook shows it (HTML with its own style). The solution never appears. */
export function renderExerciseHtml(c: ExerciseCard): string {
  switch (c.kind) {
    case "task":
      return card("task", "", `<h4>${escapeHtml(exerciseLabel(c))} — ${escapeHtml(c.title)}</h4><p>${inlineMarkdown(c.task)}</p>` +
        `<p class="vb-muted"><strong>Starting point</strong> (set up by this cell): ${inlineMarkdown(c.start)}</p>` +
        `<p class="vb-muted">Write your commands in the next cell, then check with <code>${escapeHtml(c.checkCode)}</code> — or from a shell: <code>${escapeHtml(c.checkCli)}</code>.</p>`);
    case "check": {
      const hints = c.passed || !c.hints.length ? "" : `<details><summary>Need a hint?</summary><ol>${c.hints.map((h) => `<li>${inlineMarkdown(h)}</li>`).join("")}</ol></details>`;
      const ran = c.ranSolution ? `<p class="vb-muted">The hidden solution ran first (solutions mode).</p>` : "";
      return card("check", c.passed ? "vb-ex-pass" : "vb-ex-fail", `<p><span class="vb-ex-verdict">${c.passed ? "✔ Passed" : "✘ Not yet"}</span> · ${escapeHtml(exerciseLabel(c))} — ${escapeHtml(c.title)}</p>` +
        `<p>${inlineMarkdown(c.message)}</p>${ran}<details${c.passed ? "" : " open"}><summary>What the check tried</summary>${observationsHtml(c.observations)}</details>${hints}`);
    }
    case "prediction": {
      const list = `<ul>${c.choices.map((ch) => `<li>${ch === c.mine ? "<strong>▶ " : ""}${inlineMarkdown(ch)}${ch === c.mine ? "</strong>" : ""}</li>`).join("")}</ul>`;
      const mine = c.mine
        ? `<p>Your prediction: <strong>${inlineMarkdown(c.mine)}</strong>${c.from === "parameter" ? ' <span class="vb-muted">(from the run\'s parameters)</span>' : ""}. The experiment below will tell.</p>`
        : `<p class="vb-muted">No prediction yet: write one of the choices between the quotes in this cell and run it again.</p>`;
      return card("prediction", "", `<h4>Predict: ${inlineMarkdown(c.question)}</h4>${list}${mine}`);
    }
    case "reveal": {
      const v = predictionVerdict(c);
      const cls = v === "right" ? "vb-ex-pass" : v === "wrong" ? "vb-ex-fail" : "";
      const head = v === "right" ? "✔ You predicted it" : v === "wrong" ? "✘ Not what you predicted" : v === "none" ? "What happened" : "Could not tell what happened";
      return card("reveal", cls, `<p><span class="vb-ex-verdict">${head}</span> · ${inlineMarkdown(c.question)}</p>` +
        `<p>It ${c.happened ? `happened: <strong>${inlineMarkdown(c.happened)}</strong>` : "did something none of the choices describe"}.${c.mine && v !== "right" ? ` You predicted: ${inlineMarkdown(c.mine)}.` : ""}</p><p class="vb-muted">${inlineMarkdown(c.explain)}</p>`);
    }
    case "summary": {
      const rows = c.rows.map((r) => `<tr><td>${escapeHtml(exerciseLabel(r))}</td><td>${escapeHtml(r.title)}</td><td class="${r.status === "passed" ? "vb-ex-ok" : r.status === "not yet" ? "vb-ex-bad" : "vb-muted"}">${r.status === "passed" ? "✔ passed" : r.status === "not yet" ? "✘ not yet" : "— not checked"}</td></tr>`).join("");
      const passed = c.rows.filter((r) => r.status === "passed").length;
      return card("summary", passed === c.rows.length ? "vb-ex-pass" : "", `<h4>Chapter ${Number(c.chapter)}: ${passed} of ${c.rows.length} exercises passed</h4><table><tbody>${rows}</tbody></table>`);
    }
  }
}

/** The card as a terminal shows it. */
export function renderExerciseText(c: ExerciseCard): string {
  switch (c.kind) {
    case "task":
      return `${exerciseLabel(c)} — ${c.title}\n${plainMarkdown(c.task)}\nStarting point: ${plainMarkdown(c.start)}\nCheck: ${c.checkCode}   (shell: ${c.checkCli})\n`;
    case "check":
      return `${c.passed ? "✔ Passed" : "✘ Not yet"} · ${exerciseLabel(c)} — ${c.title}\n${plainMarkdown(c.message)}\n` +
        c.observations.map((o) => `  ${o.ok ? "✔" : "✘"} ${o.what}: ${o.saw}\n`).join("");
    case "prediction":
      return `Predict: ${plainMarkdown(c.question)}\n${c.choices.map((ch) => `  ${ch === c.mine ? "▶" : "-"} ${plainMarkdown(ch)}\n`).join("")}${c.mine ? `Your prediction: ${plainMarkdown(c.mine)}\n` : "No prediction yet.\n"}`;
    case "reveal": {
      const v = predictionVerdict(c);
      return `${v === "right" ? "✔ You predicted it" : v === "wrong" ? "✘ Not what you predicted" : "What happened"}: ${c.happened ? plainMarkdown(c.happened) : "(none of the choices)"}${c.mine && v !== "right" ? ` (you predicted: ${plainMarkdown(c.mine)})` : ""}\n${plainMarkdown(c.explain)}\n`;
    }
    case "summary":
      return `Chapter ${Number(c.chapter)}: ${c.rows.filter((r) => r.status === "passed").length} of ${c.rows.length} exercises passed\n` +
        c.rows.map((r) => `  ${r.status === "passed" ? "✔" : r.status === "not yet" ? "✘" : "-"} ${exerciseLabel(r)} — ${r.title}: ${r.status}\n`).join("");
  }
}
