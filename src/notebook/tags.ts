// The cell tags the runner and the exporter honour (the names papermill and nbclient use).
import type { Cell } from "./types.js";

export const TAGS = {
  /** Defaults for papermill-style parameters; injected values go in a cell right after it. */
  parameters: "parameters",
  /** The cell the runner wrote with the values given on the command line (replaced on each run). */
  injectedParameters: "injected-parameters",
  /** Not run; its outputs are cleared. */
  skipExecution: "skip-execution",
  /** The cell must raise: its error is recorded and the run goes on; no error fails the run. */
  raisesException: "raises-exception",
  /** Run as usual; the exported notes show its outputs without its code. */
  hideInput: "hide-input",
  /** The exported notes show neither its code nor its outputs. */
  removeCell: "remove-cell",
  /** As hide-input (Jupyter Book's name). */
  removeInput: "remove-input",
  /** The exported notes show its code without its outputs. */
  hideOutput: "hide-output",
  /** As hide-output (Jupyter Book's name). */
  removeOutput: "remove-output",
  /** An exercise's task (its card); the exported notes show it in both editions. */
  exerciseTask: "exercise-task",
  /** The learner's cell of an exercise: the handout leaves room to write instead. */
  exerciseAnswer: "exercise-answer",
  /** An exercise's check: the notes fold its hints and solution; the handout keeps no answer. */
  exerciseCheck: "exercise-check",
  exerciseSummary: "exercise-summary",
  prediction: "prediction",
  predictionReveal: "prediction-reveal",
} as const;

export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

export function hasTag(cell: Cell, tag: string): boolean {
  return cellTags(cell).includes(tag);
}

/** The tags as a reader of the notebook should honour them: its tags, plus hide-input for a
 *  cell whose source Jupyter shows collapsed (metadata.jupyter.source_hidden). */
export function effectiveTags(cell: Cell): Set<string> {
  const tags = new Set(cellTags(cell));
  const jupyter = cell.metadata.jupyter as { source_hidden?: boolean } | undefined;
  if (jupyter?.source_hidden) tags.add(TAGS.hideInput);
  return tags;
}
