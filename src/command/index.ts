// Commands on lab machines: the tagged template, its one result type, background jobs, and
// the Target interface every place commands run implements.
export type { Target, TargetKind, RunOptions } from "./target.js";
export { DEFAULT_TIMEOUT_MS } from "./target.js";
export { Vm } from "./vm.js";
export { CommandPromise, type CommandSettings } from "./command-promise.js";
export { CommandResult, CommandError, type CommandResultInit } from "./result.js";
export { BackgroundJob } from "./background.js";
export { quote, buildCommand, argvToCommand, type Interpolation } from "./quote.js";
export { onCommand, type CommandEvent } from "./observers.js";
export { addCommandGate, type CommandGate, type CommandAboutToRun } from "./gates.js";
export { parseDuration } from "./duration.js";
