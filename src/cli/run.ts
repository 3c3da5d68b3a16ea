// `vethbook run <notebook...>`: run chapters headless (tslab's engine in this process) and
// write the executed copies.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { defineCommand } from "citty";
import { NotebookFormatError, writeNotebook } from "../notebook/ipynb.js";
import { parseParameterArgs, ParameterError, type Parameters } from "../notebook/params.js";
import { createProgress, silentProgress, type ProgressReporter } from "../notebook/progress.js";
import { runNotebook, type RunResult } from "../notebook/runner.js";
import { trustNotebooks, type TrustResult } from "../notebook/trust.js";
import pc from "picocolors";
import { interrupt } from "../command/interrupt.js";
import type { LabOptions } from "../targets/options.js";
import { labOptionsFrom, targetArgs, UsageError } from "./_support.js";
/** Where executed notebooks go when --out is not given (relative to the current directory). */
export const DEFAULT_OUT_DIR = "out/notebooks";

export interface RunCliOptions {
  notebooks: string[];
  out?: string;
  /** Where the cells' commands go, resolved from the flags and the environment. */
  lab: LabOptions;
  parameters: Parameters;
  timeout?: number;
  allowErrors: boolean;
  /** Sign the executed copies for this user with `jupyter trust` (default true). */
  sign?: boolean;
}

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
        ssh: { type: "string" },
        "ssh-config": { type: "string" },
        "vagrant-dir": { type: "string" },
        "allow-local": { type: "boolean" },
        lab: { type: "string" },
        param: { type: "string", short: "p", multiple: true },
        timeout: { type: "string" },
        "allow-errors": { type: "boolean" },
        solutions: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("no notebook given: vethbook run <notebook.ipynb...>");
  let timeout: number | undefined;
  if (values.timeout !== undefined) {
    timeout = Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError(`--timeout ${values.timeout}: expected a number of seconds > 0`);
  }
  const parameters = parseParameterArgs(values.param ?? []);
  // `-p target=ssh` is the papermill way to say --target ssh: both reach the lab options.
  const lab = labOptionsFrom({ ...values, target: values.target ?? (typeof parameters.target === "string" ? parameters.target : undefined) });
  if (values.target) parameters.target = lab.target;
  // --solutions is short for -p solutions=true: each check runs its hidden solution first.
  if (values.solutions) parameters.solutions = true;
  return { notebooks: positionals, out: values.out, lab, parameters, timeout, allowErrors: values["allow-errors"] === true };
}

/** Where the executed copy of `notebook` goes: --out FILE (one notebook), --out DIR, or the default dir. */
export function outputPath(notebook: string, out: string | undefined, count: number): string {
  if (out && count === 1 && out.endsWith(".ipynb") && !(existsSync(out) && statSync(out).isDirectory())) return resolve(out);
  return resolve(out ?? DEFAULT_OUT_DIR, basename(notebook));
}

export interface RunNotebooksResult {
  results: { notebook: string; output: string; result: RunResult }[];
  exitCode: number;
  /** Which executed copies Jupyter's notary signed for this user, or why none. */
  trust: TrustResult;
}

/**
 * Ctrl-C while chapters run: the command the cell waits for is interrupted in the VM (as in
 * a terminal), the cell then ends with that interrupt, the executed notebook is written as
 * far as it got, and no later cell or notebook runs. A cell still waiting 1.5 s later is
 * abandoned; a second Ctrl-C ends at once.
 */
function interruptOnCtrlC(): { signal: AbortSignal; interrupted: () => boolean; dispose: () => void } {
  const stop = new AbortController();
  let presses = 0;
  // Straight to the terminal: while a cell runs, the runner captures process.stderr for it.
  const say = process.stderr.write.bind(process.stderr);
  const onSigint = () => {
    if (++presses > 1) process.exit(130);
    say("\ninterrupting (Ctrl-C again to quit at once)...\n");
    void interrupt();
    setTimeout(() => stop.abort(), 1500).unref();
  };
  process.on("SIGINT", onSigint);
  return { signal: stop.signal, interrupted: () => presses > 0, dispose: () => process.off("SIGINT", onSigint) };
}

/** Run notebooks one after another, write each executed copy, and report failures on stderr
 *  (the progress reporter has already said how each one went). */
export async function runNotebooks(options: RunCliOptions, progress: ProgressReporter = silentProgress): Promise<RunNotebooksResult> {
  const missing = options.notebooks.filter((nb) => !existsSync(nb));
  if (missing.length > 0) throw new UsageError(`no such notebook: ${missing.join(", ")}`);
  const results: RunNotebooksResult["results"] = [];
  let exitCode = 0;
  const ctrlC = interruptOnCtrlC();
  try {
    for (const notebook of options.notebooks) {
      if (ctrlC.interrupted()) break;
      const output = outputPath(notebook, options.out, options.notebooks.length);
      const result = await runNotebook(notebook, {
        parameters: options.parameters,
        timeout: options.timeout,
        allowErrors: options.allowErrors,
        progress,
        settings: { lab: options.lab },
        signal: ctrlC.signal,
      });
      await writeNotebook(output, result.notebook);
      results.push({ notebook, output, result });
      if (!result.ok && ctrlC.interrupted()) {
        for (const error of result.errors) process.stderr.write(`${error.message}\n`);
        process.stderr.write(`the executed notebook, as far as it ran: ${output}\n`);
      } else if (!result.ok) {
        exitCode = 1;
        for (const error of result.errors) process.stderr.write(`error: ${error.message}\n`);
        process.stderr.write(`the executed notebook, with the error recorded in it: ${output}\n`);
      }
    }
  } finally {
    ctrlC.dispose();
  }
  if (ctrlC.interrupted()) exitCode = 130;
  // Signed the way Jupyter signs what it runs, so they open trusted, pictures and all.
  const trust = options.sign === false ? { signed: [] } : trustNotebooks(results.map((r) => r.output));
  return { results, exitCode, trust };
}

function reportUsage(e: unknown): number {
  if (e instanceof UsageError || e instanceof ParameterError || e instanceof NotebookFormatError) {
    process.stderr.write(`vethbook: ${e.message}\n`);
    return 2;
  }
  throw e;
}

/** The folder (or file) the executed notebooks went to, said once. */
function writtenLine(results: RunNotebooksResult["results"], trust: TrustResult): string {
  const dirs = [...new Set(results.map((r) => dirname(r.output)))];
  const signed = trust.signed.length === results.length ? " (signed for you: Jupyter opens it trusted)" : "";
  if (results.length === 1) return `executed notebook: ${relativeOrAbsolute(results[0]!.output)}${signed}\n`;
  return `executed notebooks in ${dirs.map(relativeOrAbsolute).join(", ")}${signed.replace("it", "them")}\n`;
}

/** One quiet line when the executed notebooks could not be signed. */
export function trustNote(trust: TrustResult): string {
  return trust.skipped ? pc.dim(`note: ${trust.skipped}`) + "\n" : "";
}

function relativeOrAbsolute(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}

export const runCommand = defineCommand({
  meta: {
    name: "run",
    description: "run notebooks headless (tslab's engine in-process) and write the executed copies",
  },
  args: {
    notebooks: { type: "positional", description: "notebook files (.ipynb)", required: true },
    out: { type: "string", alias: "o", description: `FILE (one notebook) or DIR for the executed notebooks (default ${DEFAULT_OUT_DIR}/)` },
    ...targetArgs,
    param: { type: "string", alias: "p", description: "a parameter key=value (repeat -p for more); numbers, booleans and JSON stay typed" },
    timeout: { type: "string", description: "seconds a cell may run (default 120; cell metadata vethbook.timeout wins)" },
    "allow-errors": { type: "boolean", description: "record failing cells and go on" },
    solutions: { type: "boolean", description: "run each exercise's hidden solution before its check (as -p solutions=true)" },
  },
  async run({ rawArgs }) {
    try {
      const options = parseRunArgs(rawArgs);
      const { exitCode, results, trust } = await runNotebooks(options, createProgress());
      if (results.length) process.stdout.write(writtenLine(results, trust));
      process.stderr.write(trustNote(trust));
      process.exitCode = exitCode;
    } catch (e) {
      process.exitCode = reportUsage(e);
    }
  },
});
