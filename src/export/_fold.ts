// Folding long output: keep the first lines visible and put the rest in a <details>.
// Works on well-formed HTML (ours, or sanitize-html's output): only text inside <pre>
// counts as lines, and tags open at the cut are closed and reopened so both halves stay valid.

const TOKEN = /<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</g;
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

export interface FoldOptions {
  /** Fold when more than this many lines (default 50). */
  threshold?: number;
  /** Lines left visible above the fold (default 25). */
  keep?: number;
}

interface Open { name: string; tag: string }

/** Lines of preformatted text in an HTML fragment. */
export function preLines(html: string): number {
  let lines = 0;
  let pre = 0;
  let endsWithNewline = true;
  for (const m of html.matchAll(TOKEN)) {
    if (m[2]) {
      const name = m[2].toLowerCase();
      if (name === "pre") {
        if (!m[1] && !endsWithNewline) lines++; // an unterminated last line of the previous <pre>
        pre += m[1] ? -1 : 1;
        endsWithNewline = true;
      }
      continue;
    }
    if (pre <= 0) continue;
    const text = m[0];
    lines += text.split("\n").length - 1;
    if (text.length) endsWithNewline = text.endsWith("\n");
  }
  return lines + (endsWithNewline ? 0 : 1);
}

/** The fragment with everything after `keep` lines inside a <details>, or unchanged when short. */
export function foldHtml(html: string, options: FoldOptions = {}): string {
  const threshold = options.threshold ?? 50;
  const keep = options.keep ?? 25;
  const total = preLines(html);
  if (total <= threshold) return html;
  const cut = findCut(html, keep);
  if (!cut) return html;
  const { index, open } = cut;
  const close = open.map((o) => `</${o.name}>`).reverse().join("");
  const reopen = open.map((o) => o.tag).join("");
  const hidden = total - keep;
  return (
    `<div class="vb-folded">${html.slice(0, index)}${close}` +
    `<details class="vb-fold"><summary>Show ${hidden} more line${hidden === 1 ? "" : "s"}</summary>` +
    `${reopen}${html.slice(index)}</details></div>`
  );
}

function findCut(html: string, keep: number): { index: number; open: Open[] } | undefined {
  const open: Open[] = [];
  let lines = 0;
  let pre = 0;
  for (const m of html.matchAll(TOKEN)) {
    const start = m.index;
    if (m[2]) {
      const name = m[2].toLowerCase();
      if (VOID.has(name) || m[3]?.trimEnd().endsWith("/")) continue;
      if (m[1]) {
        const at = open.map((o) => o.name).lastIndexOf(name);
        if (at >= 0) open.length = at;
        if (name === "pre") pre--;
      } else {
        open.push({ name, tag: m[0] });
        if (name === "pre") pre++;
      }
      continue;
    }
    if (pre <= 0) continue;
    const text = m[0];
    let from = 0;
    for (;;) {
      const nl = text.indexOf("\n", from);
      if (nl < 0) break;
      lines++;
      from = nl + 1;
      if (lines === keep) return { index: start + from, open: open.slice() };
    }
  }
  return undefined;
}
