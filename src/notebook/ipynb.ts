// Read and write .ipynb files the way Jupyter does: multiline strings joined in memory and
// split into lines on disk, keys sorted, one-space indent, cell ids (nbformat 4.5).
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Cell, CellMetadata, CodeCell, MarkdownCell, MimeBundle, Notebook, NotebookMetadata } from "./types.js";
import { TSLAB_KERNELSPEC } from "./types.js";

/** Thrown when a file is not a notebook this project can use (not JSON, not nbformat 4). */
export class NotebookFormatError extends Error {
  override name = "NotebookFormatError";
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** A fresh cell id, shaped like Jupyter's own (8 hex digits; schema: ^[a-zA-Z0-9-_]+$, 1-64). */
export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

export function newCodeCell(source: string, metadata: CellMetadata = {}, id = newCellId()): CodeCell {
  return { id, cell_type: "code", metadata, source, outputs: [], execution_count: null };
}

export function newMarkdownCell(source: string, metadata: CellMetadata = {}, id = newCellId()): MarkdownCell {
  return { id, cell_type: "markdown", metadata, source };
}

/** A new nbformat 4.5 notebook for the tslab kernel. */
export function newNotebook(cells: Cell[] = [], metadata: NotebookMetadata = {}): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { ...TSLAB_KERNELSPEC }, language_info: { name: "typescript" }, ...metadata },
    cells,
  };
}

const isJsonMime = (mime: string) => mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
const joinLines = (v: unknown): unknown => (Array.isArray(v) && v.every((l) => typeof l === "string") ? v.join("") : v);
const splitLines = (s: string): string[] => (s === "" ? [] : s.split(/(?<=\n)/));

function rejoinBundle(data: MimeBundle | undefined): void {
  if (!data) return;
  for (const [mime, value] of Object.entries(data)) if (!isJsonMime(mime)) data[mime] = joinLines(value);
}

function splitBundle(data: MimeBundle | undefined): void {
  if (!data) return;
  for (const [mime, value] of Object.entries(data)) {
    if (typeof value === "string" && (mime.startsWith("text/") || mime === "application/javascript" || mime === "image/svg+xml")) {
      data[mime] = splitLines(value);
    }
  }
}

/**
 * Parse notebook JSON. Multiline fields become strings; a 4.0-4.4 notebook is upgraded to
 * 4.5 by giving its cells ids (as nbformat's upgrade does). Schema validation is separate:
 * see validateNotebook().
 */
export function parseNotebook(text: string, file = "<notebook>"): Notebook {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(file, `not JSON (${(e as Error).message}); is this an .ipynb file?`);
  }
  if (typeof raw !== "object" || raw === null || !Array.isArray(raw.cells)) {
    throw new NotebookFormatError(file, "no `cells` array; is this an .ipynb file?");
  }
  if (raw.nbformat !== 4) {
    throw new NotebookFormatError(file, `nbformat ${raw.nbformat} is not supported; save it as nbformat 4 (Jupyter: File → Save)`);
  }
  raw.metadata ??= {};
  const seen = new Set<string>();
  for (const cell of raw.cells) {
    cell.metadata ??= {};
    cell.source = joinLines(cell.source ?? "");
    if (typeof cell.id !== "string" || seen.has(cell.id)) cell.id = newCellId();
    seen.add(cell.id);
    for (const bundle of Object.values(cell.attachments ?? {})) rejoinBundle(bundle as MimeBundle);
    if (cell.cell_type === "code") {
      cell.outputs ??= [];
      cell.execution_count ??= null;
      for (const out of cell.outputs) {
        if (out.output_type === "stream") out.text = joinLines(out.text);
        else rejoinBundle(out.data);
      }
    }
  }
  if ((raw.nbformat_minor ?? 0) < 5) raw.nbformat_minor = 5;
  return raw as Notebook;
}

/** Serialise like nbformat.writes(): lines split, keys sorted, indent 1, transient data dropped. */
export function serializeNotebook(nb: Notebook): string {
  const copy: any = structuredClone(nb);
  for (const cell of copy.cells) {
    cell.source = splitLines(cell.source);
    delete cell.metadata.trusted;
    for (const bundle of Object.values(cell.attachments ?? {})) splitBundle(bundle as MimeBundle);
    for (const out of cell.outputs ?? []) {
      delete out.transient;
      if (out.output_type === "stream") out.text = splitLines(out.text);
      else splitBundle(out.data);
    }
  }
  return JSON.stringify(copy, sortKeys, 1) + "\n";
}

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function readNotebook(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new NotebookFormatError(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNotebook(text, file);
}

export async function writeNotebook(file: string, nb: Notebook): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, serializeNotebook(nb));
}

/** The code cells of a notebook, in order (the runner numbers them from 1). */
export function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}
