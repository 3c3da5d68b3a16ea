// The notebook concern: .ipynb files, their schema, parameters and tags, and the headless runner.
export type {
  Cell,
  CellMetadata,
  CodeCell,
  DisplayDataOutput,
  ErrorOutput,
  ExecuteResultOutput,
  MarkdownCell,
  MimeBundle,
  Notebook,
  NotebookMetadata,
  Output,
  RawCell,
  StreamOutput,
} from "./types.js";
export { TSLAB_KERNELSPEC } from "./types.js";
export {
  NotebookFormatError,
  codeCells,
  newCellId,
  newCodeCell,
  newMarkdownCell,
  newNotebook,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  writeNotebook,
} from "./ipynb.js";
export { NBFORMAT_V4_5_SCHEMA, NotebookValidationError, assertValidNotebook, validateNotebook } from "./validate.js";
export type { SchemaProblem, ValidationResult } from "./validate.js";
export { TAGS, cellTags, hasTag } from "./tags.js";
export { ParameterError, injectParameters, parseParameterArgs, parseParameterValue, renderParameters } from "./params.js";
export type { ParameterValue, Parameters } from "./params.js";
export { newDisplayId, publishDisplay } from "./display.js";
export type { DisplayMessage, PublishOptions } from "./display.js";
export { CellExecutionError, CellInterruptedError, CellTimeoutError } from "./errors.js";
export type { CellLocation } from "./errors.js";
export { DEFAULT_CELL_TIMEOUT_SECONDS, runNotebook } from "./runner.js";
export type { CellContext, CellErrorContext, CellExecutedContext, CellReport, RunHooks, RunOptions, RunResult } from "./runner.js";
export { createProgress, silentProgress } from "./progress.js";
export type { CellStatus, ProgressOptions, ProgressReporter } from "./progress.js";
export { currentRun, recordRunMetadata, type RunContext } from "./run-context.js";
export { trustNotebooks, type TrustResult } from "./trust.js";
export { JUPYTER_APT_HINT, KernelSetupError, checkoutKernelName, findJupyter, findJupyterPython, installKernel, kernelStatus, listKernelSpecs, tslabPaths } from "./kernel.js";
export type { KernelInstallOptions, KernelInstallResult, KernelScope, KernelStatus } from "./kernel.js";
