// One error type for output a parser could not read: it names the command that printed
// it, where in the output it went wrong, and shows the offending text.

export class ParseError extends Error {
  constructor(
    /** The command whose output was bad, as a person would type it: `ip -j -d link`. */
    readonly command: string,
    readonly reason: string,
    /** 1-based line of the output, when the format is line-oriented. */
    readonly line?: number,
    readonly excerpt?: string,
  ) {
    const at = line !== undefined ? ` (line ${line})` : "";
    const shown = excerpt !== undefined ? `:\n  ${excerpt.length > 200 ? `${excerpt.slice(0, 200)}…` : excerpt}` : "";
    super(`cannot read the output of \`${command}\`${at}: ${reason}${shown}`);
    this.name = "ParseError";
  }
}

/** Parse `ip -j`/`bridge -j` output: a JSON array (empty output means none). */
export function parseJsonArray(command: string, text: string): Record<string, unknown>[] {
  const t = text.trim();
  if (t === "") return [];
  let data: unknown;
  try {
    data = JSON.parse(t);
  } catch (e) {
    throw new ParseError(command, `not JSON (${(e as Error).message}); was -j given?`, undefined, t.slice(0, 120));
  }
  if (!Array.isArray(data)) throw new ParseError(command, "expected a JSON array", undefined, t.slice(0, 120));
  data.forEach((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw new ParseError(command, `item ${i} is not an object`, undefined, JSON.stringify(item));
    }
  });
  return data as Record<string, unknown>[];
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
