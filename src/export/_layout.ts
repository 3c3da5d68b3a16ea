// The HTML document around every page: inline stylesheet, a strict Content-Security-Policy
// (no network at all, only our own script by hash), and one tiny script of ours.
import { createHash } from "node:crypto";
import { escapeHtml } from "../render/html-text.js";
import { STYLESHEET } from "./_style.js";

// Opens the contents sidebar on wide screens, and every fold before printing.
const SCRIPT =
  "(()=>{const t=document.getElementById('vb-toc'),m=matchMedia('(min-width: 64rem)'),s=()=>{if(t)t.open=m.matches};" +
  "s();m.addEventListener('change',s);addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details'))d.open=true})})()";
const SCRIPT_HASH = createHash("sha256").update(SCRIPT).digest("base64");

const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'", // ANSI colours and SVG presentation come as style attributes
  "img-src data:",
  `script-src 'sha256-${SCRIPT_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export interface DocumentParts {
  title: string;
  description?: string;
  body: string;
  bodyClass?: string;
}

export function htmlDocument(parts: DocumentParts): string {
  const description = parts.description ? `\n<meta name="description" content="${escapeHtml(parts.description)}">` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="vethbook">${description}
<title>${escapeHtml(parts.title)}</title>
<style>${STYLESHEET}</style>
</head>
<body${parts.bodyClass ? ` class="${parts.bodyClass}"` : ""}>
<a class="vb-skip" href="#main">Skip to the text</a>
${parts.body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "21 November 2026, 05:01 UTC" — fixed format and zone, so the same input gives the same bytes. */
export function formatRecordedAt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
