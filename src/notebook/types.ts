// The shapes of an nbformat 4.5 notebook, as the vendored schema describes them.
// Multiline strings are `string | string[]` on disk; readNotebook() joins them so code
// only ever sees `string`, and writeNotebook() splits them again the way Jupyter does.

/** A MIME bundle: "text/plain" → text, "image/png" → base64, "application/json" → any JSON. */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  /** Jupyter keeps the display id here only in memory; it is not part of nbformat. */
  transient?: { display_id?: string };
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CellMetadata {
  tags?: string[];
  execution?: Record<string, string>;
  vethbook?: { timeout?: number; duration_ms?: number; skipped?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface CodeCell {
  id: string;
  cell_type: "code";
  metadata: CellMetadata;
  source: string;
  outputs: Output[];
  execution_count: number | null;
}

export interface MarkdownCell {
  id: string;
  cell_type: "markdown";
  metadata: CellMetadata;
  source: string;
  attachments?: Record<string, MimeBundle>;
}

export interface RawCell {
  id: string;
  cell_type: "raw";
  metadata: CellMetadata;
  source: string;
  attachments?: Record<string, MimeBundle>;
}

export type Cell = CodeCell | MarkdownCell | RawCell;

/** `metadata.vethbook` of a notebook: written by the headless runner (and by hand for
 *  title/summary), read by the exported notes. All optional. */
export interface VethbookMetadata {
  /** Chapter title (else the first "# " heading, else the file name). */
  title?: string;
  /** One-line summary for the index (else the first paragraph of the first markdown cell). */
  summary?: string;
  /** Where the outputs were recorded: "sandbox" | "vagrant" | "ssh" | "local". */
  target?: string;
  /** ISO 8601 time the outputs were recorded. */
  executed_at?: string;
  /** Lab VMs the outputs came from: { vm1: "docker1", … }. */
  hostnames?: Record<string, string>;
  run?: { start_time?: string; end_time?: string; duration_ms?: number; ok?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface NotebookMetadata {
  kernelspec?: { name: string; display_name: string; language?: string; [key: string]: unknown };
  language_info?: { name: string; [key: string]: unknown };
  vethbook?: VethbookMetadata;
  [key: string]: unknown;
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: Cell[];
}

/** The kernelspec every vethbook notebook declares (what `tslab install` registers). */
export const TSLAB_KERNELSPEC = { name: "tslab", display_name: "TypeScript", language: "typescript" } as const;
