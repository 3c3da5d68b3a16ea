// Kernel settings given as `key=value` or `key = value` lines (as `sysctl` prints them).
import { ParseError } from "./errors.js";

export function parseSysctls(text: string, command = "sysctl"): Record<string, string> {
  const out: Record<string, string> = {};
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new ParseError(command, "expected key=value", i + 1, line);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return out;
}
