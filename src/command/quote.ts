// Shell quoting for interpolated values, in the manner of zx: a value made only of
// safe characters stays bare, anything else becomes a $'…' string with escapes.
const SAFE = /^[\w/.\-+@:=,%]+$/;

/** Quote one value so that bash reads it back as exactly one word. */
export function quote(value: string): string {
  if (value === "") return "''";
  if (SAFE.test(value)) return value;
  let out = "$'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + "'";
}

/** Anything a template may interpolate. Arrays expand to several words. */
export type Interpolation = string | number | bigint | boolean | null | undefined | { toString(): string } | Interpolation[];

function quoteValue(value: Interpolation): string {
  if (Array.isArray(value)) return value.map(quoteValue).join(" ");
  if (value === null || value === undefined) {
    throw new TypeError(`cannot interpolate ${value} into a command: pass a string, a number or an array`);
  }
  return quote(String(value));
}

/** Join a tagged template's pieces into one shell line, quoting every value. */
export function buildCommand(pieces: TemplateStringsArray | readonly string[], values: readonly Interpolation[]): string {
  let out = pieces[0] ?? "";
  for (let i = 0; i < values.length; i++) out += quoteValue(values[i]!) + (pieces[i + 1] ?? "");
  return out;
}

/** An argv as one shell line, every word quoted: what `exec -- argv...` runs. */
export function argvToCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError("empty command: give at least the program to run");
  return argv.map(quote).join(" ");
}
