// Papermill-style parameters for TypeScript notebooks.
//
// The cell tagged `parameters` holds the defaults (`const target = "sandbox";`); `-p key=value`
// writes a cell tagged `injected-parameters` right after it that declares the same names again.
// tslab allows a later cell to redeclare a `const` or `let` of an earlier one (each cell is its
// own scope and the new declaration shadows the old for every later cell), so the injected cell
// re-declares with the same keyword and type annotation the defaults used; a name without a
// default gets the widened type of its value (string, number, boolean) so later comparisons
// type-check as they would against the default.
import { newCodeCell } from "./ipynb.js";
import { hasTag, TAGS } from "./tags.js";
import type { Notebook } from "./types.js";

export type ParameterValue = string | number | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };
export type Parameters = Record<string, ParameterValue>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Thrown for a `-p` argument that cannot become a TypeScript constant. */
export class ParameterError extends Error {
  override name = "ParameterError";
}

/** The typed value of one `-p` value: numbers, booleans, null and JSON stay typed, the rest is a string. */
export function parseParameterValue(text: string): ParameterValue {
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  if (NUMBER.test(text) && Number.isFinite(Number(text))) return Number(text);
  if (/^[[{"]/.test(text)) {
    try {
      return JSON.parse(text) as ParameterValue;
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return text;
}

/** `["target=ssh", "count=3"]` → `{ target: "ssh", count: 3 }`; a later key wins. */
export function parseParameterArgs(args: readonly string[]): Parameters {
  const out: Parameters = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new ParameterError(`-p ${arg}: expected key=value (e.g. -p target=ssh)`);
    const key = arg.slice(0, eq).trim();
    if (!IDENTIFIER.test(key)) throw new ParameterError(`-p ${arg}: "${key}" is not a TypeScript identifier`);
    out[key] = parseParameterValue(arg.slice(eq + 1));
  }
  return out;
}

interface Declaration {
  keyword: "const" | "let" | "var";
  annotation?: string;
}

/** Top-level `const|let|var name[: Type] =` declarations of a parameters cell, by name. */
export function parameterDeclarations(source: string): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  const re = /^[ \t]*(?:export[ \t]+)?(const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*([^=\n]+?))?[ \t]*=/gm;
  for (const m of source.matchAll(re)) {
    if (!found.has(m[2]!)) found.set(m[2]!, { keyword: m[1] as Declaration["keyword"], annotation: m[3]?.trim() });
  }
  return found;
}

function widenedType(value: ParameterValue): string | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return undefined;
}

/** The TypeScript source of the injected cell. */
export function renderParameters(params: Parameters, defaultsSource = ""): string {
  const declared = parameterDeclarations(defaultsSource);
  const lines = ["// Parameters injected by `vethbook run` (-p key=value); they override the defaults above."];
  for (const [name, value] of Object.entries(params)) {
    const decl = declared.get(name);
    const type = decl?.annotation ?? widenedType(value);
    lines.push(`${decl?.keyword ?? "const"} ${name}${type ? `: ${type}` : ""} = ${JSON.stringify(value)};`);
  }
  return lines.join("\n");
}

/**
 * A copy of the notebook with `params` injected: any earlier injected cell is dropped, the new
 * one goes right after the `parameters` cell (or first, when there is none, as papermill does),
 * and the values are recorded in `metadata.vethbook.parameters`.
 */
export function injectParameters(nb: Notebook, params: Parameters): Notebook {
  const copy = structuredClone(nb);
  copy.cells = copy.cells.filter((c) => !hasTag(c, TAGS.injectedParameters));
  if (Object.keys(params).length === 0) return copy;
  const at = copy.cells.findIndex((c) => c.cell_type === "code" && hasTag(c, TAGS.parameters));
  const defaults = at >= 0 ? copy.cells[at]!.source : "";
  const cell = newCodeCell(renderParameters(params, defaults), { tags: [TAGS.injectedParameters] });
  copy.cells.splice(at + 1, 0, cell);
  const meta = (copy.metadata.vethbook ??= {}) as Record<string, unknown>;
  meta.parameters = params;
  return copy;
}
