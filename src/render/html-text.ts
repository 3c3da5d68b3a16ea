// Text into HTML, the one way both the renderers and the exported notes do it: escaping,
// and terminal colours (ANSI escapes) as spans coloured through CSS variables
// (--vb-a0 … --vb-a15, --vb-term-fg/bg), so each stylesheet picks the palette per theme.
import Convert from "ansi-to-html";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for HTML/SVG content and attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Remove ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

const palette = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [i, `var(--vb-a${i})`]));
const CONVERT_OPTIONS = { escapeXML: true, newline: false, stream: false, colors: palette, fg: "var(--vb-term-fg)", bg: "var(--vb-term-bg)" };

/** Escaped HTML for terminal text: colours become spans, other escapes are dropped, and a
 *  carriage-return progress line keeps only its last state, as a terminal shows it. */
export function ansiToHtml(text: string): string {
  // A fresh converter per call: ansi-to-html keeps colour state between calls otherwise.
  return new Convert(CONVERT_OPTIONS).toHtml(lastStateOfEachLine(text));
}

function lastStateOfEachLine(text: string): string {
  if (!text.includes("\r")) return text;
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => (line.includes("\r") ? line.slice(line.lastIndexOf("\r") + 1) : line))
    .join("\n");
}
