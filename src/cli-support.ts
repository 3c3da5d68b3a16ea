// Small things every CLI command shares.

/** An error caused by how the command was called: printed without a stack. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = "UsageError";
  }
}

const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string) => s.replace(ANSI, "").length;

/** A plain aligned table: header, a rule, rows. */
export function table(header: string[], rows: string[][]): string {
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(cols[i]! - width(c)))).join("  ").trimEnd();
  return [line(header), line(cols.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
