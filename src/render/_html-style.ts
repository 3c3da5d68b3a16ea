// One small stylesheet for the HTML views, scoped under .vb-root, light and dark (internal).
// Inline <style> so a notebook output or an exported page needs nothing else.

import { themeRules } from "./_theme.js";

const LIGHT = "--vb-fg:#1f2328;--vb-muted:#59636e;--vb-bg:#ffffff;--vb-bg2:#f6f8fa;--vb-line:#d0d7de;--vb-hl:#fff8c5;--vb-hl-fg:#7d4e00;--vb-ok:#1a7f37;--vb-bad:#cf222e;--vb-jump:#0550ae;--vb-nat:#8250df;--vb-term-bg:#f6f8fa;--vb-term-fg:#1f2328;--vb-err:#b35900;--vb-a0:#24292f;--vb-a1:#cf222e;--vb-a2:#116329;--vb-a3:#7d4e00;--vb-a4:#0550ae;--vb-a5:#8250df;--vb-a6:#1b7c83;--vb-a7:#6e7781;--vb-a8:#57606a;--vb-a9:#a40e26;--vb-a10:#1a7f37;--vb-a11:#633c01;--vb-a12:#0969da;--vb-a13:#a475f9;--vb-a14:#3192aa;--vb-a15:#8c959f";
const DARK = "--vb-fg:#e6edf3;--vb-muted:#9198a1;--vb-bg:#0d1117;--vb-bg2:#161b22;--vb-line:#3d444d;--vb-hl:#3b2f00;--vb-hl-fg:#f2cc60;--vb-ok:#3fb950;--vb-bad:#f85149;--vb-jump:#79c0ff;--vb-nat:#d2a8ff;--vb-term-bg:#161b22;--vb-term-fg:#e6edf3;--vb-err:#ffa657;--vb-a0:#8b949e;--vb-a1:#ff7b72;--vb-a2:#3fb950;--vb-a3:#d29922;--vb-a4:#58a6ff;--vb-a5:#bc8cff;--vb-a6:#39c5cf;--vb-a7:#b1bac4;--vb-a8:#6e7681;--vb-a9:#ffa198;--vb-a10:#56d364;--vb-a11:#e3b341;--vb-a12:#79c0ff;--vb-a13:#d2a8ff;--vb-a14:#56d4dd;--vb-a15:#ffffff";

export const HTML_CSS = [
  `.vb-root{${LIGHT};color:var(--vb-fg);font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:13px;line-height:1.4}`,
  ...themeRules(".vb-root", LIGHT, DARK),
  ".vb-root .vb-mono,.vb-root code,.vb-root pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,\"DejaVu Sans Mono\",monospace;font-size:12px}",
  ".vb-root table{border-collapse:collapse;margin:2px 0 12px;background:var(--vb-bg);max-width:100%}",
  ".vb-root caption{text-align:left;padding:4px 0;caption-side:top;color:var(--vb-fg)}",
  ".vb-root th,.vb-root td{border-bottom:1px solid var(--vb-line);padding:2px 6px;text-align:left;vertical-align:top;white-space:nowrap}",
  ".vb-root th{background:var(--vb-bg2);font-weight:600;color:var(--vb-muted)}",
  ".vb-root td.vb-num,.vb-root th.vb-num{text-align:right;font-variant-numeric:tabular-nums}",
  // Rule text wraps (between options, see wrappableSpec) so the numbers stay in view.
  ".vb-root td.vb-wrap,.vb-root th.vb-wrap{white-space:normal;overflow-wrap:break-word}",
  ".vb-root .vb-w{white-space:nowrap}",
  ".vb-root .vb-muted{color:var(--vb-muted)}",
  ".vb-root .vb-explain{color:var(--vb-muted);font-style:italic;margin:0 0 4px}",
  ".vb-root h4{margin:10px 0 2px;font-size:14px}",
  ".vb-root .vb-chain-head td{padding-top:10px;border-bottom:1px solid var(--vb-line);background:var(--vb-bg)}",
  ".vb-root .vb-moved td{background:var(--vb-hl)}",
  ".vb-root .vb-delta{color:var(--vb-hl-fg);font-weight:700;white-space:nowrap}",
  ".vb-root .vb-policy-moved{background:var(--vb-hl);padding:0 4px;border-radius:3px}",
  ".vb-root .vb-t-ok{color:var(--vb-ok);font-weight:600}",
  ".vb-root .vb-t-bad{color:var(--vb-bad);font-weight:600}",
  ".vb-root .vb-t-jump{color:var(--vb-jump);font-weight:600}",
  ".vb-root .vb-t-nat{color:var(--vb-nat);font-weight:600}",
  ".vb-root .vb-term{border:1px solid var(--vb-line);border-radius:6px;background:var(--vb-term-bg);color:var(--vb-term-fg);margin:4px 0}",
  ".vb-root .vb-term pre{margin:0;padding:6px 10px;white-space:pre-wrap;word-break:break-word}",
  ".vb-root .vb-prompt{padding:6px 10px 2px;font-weight:600;white-space:pre-wrap;word-break:break-word}",
  ".vb-root .vb-prompt .vb-user{color:var(--vb-ok)}",
  ".vb-root .vb-prompt .vb-ns{color:var(--vb-nat)}",
  ".vb-root .vb-stderr{color:var(--vb-err);border-top:1px dashed var(--vb-line)}",
  ".vb-root .vb-badge{display:inline-block;border-radius:10px;padding:0 7px;font-size:11px;font-weight:700;margin-left:6px}",
  ".vb-root .vb-badge-bad{background:var(--vb-bad);color:#fff}",
  ".vb-root .vb-badge-run{background:var(--vb-jump);color:var(--vb-bg)}",
  ".vb-root .vb-badge-stop{background:var(--vb-err);color:var(--vb-bg)}",
  ".vb-root .vb-foot{padding:0 10px 4px;color:var(--vb-muted);font-size:11px}",
].join("\n");

export function htmlRoot(kind: string, body: string): string {
  return `<div class="vb-root vb-${kind}"><style>${HTML_CSS}</style>${body}</div>\n`;
}

/** CSS class for a rule target or policy. */
export function targetClass(target: string | undefined): string {
  if (!target) return "";
  if (target === "ACCEPT") return "vb-t-ok";
  if (target === "DROP" || target === "REJECT") return "vb-t-bad";
  if (["DNAT", "SNAT", "MASQUERADE", "REDIRECT", "MARK", "LOG", "RETURN"].includes(target)) return "vb-t-nat";
  return "vb-t-jump";
}
