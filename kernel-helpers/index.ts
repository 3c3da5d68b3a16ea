// What notebook cells import:
//   import { lab, show, expect } from "../dist/kernel-helpers/index.js";
import "./_cell-line.js";
import { installKernelInterrupt } from "./_interrupt.js";
import { exitWithNotebookServer } from "./_orphan.js";
import { lab } from "./lab.js";
export { lab };
export { expect, ExpectationError, type CounterSelector, type RewriteSelector } from "./expect.js";
export { setQuiet } from "./terminal.js";
export { exercise, predict, exerciseSummary, solutionsMode, ExerciseHandle, Prediction } from "./exercise.js";
import * as show from "./show.js";
export { show };
export type { Vm } from "../src/command/vm.js";
export type { CommandResult } from "../src/command/result.js";

installKernelInterrupt();
exitWithNotebookServer(() => lab.close());
