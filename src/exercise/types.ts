// What an exercise is: data (task, hints, steps) plus a check that probes the live lab.
// A chapter's exercises and predictions are one ChapterExercises value (chapters/NN.ts).
import type { Vm } from "../command/vm.js";
import type { Checker } from "./checker.js";

/** The machines a check or a solution reaches: the notebook's lab, or the CLI's. */
export interface ExerciseLab {
  vm(name: string): Promise<Vm>;
}

/** One shell command on one machine (or inside one of its namespaces). */
export interface Step {
  /** vm1, vm2 or vm3. */
  on: string;
  netns?: string;
  run: string;
}

/** A mistake a learner could plausibly make, and the hint the check must answer it with. */
export interface WrongAttempt {
  name: string;
  steps: Step[];
  /** A piece of the hint the check gives for it. */
  hint: string;
}

export interface Exercise {
  /** Unique within its chapter: "icmp-only". */
  id: string;
  title: string;
  /** The task, in markdown. */
  task: string;
  /** What the lab looks like when the task starts (one sentence, markdown). */
  start: string;
  /** Commands that bring the lab to the start, from whatever state it is in. */
  setup: Step[];
  /** General hints, from gentle to nearly the answer (the notes fold them). */
  hints: string[];
  /** One way to do it, kept from the learner; `--solutions` runs it. */
  solution: Step[];
  /** Plausible mistakes, each with the hint its check must give (the tests try them all). */
  wrong: WrongAttempt[];
  /** Probe the lab: return normally to pass; `c.need(...)` throws a hint when it is not done yet. */
  check(c: Checker): Promise<void>;
  /** What to say when it passes. */
  passed: string;
}

/** A question asked before an experiment, answered by the experiment itself. */
export interface PredictionSpec {
  id: string;
  question: string;
  choices: string[];
  /** Which choice happened, read from what the experiment returned (a command result, a
   *  counter report, captured text...); undefined when it cannot tell. */
  observe(value: unknown): string | undefined;
  /** Why it happens, shown with the answer. */
  explain: string;
}

export interface ChapterExercises {
  /** "02". */
  chapter: string;
  title: string;
  exercises: Exercise[];
  predictions: PredictionSpec[];
  /** Puts the lab back as the chapter found it (the end of the chapter runs it). */
  cleanup: Step[];
}

/** What a check saw, one probe at a time. */
export interface Observation {
  what: string;
  saw: string;
  ok: boolean;
}

export interface CheckReport {
  chapter: string;
  id: string;
  title: string;
  passed: boolean;
  /** The pass message, or the hint that says what the check saw. */
  message: string;
  observations: Observation[];
  durationMs: number;
}
