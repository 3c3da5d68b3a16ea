// The pure pieces: markdown, outputs and cells → HTML, on small inputs written here (the course
// pages as a whole are tested on recorded chapters in site.test.ts).
import { describe, expect, it } from "vitest";
import { renderCell, renderMarkdown, renderMarkdownWithHeadings, renderOutput } from "../../src/export/index.js";
import { foldHtml, preLines } from "../../src/export/_fold.js";
import { scopeCss } from "../../src/export/_sanitize.js";
import { githubSlug, Slugger } from "../../src/export/_slug.js";
import type { Output } from "../../src/notebook/types.js";

const display = (data: Record<string, unknown>): Output => ({ output_type: "display_data", data, metadata: {} });
const noActiveContent = (html: string) => {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
  expect(html).not.toMatch(/<(iframe|object|embed|form|foreignobject)/i);
  expect(html).not.toMatch(/https?:\/\/example\.com/); // nothing that would fetch
};

describe("slugs", () => {
  it("follows GitHub's rules and deduplicates", () => {
    expect(githubSlug("Why the ping fails (and `br_netfilter`)")).toBe("why-the-ping-fails-and-br_netfilter");
    expect(githubSlug("1. DOCKER-USER")).toBe("1-docker-user");
    const s = new Slugger();
    expect([s.slug("Setup"), s.slug("Setup"), s.slug("Setup")]).toEqual(["setup", "setup-1", "setup-2"]);
    expect(s.slug("!!!")).toBe("section");
  });
});

describe("renderMarkdown", () => {
  it("gives headings GitHub-style ids and reports them", () => {
    const { html, headings } = renderMarkdownWithHeadings("# Two `veth` ends\n\n## Setup\n\n## Setup\n");
    expect(html).toContain('<h1 id="two-veth-ends">Two <code>veth</code> ends');
    expect(html).toContain('<h2 id="setup-1">');
    expect(headings.map((h) => [h.depth, h.id, h.text])).toEqual([[1, "two-veth-ends", "Two veth ends"], [2, "setup", "Setup"], [2, "setup-1", "Setup"]]);
  });

  it("highlights ts, bash and console fences", () => {
    const html = renderMarkdown("```ts\nconst a = 1;\n```\n\n```bash\nip link add br0 type bridge\n```\n\n```console\nroot@docker1:~# ip netns list\nRED\n```\n");
    expect(html).toContain('<code class="hljs language-ts"><span class="hljs-keyword">const</span>');
    expect(html).toContain('class="hljs language-bash"');
    expect(html).toContain('<span class="hljs-meta prompt_">root@docker1:~# </span><span class="vb-cmd">ip netns list</span>');
    expect(html).toContain('<span class="vb-out">RED</span>');
  });

  it("renders GFM tables and task lists", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n");
    expect(html).toContain("<table>");
    expect(html).toContain('<input checked disabled type="checkbox" />');
  });

  it("removes javascript: links, raw scripts and event handlers", () => {
    const html = renderMarkdown(
      "[x](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(2)\" onclick=\"alert(3)\">y</a> <img src=x onerror=alert(4)>\n\n<script>alert(5)</script>\n",
    );
    noActiveContent(html);
    expect(html).toContain("<a>x</a>");
  });

  it("namespaces ids and rewrites links between chapters", () => {
    const html = renderMarkdown("## Why\n\n[here](#why) and [ch1](01-netns-veth.ipynb#setup)", {
      idPrefix: "02-bridge--",
      rewriteHref: (h) => h.replace(".ipynb", ".html"),
    });
    expect(html).toContain('id="02-bridge--why"');
    expect(html).toContain('href="#02-bridge--why"');
    expect(html).toContain('href="01-netns-veth.html#setup"');
  });
});

describe("renderOutput", () => {
  it("escapes stream text and turns ANSI colours into themeable spans", () => {
    const html = renderOutput({ output_type: "stream", name: "stdout", text: "<script>alert(1)</script>\n\x1b[31mDOWN\x1b[0m & \x1b[1mbold\x1b[0m\n" });
    expect(html).toBe(
      '<pre class="vb-stream vb-stdout">&lt;script&gt;alert(1)&lt;/script&gt;\n<span style="color:var(--vb-a1)">DOWN</span> &amp; <b>bold</b>\n</pre>',
    );
    expect(renderOutput({ output_type: "stream", name: "stderr", text: "warn\n" })).toContain("vb-stderr");
  });

  it("folds long output behind a summary that says how much is hidden", () => {
    const text = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const html = renderOutput({ output_type: "stream", name: "stdout", text });
    expect(html).toContain("<summary>Show 95 more lines</summary>");
    expect(html.indexOf("line 25\n")).toBeLessThan(html.indexOf("<details"));
    expect(html.indexOf("line 26\n")).toBeGreaterThan(html.indexOf("<details"));
    expect(renderOutput({ output_type: "stream", name: "stdout", text }, { fold: false })).not.toContain("<details");
  });

  it("keeps tags balanced when the fold cuts through a coloured span", () => {
    const html = `<pre>${Array.from({ length: 60 }, (_, i) => `<span style="color:red">a${i}\nb${i}</span>`).join("\n")}\n</pre>`;
    expect(preLines(html)).toBe(120);
    const folded = foldHtml(html, { threshold: 50, keep: 5 });
    expect(folded.split("<span").length).toBe(folded.split("</span>").length);
    expect(folded.split("<pre").length).toBe(folded.split("</pre>").length);
    expect(folded).toContain("Show 115 more lines");
  });

  it("sanitises text/html: no scripts, handlers, javascript: or external URLs; ids prefixed", () => {
    const html = renderOutput(
      display({
        "text/html": `<table><tr><td id="x" onmouseover="alert(1)">1</td></tr></table><img src=x onerror=alert(1)><a href="javascript:alert(2)">a</a><script>alert(3)</script><iframe src="https://example.com"></iframe><div style="background:url(https://example.com/p.png);color:red">s</div>`,
        "text/plain": "fallback",
      }),
      { idPrefix: "c1-o0-" },
    );
    noActiveContent(html);
    expect(html).toContain('<td id="c1-o0-x">1</td>');
    expect(html).toContain('<div style="color:red">s</div>');
  });

  it("inlines SVG sanitised, with ids namespaced and its stylesheet scoped", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" class="vb-topo" viewBox="0 0 10 10" onload="alert(1)"><style>@import url(https://example.com/a.css); svg.vb-topo{--vb-text:#111;fill:var(--vb-text)} @media (prefers-color-scheme:dark){svg.vb-topo{--vb-text:#eee}} @font-face{font-family:x;src:url(https://example.com/f.woff)}</style><script>alert(2)</script><defs><marker id="m"><circle r="1"/></marker></defs><path d="M0 0L9 9" marker-end="url(#m)" fill="url(https://example.com/x)"/><a href="javascript:alert(3)"><text>t</text></a><foreignObject><div>fo</div></foreignObject><use href="https://example.com/s.svg#x"/><image href="https://example.com/i.png"/></svg>`;
    const html = renderOutput(display({ "image/svg+xml": svg, "text/plain": "topology" }), { idPrefix: "c4-o0-" });
    noActiveContent(html);
    expect(html).toMatch(/^<figure class="vb-svg vb-themed" id="c4-o0-output"><style>/);
    expect(html).toContain('[id="c4-o0-output"] svg.vb-topo { --vb-text:#111; fill:var(--vb-text) }');
    expect(html).toContain('@media (prefers-color-scheme:dark) {\n[id="c4-o0-output"] svg.vb-topo { --vb-text:#eee }\n}');
    expect(html).not.toContain("@font-face");
    expect(html).toContain('<marker id="c4-o0-m">');
    expect(html).toContain('marker-end="url(#c4-o0-m)"');
    expect(html).toContain('viewbox="0 0 10 10"');
    expect(html).not.toContain("fo</div>");
  });

  it("puts SVG with fixed colours on a light card, theme-aware SVG straight on the page", () => {
    expect(renderOutput(display({ "image/svg+xml": '<svg width="4" height="4"><rect fill="#000" width="4" height="4"/></svg>' }))).toContain(
      'class="vb-svg vb-paper"',
    );
    expect(renderOutput(display({ "image/svg+xml": '<svg><rect fill="currentColor"/></svg>' }))).toContain('class="vb-svg vb-themed"');
  });

  it("escapes errors and says what was raised", () => {
    const html = renderOutput({ output_type: "error", ename: "<b>CommandError</b>", evalue: "ping exited with 1", traceback: ["\x1b[31m<script>x</script>\x1b[0m", "  at cell:1"] });
    noActiveContent(html);
    expect(html).toContain('<span class="vb-error-name">&lt;b&gt;CommandError&lt;/b&gt;</span>: ping exited with 1');
    expect(html).toContain('<pre class="vb-traceback"><span style="color:var(--vb-a1)">&lt;script&gt;x&lt;/script&gt;</span>');
  });

  it("renders the structured terminal block before its text/html twin", () => {
    const html = renderOutput(
      display({
        "application/vnd.vethbook.terminal+json": { v: 1, hostname: "docker1", command: "ping -c1 <x>", stdout: "\x1b[31m100% packet loss\x1b[0m\n", stderr: "", exitCode: 1, durationMs: 1012 },
        "text/html": "<pre>twin</pre>",
      }),
    );
    expect(html).toBe(
      '<div class="vb-html vb-has-term"><div class="vb-term" data-exit="1"><pre><span class="vb-prompt">root@docker1:~#</span> <span class="vb-command">ping -c1 &lt;x&gt;</span>\n<span style="color:var(--vb-a1)">100% packet loss</span>\n</pre><div class="vb-exit">exit 1 · 1.0 s</div></div></div>',
    );
  });

  it("shows a namespaced command as the learner would type it, and falls back to the HTML twin for a block it cannot read", () => {
    const inRed = renderOutput(display({ "application/vnd.vethbook.terminal+json": { v: 1, hostname: "docker1", netns: "RED", command: "ip -br a", stdout: "lo UNKNOWN\n", stderr: "", exitCode: 0 } }));
    expect(inRed).toContain('<span class="vb-prompt">root@docker1:~#</span> <span class="vb-command">ip netns exec RED ip -br a</span>');
    const future = renderOutput(display({ "application/vnd.vethbook.terminal+json": { v: 2, whatever: true }, "text/html": "<pre>twin</pre>" }));
    expect(future).toContain("<pre>twin</pre>");
  });

  it("accepts base64 images only, and falls back to text/plain", () => {
    expect(renderOutput(display({ "image/png": "iVBORw0KGgo=" }))).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(renderOutput(display({ "image/png": "javascript:alert(1)" }))).toBe("");
    expect(renderOutput(display({ "text/plain": "<3 \x1b[32mok\x1b[0m" }))).toBe('<pre class="vb-plain">&lt;3 <span style="color:var(--vb-a2)">ok</span></pre>');
  });

  it("is deterministic", () => {
    const out = display({ "image/svg+xml": '<svg><g id="a"/></svg>' });
    expect(renderOutput(out, { idPrefix: "p-" })).toBe(renderOutput(out, { idPrefix: "p-" }));
  });
});

describe("scopeCss", () => {
  it("keeps safe declarations under the scope and drops everything that could fetch", () => {
    const css = scopeCss("rect{fill:#2e7d32;background:url(https://example.com/x)} #a > text{font-size:11px} @import 'x.css'; body{position:fixed}", "s", "p-");
    expect(css).toBe('[id="s"] rect { fill:#2e7d32 }\n[id="s"] [id="p-a"] > text { font-size:11px }');
  });
});

describe("renderCell", () => {
  const cell = (tags: string[] = []) => ({
    id: "c1",
    cell_type: "code" as const,
    source: "await show.topology(vm1);",
    metadata: { tags },
    execution_count: 3,
    outputs: [{ output_type: "stream" as const, name: "stdout" as const, text: "hello\n" }],
  });

  it("shows the code above its outputs", () => {
    const html = renderCell(cell());
    expect(html).toContain('<div class="vb-input"><pre><code class="hljs language-typescript">');
    expect(html.indexOf("vb-input")).toBeLessThan(html.indexOf("vb-outputs"));
  });

  it("honours hide-input, remove-output and remove-cell", () => {
    const hidden = renderCell(cell(["hide-input"]));
    expect(hidden).not.toContain("vb-input");
    expect(hidden).toContain("hello");
    expect(hidden).toContain("vb-output-only");
    expect(renderCell(cell(["remove-output"]))).not.toContain("hello");
    expect(renderCell(cell(["remove-cell"]))).toBe("");
    expect(renderCell({ ...cell(["hide-input"]), outputs: [] })).toBe("");
  });

  it("marks the error of a raises-exception cell as expected", () => {
    const html = renderCell({ ...cell(["raises-exception"]), outputs: [{ output_type: "error", ename: "CommandError", evalue: "exit 7", traceback: [] }] });
    expect(html).toContain("Expected: this cell is meant to fail.");
  });
});
