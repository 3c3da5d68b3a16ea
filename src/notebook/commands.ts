// `vethbook run` and `vethbook kernel install|status`, as citty commands for src/cli.ts.
import { UsageError } from "../cli-support.js";
import { TARGET_KINDS } from "../targets/connect.js";
import type { TargetKind } from "../targets/types.js";
import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { defineCommand } from "citty";
import { NotebookFormatError, writeNotebook } from "./ipynb.js";
import { installKernel, JUPYTER_APT_HINT, kernelStatus, KernelSetupError } from "./kernel.js";
import { parseParameterArgs, ParameterError, type Parameters } from "./params.js";
import { createProgress, silentProgress, type ProgressReporter } from "./progress.js";
import { runNotebook, type RunResult } from "./runner.js";

/** Where a run's commands go: the lab's own list of target kinds. */
export const TARGETS = TARGET_KINDS;
/** Where executed notebooks go when --out is not given (relative to the current directory). */
export const DEFAULT_OUT_DIR = "out/notebooks";

export interface RunCliOptions {
  notebooks: string[];
  out?: string;
  target?: TargetKind;
  parameters: Parameters;
  timeout?: number;
  allowErrors: boolean;
}

// A command line that cannot be run as written: the CLI's one UsageError, so `vethbook`
// and `vethbook course` report it as such too.
export { UsageError };

/**
 * Parse `run`'s arguments from the raw argv. citty keeps only the last of a repeated flag,
 * and `-p` repeats, so this reads them with node:util parseArgs (multiple: true).
 */
export function parseRunArgs(rawArgs: readonly string[]): RunCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rawArgs],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: "string", short: "o" },
        target: { type: "string", short: "t" },
        param: { type: "string", short: "p", multiple: true },
        timeout: { type: "string" },
        "allow-errors": { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("no notebook given: vethbook run <notebook.ipynb...>");
  const target = values.target;
  if (target !== undefined && !(TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`--target ${target}: expected one of ${TARGETS.join(", ")}`);
  }
  let timeout: number | undefined;
  if (values.timeout !== undefined) {
    timeout = Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError(`--timeout ${values.timeout}: expected a number of seconds > 0`);
  }
  const parameters = parseParameterArgs(values.param ?? []);
  if (target) parameters.target = target;
  return {
    notebooks: positionals,
    out: values.out,
    target: target as RunCliOptions["target"],
    parameters,
    timeout,
    allowErrors: values["allow-errors"] === true,
  };
}

/** Where the executed copy of `notebook` goes: --out FILE (one notebook), --out DIR, or the default dir. */
export function outputPath(notebook: string, out: string | undefined, count: number): string {
  if (out && count === 1 && out.endsWith(".ipynb") && !(existsSync(out) && statSync(out).isDirectory())) return resolve(out);
  return resolve(out ?? DEFAULT_OUT_DIR, basename(notebook));
}

export interface RunNotebooksResult {
  results: { notebook: string; output: string; result: RunResult }[];
  exitCode: number;
}

/** Run notebooks one after another, write each executed copy, and report failures on stderr. */
export async function runNotebooks(options: RunCliOptions, progress: ProgressReporter = silentProgress): Promise<RunNotebooksResult> {
  if (options.target) process.env.VETHBOOK_TARGET = options.target;
  const missing = options.notebooks.filter((nb) => !existsSync(nb));
  if (missing.length > 0) throw new UsageError(`no such notebook: ${missing.join(", ")}`);
  const results: RunNotebooksResult["results"] = [];
  let exitCode = 0;
  for (const notebook of options.notebooks) {
    const output = outputPath(notebook, options.out, options.notebooks.length);
    const result = await runNotebook(notebook, {
      parameters: options.parameters,
      timeout: options.timeout,
      allowErrors: options.allowErrors,
      progress,
    });
    await writeNotebook(output, result.notebook);
    results.push({ notebook, output, result });
    if (!result.ok) {
      exitCode = 1;
      for (const error of result.errors) process.stderr.write(`error: ${error.message}\n`);
      process.stderr.write(`the executed notebook, with the error recorded in it: ${output}\n`);
    } else {
      process.stdout.write(`${notebook}: ok in ${(result.durationMs / 1000).toFixed(1)} s → ${output}\n`);
    }
  }
  return { results, exitCode };
}

function reportUsage(e: unknown): number {
  if (e instanceof UsageError || e instanceof ParameterError || e instanceof NotebookFormatError || e instanceof KernelSetupError) {
    process.stderr.write(`error: ${e.message}\n`);
    return e instanceof KernelSetupError ? 1 : 2;
  }
  throw e;
}

export const notebookRunCommand = defineCommand({
  meta: {
    name: "run",
    description: "run notebooks headless (tslab's engine in-process) and write the executed copies",
  },
  args: {
    notebooks: { type: "positional", description: "notebook files (.ipynb)", required: true },
    out: { type: "string", alias: "o", description: `FILE (one notebook) or DIR for the executed notebooks (default ${DEFAULT_OUT_DIR}/)` },
    target: { type: "enum", options: [...TARGETS], alias: "t", description: "where commands run; also the `target` parameter and $VETHBOOK_TARGET" },
    param: { type: "string", alias: "p", description: "a parameter key=value (repeat -p for more); numbers, booleans and JSON stay typed" },
    timeout: { type: "string", description: "seconds a cell may run (default 120; cell metadata vethbook.timeout wins)" },
    "allow-errors": { type: "boolean", description: "record failing cells and go on" },
  },
  async run({ rawArgs }) {
    try {
      const options = parseRunArgs(rawArgs);
      const { exitCode } = await runNotebooks(options, createProgress());
      process.exitCode = exitCode;
    } catch (e) {
      process.exitCode = reportUsage(e);
    }
  },
});

const kernelInstallCommand = defineCommand({
  meta: { name: "install", description: "Register the tslab (TypeScript) kernel with Jupyter" },
  args: {
    user: { type: "boolean", description: "install for this user only (~/.local/share/jupyter)" },
    prefix: { type: "string", description: "install into PREFIX/share/jupyter/kernels" },
    python: { type: "string", description: "the Python with jupyter_client (default: Jupyter's own)" },
  },
  run({ args }) {
    try {
      const r = installKernel({ user: args.user, prefix: args.prefix, python: args.python });
      process.stdout.write(`tslab kernel registered (python ${r.python}, kernel ${r.binary}).\nOpen a notebook and pick the "TypeScript" kernel.\n`);
    } catch (e) {
      process.exitCode = reportUsage(e);
    }
  },
});

const kernelStatusCommand = defineCommand({
  meta: { name: "status", description: "Show whether Jupyter knows the tslab kernel, and which tslab it starts" },
  run() {
    const s = kernelStatus();
    if (!s.jupyter) {
      process.stdout.write(`jupyter: not installed (${JUPYTER_APT_HINT})\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`jupyter: ${s.jupyter}\n`);
    if (!s.spec) {
      process.stdout.write("tslab kernel: not registered (run: vethbook kernel install)\n");
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`tslab kernel: ${s.spec.dir}\n  starts: ${s.spec.argv.join(" ")}\n`);
    if (!s.pointsHere) process.stdout.write(`  note: not this project's tslab (${s.binary}); run: vethbook kernel install\n`);
  },
});

export const kernelCommand = defineCommand({
  meta: { name: "kernel", description: "the Jupyter kernel (tslab) the notebooks use" },
  subCommands: { install: kernelInstallCommand, status: kernelStatusCommand },
});
