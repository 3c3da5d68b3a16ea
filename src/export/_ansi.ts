// ANSI escapes → HTML spans (ansi-to-html), coloured through CSS variables so the
// stylesheet decides the palette per theme and for print.
import Convert from "ansi-to-html";

const colors: Record<number, string> = {};
for (let i = 0; i < 16; i++) colors[i] = `var(--ansi-${i})`;

const options = { fg: "var(--term-fg)", bg: "var(--term-bg)", escapeXML: true, newline: false, stream: false, colors };

/** Escaped HTML for terminal text; colours become spans, other escapes are dropped. */
export function ansiToHtml(text: string): string {
  // A fresh converter per call: state never leaks from one output into the next.
  return new Convert(options).toHtml(stripUnsupported(text));
}

// Carriage-return progress lines keep only their last state, as a terminal shows them.
function stripUnsupported(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => (line.includes("\r") ? line.slice(line.lastIndexOf("\r") + 1) : line))
    .join("\n");
}
