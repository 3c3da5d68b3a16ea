// The stylesheet, inlined into every page (works from file://, no requests). Colours are CSS
// variables: light, dark (prefers-color-scheme) and print each set them once.
export const STYLESHEET = String.raw`
:root {
  color-scheme: light dark;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "JetBrains Mono", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  --measure: 46rem;
  --radius: 8px;
  --bg: #fcfcfb; --bg-elev: #ffffff; --fg: #1d2127; --muted: #59626d; --faint: #8a939d;
  --border: #e2e5e9; --accent: #0b62c4; --accent-soft: #e7f0fb; --side-bg: #f6f7f8;
  --code-bg: #f3f4f6; --code-fg: #1d2127; --mark: #fff3b0;
  --paper: #ffffff; --paper-fg: #1d2127;
  --term-bg: #15191e; --term-fg: #d8dee5; --term-dim: #8b95a1; --term-prompt: #7ee787; --term-cmd: #ffffff; --term-edge: #15191e;
  --err-bg: #fff2f1; --err-edge: #f0b9b4; --err-fg: #8d1f16;
  --hl-keyword: #c4262f; --hl-string: #0a3d75; --hl-comment: #6b7580; --hl-number: #0550ae; --hl-title: #7c45d6;
  --hl-builtin: #9a4100; --hl-attr: #0550ae; --hl-meta: #17692e; --hl-var: #9a4100;
  --vb-a0: #59626d; --vb-a1: #ff7b72; --vb-a2: #7ee787; --vb-a3: #e3b341; --vb-a4: #79c0ff; --vb-a5: #d2a8ff;
  --vb-a6: #56d4dd; --vb-a7: #d8dee5; --vb-a8: #8b949e; --vb-a9: #ffa198; --vb-a10: #aff5b4; --vb-a11: #f8e3a1;
  --vb-a12: #a5d6ff; --vb-a13: #e2c5ff; --vb-a14: #b3f0ff; --vb-a15: #ffffff;
  --vb-term-fg: var(--term-fg); --vb-term-bg: var(--term-bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --bg-elev: #171b20; --fg: #e3e7eb; --muted: #a0a9b3; --faint: #77818c;
    --border: #2a3038; --accent: #74b3ff; --accent-soft: #15263b; --side-bg: #14181c;
    --code-bg: #181c22; --code-fg: #e3e7eb; --mark: #4a3f0b;
    --paper: #eef0f2; --paper-fg: #1d2127;
    --term-bg: #0b0d10; --term-edge: #262c34;
    --err-bg: #2a1416; --err-edge: #6b2a2a; --err-fg: #ffb4ab;
    --hl-keyword: #ff7b72; --hl-string: #a5d6ff; --hl-comment: #8b949e; --hl-number: #79c0ff; --hl-title: #d2a8ff;
    --hl-builtin: #ffa657; --hl-attr: #79c0ff; --hl-meta: #7ee787; --hl-var: #ffa657;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; scroll-padding-top: 4rem; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1.0625rem/1.65 var(--sans); }
a { color: var(--accent); text-underline-offset: .18em; text-decoration-thickness: 1px; }
a:hover { text-decoration-thickness: 2px; }
.vb-skip { position: absolute; left: -999px; top: .5rem; background: var(--bg-elev); padding: .4rem .8rem; z-index: 10; }
.vb-skip:focus { left: .5rem; }

/* top bar */
.vb-top { position: sticky; top: 0; z-index: 5; display: flex; align-items: baseline; gap: .75rem; padding: .65rem 1.25rem;
  background: color-mix(in srgb, var(--bg) 90%, transparent); backdrop-filter: blur(8px); -webkit-backdrop-filter: blur(8px);
  border-bottom: 1px solid var(--border); font-size: .95rem; }
.vb-course { font-weight: 650; color: var(--fg); text-decoration: none; letter-spacing: -.005em; }
.vb-top-chapter { color: var(--muted); overflow: hidden; white-space: nowrap; text-overflow: ellipsis; min-width: 0; }

/* layout: sidebar beside the text on wide screens, a folded "Contents" above it on phones */
.vb-layout { display: grid; grid-template-columns: minmax(0, 1fr); }
.vb-side { background: var(--side-bg); border-bottom: 1px solid var(--border); font-size: .92rem; }
.vb-toc > summary { cursor: pointer; padding: .7rem 1.25rem; font-weight: 600; list-style: none; display: flex; align-items: center; gap: .5rem; }
.vb-toc > summary::-webkit-details-marker { display: none; }
.vb-toc > summary::before { content: ""; width: .45em; height: .45em; border: solid currentColor; border-width: 0 2px 2px 0; transform: rotate(-45deg); transition: transform .15s; }
.vb-toc[open] > summary::before { transform: rotate(45deg); }
.vb-toc-body { padding: .25rem 1.25rem 1.25rem; }
.vb-toc-title { margin: 1rem 0 .35rem; font-size: .75rem; font-weight: 650; letter-spacing: .06em; text-transform: uppercase; color: var(--faint); }
.vb-toc ol, .vb-toc ul { list-style: none; margin: 0; padding: 0; }
.vb-toc li { margin: 0; }
.vb-toc a { display: block; padding: .22rem .5rem; border-radius: 6px; color: var(--muted); text-decoration: none; line-height: 1.4; }
.vb-toc a:hover { color: var(--fg); background: color-mix(in srgb, var(--fg) 6%, transparent); }
.vb-toc [aria-current="page"] > a { color: var(--fg); font-weight: 600; background: var(--accent-soft); }
.vb-toc .vb-d3 > a { padding-left: 1.3rem; font-size: .88rem; }
.vb-chapters .vb-headings { margin: .1rem 0 .6rem; }
.vb-chapters .vb-headings a { padding-left: 2.1rem; font-size: .86rem; }
.vb-single .vb-chapters > li > a { color: var(--fg); font-weight: 600; }
.vb-chnum { display: inline-block; min-width: 1.5em; margin-right: .2em; color: var(--faint); font-variant-numeric: tabular-nums; }
@media (min-width: 64rem) {
  .vb-layout { grid-template-columns: 17rem minmax(0, 1fr); }
  .vb-side { position: sticky; top: 2.9rem; align-self: start; height: calc(100vh - 2.9rem); overflow-y: auto; border-bottom: 0; border-right: 1px solid var(--border); }
  .vb-toc > summary { display: none; }
  .vb-toc::details-content { content-visibility: visible; display: block; }
  .vb-toc-body { padding-top: .5rem; }
}

/* the text */
.vb-main { width: 100%; max-width: calc(var(--measure) + 2.5rem); margin: 0 auto; padding: 2rem 1.25rem 3rem; }
.vb-eyebrow { margin: 0 0 .4rem; color: var(--muted); font-size: .85rem; font-weight: 600; letter-spacing: .05em; text-transform: uppercase; }
h1, h2, h3, h4 { line-height: 1.25; letter-spacing: -.012em; scroll-margin-top: 4rem; }
h1 { font-size: clamp(1.75rem, 1.3rem + 1.6vw, 2.3rem); margin: 0 0 1rem; font-weight: 720; }
h2 { font-size: 1.45rem; margin: 2.6rem 0 .8rem; padding-top: .2rem; font-weight: 680; }
h3 { font-size: 1.15rem; margin: 2rem 0 .6rem; font-weight: 650; }
h4 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
p, ul, ol, dl, blockquote, table { margin: 0 0 1rem; }
ul, ol { padding-left: 1.4rem; }
li { margin: .25rem 0; }
li > p { margin: 0 0 .4rem; }
blockquote { margin-left: 0; padding: .6rem 1rem; border-left: 3px solid var(--accent); background: var(--accent-soft); border-radius: 0 var(--radius) var(--radius) 0; color: var(--fg); }
blockquote > :last-child { margin-bottom: 0; }
hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
.vb-anchor { margin-left: .4rem; color: var(--faint); text-decoration: none; opacity: 0; font-weight: 400; }
h1:hover .vb-anchor, h2:hover .vb-anchor, h3:hover .vb-anchor, h4:hover .vb-anchor, .vb-anchor:focus { opacity: 1; }
strong { font-weight: 650; }
mark { background: var(--mark); color: inherit; border-radius: 3px; padding: 0 .15em; }
img { max-width: 100%; height: auto; }

/* code */
code, kbd, samp, pre { font-family: var(--mono); font-size: .86em; }
:not(pre) > code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 5px; padding: .08em .32em; font-size: .84em; white-space: break-spaces; }
pre { margin: 0 0 1rem; padding: .85rem 1rem; overflow-x: auto; line-height: 1.5; border-radius: var(--radius); background: var(--code-bg); color: var(--code-fg); border: 1px solid var(--border); tab-size: 4; }
pre code { font-size: inherit; background: none; border: 0; padding: 0; }
.hljs-keyword, .hljs-selector-tag, .hljs-type { color: var(--hl-keyword); }
.hljs-string, .hljs-regexp, .hljs-template-string { color: var(--hl-string); }
.hljs-comment, .hljs-quote { color: var(--hl-comment); font-style: italic; }
.hljs-number, .hljs-literal, .hljs-symbol { color: var(--hl-number); }
.hljs-title, .hljs-title.function_, .hljs-section { color: var(--hl-title); }
.hljs-built_in, .hljs-variable, .hljs-template-variable, .hljs-params { color: var(--hl-builtin); }
.hljs-attr, .hljs-attribute, .hljs-property { color: var(--hl-attr); }
.hljs-meta, .hljs-addition { color: var(--hl-meta); }
.hljs-deletion { color: var(--hl-keyword); }

/* terminals: command output, console transcripts and terminal blocks share one dark look */
/* (.vb-root: a block from src/render that carries its own scoped styles, left as it is) */
pre:has(> code.language-console), pre:has(> code.language-shell), .vb-stream, .vb-plain, .vb-traceback, .vb-html pre:not(.vb-root pre) {
  background: var(--term-bg); color: var(--term-fg); border: 1px solid var(--term-edge); font-size: .82rem; line-height: 1.5; }
pre:has(> code.language-console) .hljs-meta { color: var(--term-prompt); }
pre:has(> code.language-console) .vb-cmd, pre:has(> code.language-console) .vb-cmd * { color: var(--term-cmd); font-weight: 600; }
pre:has(> code.language-console) .vb-out { color: var(--term-fg); }
pre.vb-stream.vb-stderr { box-shadow: inset 3px 0 0 var(--vb-a3); }
.vb-term { position: relative; margin: 0; }
.vb-term pre { margin: 0; }
pre .vb-prompt { color: var(--term-prompt); user-select: none; }
pre .vb-command { color: var(--term-cmd); font-weight: 600; }
/* exit status: a badge in the corner when a command failed, nothing when it succeeded */
.vb-exit { position: absolute; top: .55rem; right: .6rem; padding: .05rem .45rem; border-radius: 99px; font: 600 .7rem/1.5 var(--mono);
  color: var(--vb-a9); background: color-mix(in srgb, var(--vb-a1) 18%, var(--term-bg)); border: 1px solid color-mix(in srgb, var(--vb-a1) 45%, transparent); }
.vb-term[data-exit="0"] .vb-exit { display: none; }
.vb-term:has(.vb-exit) pre:first-child { padding-right: 7.5rem; }
.vb-term[data-exit="0"] pre:first-child { padding-right: 1rem; }
/* consecutive commands of one cell read as one terminal session */
.vb-outputs > .vb-has-term + .vb-has-term pre:first-child { padding-top: .55rem; }
.vb-outputs > .vb-has-term:has(+ .vb-has-term) pre:last-child { padding-bottom: .55rem; }
.vb-outputs > .vb-has-term + .vb-has-term { margin-top: -.6rem; }
.vb-outputs > .vb-has-term + .vb-has-term pre:first-child, .vb-outputs > .vb-has-term + .vb-has-term .vb-folded > pre:first-child { border-top: 1px solid color-mix(in srgb, var(--term-fg) 12%, var(--term-bg)); border-top-left-radius: 0; border-top-right-radius: 0; }
.vb-outputs > .vb-has-term:has(+ .vb-has-term) pre, .vb-outputs > .vb-has-term:has(+ .vb-has-term) .vb-fold > summary { border-bottom-left-radius: 0; border-bottom-right-radius: 0; }

/* code cells */
.vb-cell { margin: 1.25rem 0 1.5rem; }
.vb-input pre { margin: 0 0 .5rem; border-left: 3px solid color-mix(in srgb, var(--accent) 55%, var(--border)); }
.vb-outputs > * { margin-top: 0; margin-bottom: .6rem; }
.vb-outputs > :last-child { margin-bottom: 0; }
.vb-html { overflow-x: auto; }
.vb-html > :last-child, .vb-html .vb-term:last-child { margin-bottom: 0; }

/* folded long output */
.vb-folded > pre:first-child, .vb-folded > .vb-term:first-child pre { margin-bottom: 0; padding-bottom: .3rem; border-bottom-left-radius: 0; border-bottom-right-radius: 0; border-bottom-style: dashed; }
.vb-fold > summary { cursor: pointer; list-style: none; padding: .35rem 1rem; font: .78rem/1.4 var(--mono); color: var(--term-dim); background: var(--term-bg);
  border: 1px solid var(--term-edge); border-top: 0; border-radius: 0 0 var(--radius) var(--radius); }
.vb-fold > summary::-webkit-details-marker { display: none; }
.vb-fold > summary::before { content: "▸ "; }
.vb-fold > summary:hover { color: var(--term-fg); }
.vb-fold[open] > summary { border-radius: 0; }
.vb-fold[open] > summary::before { content: "▾ "; }
.vb-fold pre { border-top: 0; border-top-left-radius: 0; border-top-right-radius: 0; }
.vb-fold .vb-term, .vb-fold pre { margin-top: 0; }

/* errors */
.vb-error { border: 1px solid var(--err-edge); background: var(--err-bg); border-radius: var(--radius); overflow: hidden; }
.vb-error-head { padding: .55rem .9rem; color: var(--err-fg); font: .85rem/1.5 var(--mono); }
.vb-error-name { font-weight: 700; }
.vb-expected { display: block; margin-top: .15rem; font-family: var(--sans); font-size: .8rem; color: var(--muted); }
.vb-error pre { margin: 0; border: 0; border-radius: 0; }
.vb-error .vb-folded, .vb-error .vb-fold > summary { border-radius: 0; }

/* figures: SVG inline; SVG that is not theme-aware sits on a light card */
figure { margin: 0 0 1rem; }
.vb-svg { margin: .25rem 0 1rem; padding: 1rem; border: 1px solid var(--border); border-radius: 10px; overflow-x: auto; text-align: center; }
.vb-svg svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
.vb-paper { background: var(--paper); color: var(--paper-fg); }
.vb-themed { color: var(--fg); }
.vb-svg.vb-themed { border: 0; padding: 0; background: none; } /* it draws its own frame */
.vb-html.vb-paper { padding: .75rem; border-radius: 10px; }
figcaption { margin-top: .5rem; color: var(--muted); font-size: .88rem; }

/* tables: markdown and counters */
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; display: block; overflow-x: auto; max-width: 100%; }
th, td { padding: .38rem .7rem; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--border); font-weight: 650; white-space: nowrap; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .3rem; }
.vb-html table { font-family: var(--mono); font-size: .8rem; }
.vb-html td code, .vb-html td { white-space: nowrap; }
td.num, th.num, .vb-html td.num { text-align: right; }
tr.moved, tr.vb-moved, tr.changed, .vb-moved td { background: var(--mark); }

/* pager and footer */
.vb-pager { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; margin: 3rem 0 0; }
.vb-pager a { display: block; padding: .75rem 1rem; border: 1px solid var(--border); border-radius: var(--radius); text-decoration: none; color: var(--fg); background: var(--bg-elev); }
.vb-pager a:hover { border-color: var(--accent); }
.vb-pager span { display: block; font-size: .8rem; color: var(--muted); }
.vb-pager .vb-next { grid-column: 2; text-align: right; }
.vb-footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--border); color: var(--muted); font-size: .85rem; }
.vb-footer p { margin: 0 0 .3rem; }

/* exercises and predictions */
.vb-ex { margin: 1rem 0; padding: .8rem 1rem; border: 1px solid var(--border); border-left: 4px solid var(--accent); border-radius: var(--radius); background: var(--bg-elev); }
.vb-ex > :last-child { margin-bottom: 0; }
.vb-ex p { margin: .35rem 0; }
.vb-ex-label { font-size: .78rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; color: var(--muted); margin: 0 0 .2rem !important; }
.vb-ex-title { margin: 0 0 .4rem; font-size: 1.12rem; }
.vb-ex-start, .vb-ex-note, .vb-ex-why, .vb-ex-how { color: var(--muted); font-size: .92rem; }
.vb-ex-task { border-left-color: var(--accent); background: var(--accent-soft); }
.vb-ex-check.vb-ex-pass, .vb-ex-reveal.vb-ex-right { border-left-color: #1a7f37; }
.vb-ex-check.vb-ex-fail, .vb-ex-reveal.vb-ex-wrong { border-left-color: #bf8700; }
.vb-ex-predict, .vb-ex-reveal { border-left-color: #8250df; }
.vb-ex-choices { list-style: none; padding: 0; margin: .4rem 0; }
.vb-ex-choices li { margin: .25rem 0; display: flex; gap: .55rem; align-items: baseline; }
.vb-ex-box { display: inline-block; flex: none; width: 1em; height: 1em; border: 1.5px solid var(--muted); border-radius: 3px; text-align: center; line-height: 1em; font-size: .9em; vertical-align: -.1em; }
.vb-ex-fold { margin: .45rem 0 0; }
.vb-ex-fold > summary { cursor: pointer; font-weight: 600; font-size: .92rem; color: var(--accent); }
.vb-ex-fold-body { padding: .4rem 0 0 .2rem; }
.vb-ex-fold-body ol, .vb-ex-fold-body ul { margin: .2rem 0 .4rem; padding-left: 1.4rem; }
.vb-ex-seen { list-style: none; padding-left: .2rem !important; font-size: .92rem; }
.vb-ex-seen li::before { margin-right: .4rem; font-weight: 700; }
.vb-ex-seen li.vb-ex-ok::before { content: "✔"; color: #1a7f37; }
.vb-ex-seen li.vb-ex-bad::before { content: "✘"; color: #cf222e; }
.vb-ex-seen span { color: var(--muted); }
.vb-ex-solution { margin: .3rem 0 .5rem; }
.vb-ex-summary table { margin: .3rem 0 0; border-collapse: collapse; }
.vb-ex-summary td { padding: .2rem .8rem .2rem 0; border-bottom: 1px solid var(--border); }
.vb-ex-status.vb-ex-passed { color: #1a7f37; font-weight: 600; }
.vb-ex-status.vb-ex-not-yet { color: #9a6700; font-weight: 600; }
.vb-ex-answer { margin: .6rem 0 1rem; padding: .6rem 1rem; border: 1.5px dashed var(--border); border-radius: var(--radius); }
.vb-ex-lines { height: 7.5rem; background: repeating-linear-gradient(to bottom, transparent 0 1.45rem, var(--border) 1.45rem 1.5rem); }
@media (prefers-color-scheme: dark) {
  .vb-ex-task { background: var(--bg-elev); }
}
@media print {
  .vb-ex { break-inside: avoid; }
  .vb-ex-fold > summary { color: var(--fg); }
}

/* index */
.vb-home .vb-lede { font-size: 1.15rem; color: var(--muted); max-width: 40rem; }
.vb-chapter-list { list-style: none; padding: 0; margin: 0 0 2rem; display: grid; gap: .75rem; counter-reset: none; }
.vb-chapter-list li { margin: 0; }
.vb-chapter-list a { display: grid; grid-template-columns: 2.6rem 1fr; column-gap: .5rem; padding: .9rem 1rem; border: 1px solid var(--border); border-radius: 10px; background: var(--bg-elev); text-decoration: none; color: var(--fg); }
.vb-chapter-list a:hover { border-color: var(--accent); }
.vb-chapter-list .vb-chnum { grid-row: span 3; font-size: 1.35rem; font-weight: 700; color: var(--accent); line-height: 1.3; }
.vb-chapter-list .vb-title { font-weight: 650; font-size: 1.08rem; }
.vb-chapter-list .vb-summary { color: var(--muted); font-size: .95rem; margin-top: .15rem; }
.vb-chapter-list .vb-meta { color: var(--faint); font-size: .8rem; margin-top: .35rem; }
.vb-chapter + .vb-chapter { margin-top: 4rem; padding-top: 2rem; border-top: 3px double var(--border); }

@media (max-width: 40rem) {
  body { font-size: 1rem; }
  .vb-main { padding: 1.25rem 1rem 2.5rem; }
  pre { padding: .7rem .8rem; }
  .vb-stream, .vb-plain, .vb-traceback, .vb-html pre { font-size: .74rem; }
  .vb-svg { padding: .5rem; }
  .vb-pager { grid-template-columns: 1fr; }
  .vb-top-chapter { display: none; }
  .vb-term:has(.vb-exit) pre:first-child { padding-right: .8rem; }
  .vb-exit { position: static; display: block; margin-top: -1px; border-radius: 0 0 var(--radius) var(--radius); padding: .2rem .8rem; text-align: right; }
  .vb-term:has(.vb-exit) pre { border-bottom-left-radius: 0; border-bottom-right-radius: 0; }
  .vb-pager .vb-next { grid-column: 1; }
}

@media print {
  :root {
    --bg: #fff; --bg-elev: #fff; --fg: #000; --muted: #444; --faint: #666; --border: #ccc; --accent: #000; --accent-soft: #f2f2f2;
    --code-bg: #f6f6f6; --paper: #fff; --paper-fg: #000; --mark: #ffec99;
    --term-bg: #f7f7f7; --term-fg: #1a1a1a; --term-dim: #555; --term-prompt: #116329; --term-cmd: #000; --term-edge: #ccc;
    --err-bg: #fff; --err-edge: #b00; --err-fg: #900;
    --vb-a0: #24292f; --vb-a1: #b3261e; --vb-a2: #116329; --vb-a3: #7d4e00; --vb-a4: #0550ae; --vb-a5: #7c45d6;
    --vb-a6: #1b7c83; --vb-a7: #57606a; --vb-a8: #57606a; --vb-a9: #a40e26; --vb-a10: #1a7f37; --vb-a11: #633c01;
    --vb-a12: #0969da; --vb-a13: #8250df; --vb-a14: #3192aa; --vb-a15: #24292f;
  }
  @page { margin: 16mm 14mm; }
  body { font-size: 10.5pt; line-height: 1.45; }
  .vb-term:has(.vb-exit) pre:first-child { padding-right: 1rem; }
  .vb-exit { position: static; display: block; text-align: right; border: 0; background: none; padding: .1rem 0 0; }
  .vb-top, .vb-side, .vb-pager, .vb-skip, .vb-anchor, .vb-fold > summary { display: none !important; }
  .vb-layout { display: block; }
  .vb-main { max-width: none; padding: 0; }
  details::details-content { content-visibility: visible; display: block; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  .vb-folded > pre:first-child, .vb-folded > .vb-term:first-child pre { border-bottom-style: solid; }
  .vb-svg, .vb-image, .vb-error-head { break-inside: avoid; }
  .vb-svg { border: 0; padding: 0; }
  .vb-svg svg { max-height: 24cm; }
  h1, h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .vb-md a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: #555; }
  .vb-chapter { break-before: page; }
  .vb-chapter + .vb-chapter { border-top: 0; margin-top: 0; }
}
`;
