// Grading: run an exercise's check against the live lab and say pass or what it saw.
import { Checker, NotYet, removeProbeScript } from "./checker.js";
import { RESET, runSteps } from "./steps.js";
import type { CheckReport, ChapterExercises, Exercise, ExerciseLab } from "./types.js";

/** Probe the lab for `exercise`; never throws for a lab that is not there yet. */
export async function runCheck(chapter: ChapterExercises | string, exercise: Exercise, lab: ExerciseLab): Promise<CheckReport> {
  const c = new Checker(lab);
  const started = performance.now();
  let passed = false;
  let message: string;
  try {
    await exercise.check(c);
    passed = true;
    message = exercise.passed;
  } catch (e) {
    if (!(e instanceof NotYet)) throw e;
    message = e.hint;
  } finally {
    // A probe host must never outlive its check.
    await (await lab.vm("vm1")).script(removeProbeScript(), { quiet: true, nothrow: true });
  }
  return {
    chapter: typeof chapter === "string" ? chapter : chapter.chapter,
    id: exercise.id,
    title: exercise.title,
    passed,
    message,
    observations: c.observations,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Bring the lab to the exercise's start: reset, then its setup (quiet). */
export async function prepare(exercise: Exercise, lab: ExerciseLab): Promise<void> {
  await runSteps(lab, [...RESET, ...exercise.setup]);
}
