// Exercises the lab grades: tasks, checks that probe the live lab, hidden solutions, and
// predictions asked before an experiment.
export type { ChapterExercises, CheckReport, Exercise, ExerciseLab, Observation, PredictionSpec, Step, WrongAttempt } from "./types.js";
export { Checker, NotYet, PROBE_NETNS, decidedBy, describeCounter } from "./checker.js";
export { RESET, runSteps, stepsAsCode, stepsAsShell } from "./steps.js";
export { prepare, runCheck } from "./grade.js";
export { CHAPTERS, chapterExercises, findExercise, findPrediction } from "./catalog.js";
