// `vethbook run <notebook...>`: run chapters headless (tslab's engine in this process) and
// write the executed copies.
import { existsSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { defineCommand } from "citty";
import { NotebookFormatError, readNotebook, writeNotebook } from "../notebook/ipynb.js";
import { parseParameterArgs, ParameterError, type Parameters } from "../notebook/params.js";
import { createParallelProgress, createProgress, silentProgress, type ParallelProgress, type ProgressReporter } from "../notebook/progress.js";
import { runNotebook } from "../notebook/runner.js";
import { labStatus } from "../targets/sandbox/lab.js";
import { runInWorkers } from "./_parallel.js";
import { trustNotebooks, type TrustResult } from "../notebook/trust.js";
import pc from "picocolors";
import { interruptOnCtrlC } from "./_ctrl-c.js";
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
  /** Notebooks at the same time, each on a sandbox lab of its own (default 1; "auto": one
   *  per core). Only on the sandbox, and only when no lab of `lab up` or --lab is asked for:
   *  otherwise they run one after another on that one lab. */
  jobs?: number | "auto";
}

/** `--jobs N|auto` as a number of workers, or a usage error that says what is accepted. */
export function parseJobs(text: string | undefined): number | "auto" | undefined {
  if (text === undefined) return undefined;
  if (text === "auto") return "auto";
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs ${text}: expected a whole number of notebooks at a time (1 or more) or "auto" (one per core)`);
  return n;
}

/** How many notebooks can run at once here, and if fewer than asked, why. */
export function workersFor(options: Pick<RunCliOptions, "notebooks" | "lab" | "jobs">): { workers: number; why?: string } {
  const asked = options.jobs === "auto" ? availableParallelism() : (options.jobs ?? 1);
  const workers = Math.min(asked, options.notebooks.length);
  if (workers <= 1) return { workers: 1 };
  if (options.lab.target !== "sandbox") return { workers: 1, why: `the ${options.lab.target} target has one set of VMs` };
  if (options.lab.labId) return { workers: 1, why: `--lab ${options.lab.labId} is one lab` };
  const up = labStatus();
  if (up.up && options.lab.sandbox !== "own") return { workers: 1, why: `the lab of \`vethbook lab up\` (${up.state.labId}) is up: the notebooks run on it` };
  return { workers };
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
        jobs: { type: "string", short: "j" },
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
  return { notebooks: positionals, out: values.out, lab, parameters, timeout, allowErrors: values["allow-errors"] === true, jobs: parseJobs(values.jobs) };
}

/** Where the executed copy of `notebook` goes: --out FILE (one notebook), --out DIR, or the default dir. */
export function outputPath(notebook: string, out: string | undefined, count: number): string {
  if (out && count === 1 && out.endsWith(".ipynb") && !(existsSync(out) && statSync(out).isDirectory())) return resolve(out);
  return resolve(out ?? DEFAULT_OUT_DIR, basename(notebook));
}

export interface RunNotebooksResult {
  /** The notebooks that ran (in the order given), each with its executed copy. */
  results: { notebook: string; output: string; ok: boolean; errors: string[] }[];
  exitCode: number;
  /** Which executed copies Jupyter's notary signed for this user, or why none. */
  trust: TrustResult;
}

/** Run notebooks (one after another, or with options.jobs several at a time, each on a lab of
 *  its own), write each executed copy, and report failures on stderr (the progress reporter
 *  has already said how each one went). */
export async function runNotebooks(options: RunCliOptions, progress: ProgressReporter = silentProgress, parallel?: ParallelProgress): Promise<RunNotebooksResult> {
  const missing = options.notebooks.filter((nb) => !existsSync(nb));
  if (missing.length > 0) throw new UsageError(`no such notebook: ${missing.join(", ")}`);
  const { workers, why } = workersFor(options);
  if (why && options.jobs !== undefined) process.stderr.write(pc.dim(`note: one notebook at a time: ${why}`) + "\n");
  if (workers > 1) return runNotebooksInWorkers(options, workers, parallel ?? { reporter: () => silentProgress, stop() {} });
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
      const ran = { notebook, output, ok: result.ok, errors: result.errors.map((e) => e.message) };
      results.push(ran);
      if (reportFailure(ran, ctrlC.interrupted())) exitCode = 1;
    }
  } finally {
    ctrlC.dispose();
  }
  if (ctrlC.interrupted()) exitCode = 130;
  return { results, exitCode, trust: sign(options, results) };
}

/** How long the run that wrote this executed copy took, if one did and it went green. */
function lastDuration(output: string): number | undefined {
  try {
    const run = (JSON.parse(readFileSync(output, "utf8")) as { metadata?: { vethbook?: { run?: { ok?: boolean; duration_ms?: number } } } }).metadata?.vethbook?.run;
    return run?.ok && typeof run.duration_ms === "number" ? run.duration_ms : undefined;
  } catch {
    return undefined;
  }
}

/** Say on stderr how a notebook failed (or how far an interrupted one got); true if it failed. */
function reportFailure(ran: RunNotebooksResult["results"][number], interrupted: boolean): boolean {
  if (ran.ok) return false;
  for (const error of ran.errors) process.stderr.write(interrupted ? `${error}\n` : `error: ${error}\n`);
  process.stderr.write(interrupted ? `the executed notebook, as far as it ran: ${ran.output}\n` : `the executed notebook, with the error recorded in it: ${ran.output}\n`);
  return !interrupted;
}

/** Signed the way Jupyter signs what it runs, so they open trusted, pictures and all. */
function sign(options: RunCliOptions, results: RunNotebooksResult["results"]): TrustResult {
  return options.sign === false ? { signed: [] } : trustNotebooks(results.map((r) => r.output));
}

async function runNotebooksInWorkers(options: RunCliOptions, workers: number, parallel: ParallelProgress): Promise<RunNotebooksResult> {
  // A file that is no notebook is a usage error before anything starts, as with one at a time.
  for (const notebook of options.notebooks) await readNotebook(notebook);
  const jobs = options.notebooks.map((notebook) => {
    const output = outputPath(notebook, options.out, options.notebooks.length);
    return { notebook, output, expectedMs: lastDuration(output) };
  });
  let failed = false;
  const { outcomes, interrupted } = await runInWorkers({
    jobs,
    workers,
    parameters: options.parameters,
    timeout: options.timeout,
    allowErrors: options.allowErrors,
    lab: options.lab,
    reporter: () => parallel.reporter(),
    onDone: (outcome, pressed) => {
      if (reportFailure(outcome, pressed)) failed = true;
    },
  }).finally(() => parallel.stop());
  const exitCode = interrupted ? 130 : failed ? 1 : 0;
  return { results: outcomes, exitCode, trust: sign(options, outcomes) };
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
    jobs: { type: "string", alias: "j", description: "notebooks at the same time, each on a sandbox lab of its own: N, or auto (one per core); default 1", valueHint: "N|auto" },
  },
  async run({ rawArgs }) {
    try {
      const options = parseRunArgs(rawArgs);
      const { exitCode, results, trust } = await runNotebooks(options, createProgress(), createParallelProgress());
      if (results.length) process.stdout.write(writtenLine(results, trust));
      process.stderr.write(trustNote(trust));
      process.exitCode = exitCode;
    } catch (e) {
      process.exitCode = reportUsage(e);
    }
  },
});
