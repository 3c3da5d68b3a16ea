// Exercises and predictions in a chapter's cells:
//   const ex1 = await exercise("02", "icmp-only");   // sets the lab up, shows the task
//   (the learner's own cell)
//   await ex1.check();                               // probes the lab: pass, or what it saw
//   const guess = predict("02", "bridge-ping", "");  // before an experiment; the learner fills in ""
//   guess.reveal(blocked);                           // after it: what happened, and were they right
//   await exerciseSummary("02");                     // the chapter's exercises, passed or not
// A headless run takes its answers from parameters: `-p solutions=true` (or `vethbook run
// --solutions`) runs each hidden solution before its check, and `-p predictions={...}` gives
// the predictions by id. In Jupyter, VETHBOOK_SOLUTIONS=1 does what solutions=true does.
import { inspect } from "node:util";
import { currentRun } from "../src/notebook/run-context.js";
import { publishDisplay } from "../src/notebook/display.js";
import { chapterExercises, findExercise, findPrediction, prepare, runCheck, runSteps, stepsAsCode, stepsAsShell, type ChapterExercises, type CheckReport, type Exercise } from "../src/exercise/index.js";
import { EXERCISE_MIME, exerciseLabel, renderExerciseHtml, renderExerciseText, toExerciseJson, type ExerciseCard, type ExerciseRef, type RevealCard } from "../src/render/exercise.js";
import { lab } from "./lab.js";

function parameters(): Record<string, unknown> {
  return (currentRun()?.settings.parameters as Record<string, unknown> | undefined) ?? {};
}

/** Whether checks run the hidden solution first: the `solutions` parameter, or $VETHBOOK_SOLUTIONS. */
export function solutionsMode(): boolean {
  const p = parameters().solutions;
  if (p !== undefined && p !== null && p !== "") return p === true || p === "true" || p === 1;
  return /^(1|true|yes)$/i.test(process.env.VETHBOOK_SOLUTIONS ?? "");
}

function show(card: ExerciseCard): void {
  publishDisplay({ [EXERCISE_MIME]: toExerciseJson(card), "text/html": renderExerciseHtml(card), "text/plain": renderExerciseText(card) });
}

/** A value that ends a cell without printing itself again (its card says it all). */
function quietValue<T extends object>(value: T, line = ""): T {
  Object.defineProperty(value, inspect.custom, { value: () => line, enumerable: false, configurable: true });
  return value;
}

const reports = new Map<string, CheckReport>();
const key = (chapter: string, id: string) => `${chapter}/${id}`;

export class ExerciseHandle {
  constructor(readonly chapter: ChapterExercises, readonly exercise: Exercise, readonly ref: ExerciseRef) {}

  /** Probe the lab and say pass, or what is missing. In solutions mode the hidden solution
   *  runs first, and a solution its own check does not pass fails the cell. */
  async check(): Promise<CheckReport> {
    const ranSolution = solutionsMode();
    if (ranSolution) await runSteps(lab, this.exercise.solution, { quiet: false });
    const report = await runCheck(this.chapter, this.exercise, lab);
    reports.set(key(this.chapter.chapter, this.exercise.id), report);
    show({
      kind: "check", ...this.ref, passed: report.passed, message: report.message, observations: report.observations, hints: this.exercise.hints,
      solution: { shell: stepsAsShell(this.exercise.solution), code: stepsAsCode(this.exercise.solution) }, ranSolution,
    });
    if (ranSolution && !report.passed) throw new Error(`the hidden solution of ${exerciseLabel(this.ref)} does not pass its own check: ${report.message}`);
    return quietValue(report, "");
  }

  /** Give up and look: the solution as notebook code and as shell commands. */
  solution(): string {
    const text = `${exerciseLabel(this.ref)}, one solution:\n\n${stepsAsCode(this.exercise.solution)}\n\nor in a shell:\n${stepsAsShell(this.exercise.solution)}\n`;
    publishDisplay({ "text/plain": text });
    return quietValue(new String(text), "") as unknown as string;
  }

  /** Put the lab back to this exercise's starting point (to try again from scratch). */
  async restart(): Promise<void> {
    await prepare(this.exercise, lab);
  }
}

/** Set the lab up for an exercise of a chapter and show its task. */
export async function exercise(chapter: string, id: string): Promise<ExerciseHandle> {
  const { chapter: ch, exercise: ex } = findExercise(chapter, id);
  const ref: ExerciseRef = { chapter: ch.chapter, id: ex.id, number: ch.exercises.indexOf(ex) + 1, title: ex.title };
  await prepare(ex, lab);
  show({ kind: "task", ...ref, task: ex.task, start: ex.start, checkCode: `await ex${ref.number}.check()`, checkCli: `vethbook check ${ch.chapter} ${ex.id}` });
  return quietValue(new ExerciseHandle(ch, ex, ref), "");
}

export class Prediction {
  constructor(readonly chapter: string, readonly id: string, readonly mine: string | undefined, private readonly from: "cell" | "parameter" | undefined) {}

  /** After the experiment: what happened (read from what it returned), and whether the
   *  prediction was right. A wrong prediction is a lesson, not a failure: it never throws. */
  reveal(value: unknown): RevealCard {
    const spec = findPrediction(this.chapter, this.id);
    const card: RevealCard = { kind: "reveal", chapter: this.chapter, id: this.id, question: spec.question, choices: spec.choices, mine: this.mine, from: this.from, happened: spec.observe(value), explain: spec.explain };
    show(card);
    return quietValue(card, "");
  }
}

/**
 * Ask for a prediction before an experiment. `mine` is the learner's answer (one of the
 * choices); left empty, a headless run's `predictions` parameter answers for it.
 */
export function predict(chapter: string, id: string, mine = ""): Prediction {
  const spec = findPrediction(chapter, id);
  const given = parameters().predictions as Record<string, unknown> | undefined;
  const fromParameter = typeof given?.[id] === "string" ? (given[id] as string) : undefined;
  const answer = mine.trim() || fromParameter;
  if (answer && !spec.choices.includes(answer)) {
    throw new Error(`"${answer}" is not one of the choices for this prediction: ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  const from = mine.trim() ? "cell" : answer ? "parameter" : undefined;
  show({ kind: "prediction", chapter: chapterExercises(chapter).chapter, id, question: spec.question, choices: spec.choices, mine: answer, from });
  return quietValue(new Prediction(chapterExercises(chapter).chapter, id, answer, from), "");
}

/** The chapter's exercises, passed or not (as checked in this kernel), then the lab put
 *  back as the chapter found it (unless `cleanUp: false`). */
export async function exerciseSummary(chapter: string, options: { cleanUp?: boolean } = {}): Promise<void> {
  const ch = chapterExercises(chapter);
  const rows = ch.exercises.map((ex, i) => {
    const r = reports.get(key(ch.chapter, ex.id));
    return { chapter: ch.chapter, id: ex.id, number: i + 1, title: ex.title, status: r ? (r.passed ? "passed" : "not yet") : "not checked", message: r?.message } as const;
  });
  show({ kind: "summary", chapter: ch.chapter, rows });
  if (options.cleanUp !== false) await runSteps(lab, ch.cleanup);
}
