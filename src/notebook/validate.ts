// Validate notebooks against the official nbformat 4.5 JSON schema (vendored; see schema/README.md).
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { createRequire } from "node:module";
import { serializeNotebook } from "./ipynb.js";
import type { Notebook } from "./types.js";

export interface SchemaProblem {
  /** JSON pointer into the notebook, e.g. /cells/3/outputs/0 */
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  problems: SchemaProblem[];
}

export class NotebookValidationError extends Error {
  override name = "NotebookValidationError";
  constructor(readonly file: string, readonly problems: SchemaProblem[]) {
    super(
      `${file} is not a valid nbformat 4.5 notebook:\n` +
        problems.slice(0, 10).map((p) => `  ${p.path || "/"}: ${p.message}`).join("\n") +
        (problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ""),
    );
  }
}

// Loaded with require() so it works on every TypeScript the project meets (tslab's 5.0 has no
// import attributes; 5.9 demands them); the type-level import makes tsc copy the file to dist.
type Schema = typeof import("./schema/nbformat.v4.5.schema.json");
const schema: Schema = createRequire(import.meta.url)("./schema/nbformat.v4.5.schema.json");

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // The official file declares draft-04; its keywords are all draft-07-compatible, so Ajv's
  // default (draft-07) dialect validates it unchanged once the $schema tag is dropped.
  // strict: false because the official file carries a few non-keywords ("item", "source_hidden").
  const { $schema: _draft04, ...body } = schema as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its default export is module.exports (under Node) or .default (bundlers).
  const mod = addFormatsModule as unknown as { default?: (a: Ajv) => Ajv };
  const addFormats = mod.default ?? (addFormatsModule as unknown as (a: Ajv) => Ajv);
  addFormats(ajv);
  compiled = ajv.compile(body);
  return compiled;
}

function toProblem(e: ErrorObject): SchemaProblem {
  const extra = e.keyword === "additionalProperties" ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : "";
  return { path: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
}

/**
 * Validate a notebook as it would be written to disk (lines split, transient data dropped),
 * so what passes here is what Jupyter will accept when it opens the file.
 */
export function validateNotebook(nb: Notebook): ValidationResult {
  const onDisk = JSON.parse(serializeNotebook(nb));
  const validate = validator();
  const valid = validate(onDisk) as boolean;
  // oneOf over cell/output types reports each branch's complaint; drop exact repeats.
  const problems = (validate.errors ?? []).map(toProblem);
  // nbformat wants cell ids unique too (Jupyter renames a repeat when it opens the file).
  const cells: { id?: unknown }[] = Array.isArray(onDisk.cells) ? onDisk.cells : [];
  const firstAt = new Map<unknown, number>();
  cells.forEach((c, i) => {
    if (typeof c.id !== "string") return;
    const first = firstAt.get(c.id);
    if (first === undefined) firstAt.set(c.id, i);
    else problems.push({ path: `/cells/${i}/id`, message: `repeats the id "${c.id}" of cell ${first}: cell ids must be unique` });
  });
  return { valid: valid && problems.length === 0, problems: dedupe(problems) };
}

export function assertValidNotebook(nb: Notebook, file = "<notebook>"): void {
  const { valid, problems } = validateNotebook(nb);
  if (!valid) throw new NotebookValidationError(file, problems);
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The schema itself, for tools that want to validate with something else. */
export const NBFORMAT_V4_5_SCHEMA: Readonly<Record<string, unknown>> = schema;
