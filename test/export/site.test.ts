// exportSite on the course as `vethbook run` recorded it (test/fixtures/export/course, captured by
// course-fixtures.capture.ts) plus a hand-made notebook of hostile outputs: files, links, anchors,
// safety, speed. What a page should say is read from the executed notebooks themselves.
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chapterFromNotebook, exportSite, findNotebooks, loadCourse, renderIndex, renderMarkdown } from "../../src/export/index.js";
import { chapterLinkRewriter } from "../../src/export/course.js";
import { parseNotebook } from "../../src/notebook/ipynb.js";
import type { Notebook } from "../../src/notebook/types.js";
import { COURSE, HOSTILE, hrefs, ids, withoutOwnScript } from "./_site.js";

const executed = (name: string): Notebook => parseNotebook(readFileSync(path.join(COURSE, `${name}.ipynb`), "utf8"), `${name}.ipynb`);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "3 December 2026, 17:31 UTC" for an ISO time. */
function utcMinute(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}
/** Where each SVG output of a notebook sits: "c<cell>-o<output>". */
function svgOutputs(nb: Notebook): string[] {
  return nb.cells.flatMap((cell, c) =>
    cell.cell_type !== "code" ? [] : cell.outputs.flatMap((o, i) => ("data" in o && typeof o.data["image/svg+xml"] === "string" ? [`c${c}-o${i}`] : [])));
}

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), "vethbook-export-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

// Real chapters are big (every terminal block carries its HTML twin); the machine may be shared.
describe("exportSite", { timeout: 30_000 }, () => {
  it("writes an index and one page per chapter, in order", async () => {
    const result = await exportSite([COURSE, HOSTILE], { outDir: path.join(out, "site") });
    expect(result.files.map((f) => path.basename(f))).toEqual([
      "index.html", "01-netns-veth.html", "02-bridge.html", "03-host-and-internet.html", "04-port-forwarding.html", "99-hostile.html",
    ]);
    expect(result.index).toBe(path.join(out, "site", "index.html"));
    const index = await readFile(result.index, "utf8");
    for (const f of result.files.slice(1)) expect(hrefs(index)).toContain(path.basename(f));
    expect(index).toContain("<h1>Container networking from scratch</h1>");
    // the one-line summary: metadata.vethbook.summary ...
    expect(index).toContain(
      '<span class="vb-summary">RED and BLUE on the bridge br0: ports and fdb, the ping Docker&#39;s FORWARD policy drops, and three ways to allow it</span>',
    );
    // ... else the first sentence of the first paragraph (chapter 1 without its summary)
    const course = await loadCourse([path.join(COURSE, "01-netns-veth.ipynb")]);
    const bare = structuredClone(course.chapters[0]!.notebook);
    delete bare.metadata.vethbook!.summary;
    const unsummarised = renderIndex({ ...course, chapters: [chapterFromNotebook(bare, "01-netns-veth", 1)] });
    expect(unsummarised).toContain(
      "<span class=\"vb-summary\">A container&#39;s network is, underneath, nothing more exotic than a network namespace: a private copy of the kernel&#39;s networking state.</span>",
    );
    // the lab picture: a chapter's fullest topology drawing, inline, saying which chapter drew it
    expect(index).toMatch(/<figure class="vb-svg vb-themed" id="lab-output">[\s\S]*<svg[^>]*class="vb-topo"[\s\S]*<figcaption>The lab as chapter [1-4] draws it from live state\.<\/figcaption>/);
  });

  it("gives chapter pages a TOC whose links all land, prev/next and a footer", async () => {
    const dir = path.join(out, "site");
    const page = await readFile(path.join(dir, "02-bridge.html"), "utf8");
    const pageIds = ids(page);
    const local = hrefs(page).filter((h) => h.startsWith("#"));
    expect(local).toContain("#6-the-ping-fails--and-the-counters-say-where");
    expect(local).toContain("#the-three-ways-side-by-side"); // an h3
    for (const h of local) expect(pageIds, h).toContain(h.slice(1));
    expect(page).toContain('<h1 id="chapter-2--a-bridge-and-dockers-firewall-in-the-way">');
    expect(page).toContain('<a class="vb-prev" rel="prev" href="01-netns-veth.html">');
    expect(page).toContain('<a class="vb-next" rel="next" href="03-host-and-internet.html">');
    // the recorded-on line says what the run recorded: the sandbox lab, its hostnames, the time
    const meta = executed("02-bridge").metadata.vethbook!;
    expect(meta.target).toBe("sandbox");
    expect(meta.hostnames?.vm1).toBe("docker1");
    expect(page).toContain(`Outputs recorded on the <strong>sandbox</strong> target (${Object.values(meta.hostnames!).join(", ")}), ${utcMinute(meta.executed_at!)}.`);
    // every SVG output (the topology drawings) is an inline figure, in its place
    const svgs = svgOutputs(executed("02-bridge"));
    expect(svgs.length).toBeGreaterThan(0);
    for (const at of svgs) expect(page).toContain(`<figure class="vb-svg vb-themed" id="${at}-output">`);
    expect(page.match(/<figure class="vb-svg/g)).toHaveLength(svgs.length);
    // the counters: the policy DROP is among the rules whose counters moved
    expect(page).toMatch(/<tr class="vb-moved"><td class="vb-mono">filter FORWARD<\/td><td class="vb-mono">policy <span class="vb-t-bad">DROP<\/span>/);
    // links to other pages (sidebar, prev/next, markdown) point at files and anchors that exist
    const first = await readFile(path.join(dir, "01-netns-veth.html"), "utf8");
    expect(hrefs(page)).toContain("01-netns-veth.html");
    for (const name of ["01-netns-veth", "02-bridge", "03-host-and-internet", "04-port-forwarding"]) {
      const html = await readFile(path.join(dir, `${name}.html`), "utf8");
      for (const h of hrefs(html).filter((x) => /^[\w.-]+\.html(#|$)/.test(x))) {
        const [file, anchor] = h.split("#");
        const target = await readFile(path.join(dir, file!), "utf8");
        if (anchor) expect(ids(target), `${name}.html → ${h}`).toContain(anchor);
      }
    }
    expect(ids(first)).toContain("2-a-veth-pair-a-cable-with-two-ends");
    expect(first).not.toContain('rel="prev"');
  });

  it("points markdown links between chapters at the real pages and anchors", async () => {
    // The chapters name each other in prose ("as in chapter 1") but link none yet: an author's
    // link, as it would be written in a chapter, resolved against the recorded course.
    const course = await loadCourse(await findNotebooks([COURSE]));
    expect(course.chapters).toHaveLength(4);
    const md = "See [the cable](01-netns-veth.ipynb#2-a-veth-pair-a-cable-with-two-ends) and [chapter 3](./03-host-and-internet.html).";
    const site = renderMarkdown(md, { rewriteHref: chapterLinkRewriter(course, "site") });
    expect(site).toContain('href="01-netns-veth.html#2-a-veth-pair-a-cable-with-two-ends"');
    expect(site).toContain('href="03-host-and-internet.html"');
    expect(ids(await readFile(path.join(out, "site", "01-netns-veth.html"), "utf8"))).toContain("2-a-veth-pair-a-cable-with-two-ends");
    const single = renderMarkdown(md, { rewriteHref: chapterLinkRewriter(course, "single") });
    expect(single).toContain('href="#01-netns-veth--2-a-veth-pair-a-cable-with-two-ends"');
    expect(single).toContain('href="#03-host-and-internet"');
    expect(renderMarkdown("[elsewhere](05-ipv6.ipynb#x)", { rewriteHref: chapterLinkRewriter(course, "site") })).toContain('href="05-ipv6.ipynb#x"');
  });

  it("never lets a notebook output carry active content", async () => {
    const page = withoutOwnScript(await readFile(path.join(out, "site", "99-hostile.html"), "utf8"));
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(page).not.toMatch(/javascript:/i);
    expect(page).not.toMatch(/<(iframe|object|embed|form|foreignobject|set|animate)\b/i);
    expect(page).not.toMatch(/example\.com/);
    expect(page).not.toMatch(/data:text\/html/);
    expect(page).toContain("&lt;script&gt;alert(&quot;stdout&quot;)&lt;/script&gt;");
    expect(page).toContain('<span class="vb-error-name">&lt;img src=x onerror=alert(18)&gt;</span>');
    expect(page).toContain('<a>javascript link</a>');
  });

  it("writes one self-contained file with anchors namespaced per chapter", async () => {
    const result = await exportSite([COURSE], { outDir: path.join(out, "single"), singleFile: true, title: "Study group notes" });
    expect(result.files).toEqual([path.join(out, "single", "course.html")]);
    const html = await readFile(result.index, "utf8");
    const all = ids(html);
    for (const h of hrefs(html)) {
      expect(h.startsWith("#") || /^https?:/.test(h), `${h} leaves the file`).toBe(true);
      if (h.startsWith("#")) expect(all, h).toContain(h.slice(1));
    }
    expect(all).toContain("01-netns-veth--connecting-to-the-lab");
    expect(all).toContain("02-bridge--1-two-namespaces-two-cables");
    expect(all).toContain("03-host-and-internet");
    expect(html).toContain('href="#01-netns-veth--2-a-veth-pair-a-cable-with-two-ends"');
    for (const name of ["01-netns-veth", "02-bridge", "03-host-and-internet", "04-port-forwarding"]) {
      for (const at of svgOutputs(executed(name))) expect(all).toContain(`${name}--${at}-output`);
    }
    expect(html).toContain("<title>Study group notes</title>");
    expect(html).not.toMatch(/<link|src="(?!data:)/);
  });

  it("is deterministic: the same notebooks give the same bytes", async () => {
    const course = await loadCourse([path.join(COURSE, "01-netns-veth.ipynb"), path.join(COURSE, "02-bridge.ipynb")]);
    expect(renderIndex(course)).toBe(renderIndex(course));
    const a = await exportSite([COURSE], { outDir: path.join(out, "a") });
    const b = await exportSite([COURSE], { outDir: path.join(out, "b") });
    for (let i = 0; i < a.files.length; i++) expect(await readFile(a.files[i]!, "utf8")).toBe(await readFile(b.files[i]!, "utf8"));
  });

  it("runs notebooks first through the injected executor", async () => {
    const seen: string[][] = [];
    const result = await exportSite([COURSE], {
      outDir: path.join(out, "executed"),
      execute: async (paths) => {
        seen.push(paths);
        return paths.slice(0, 1);
      },
    });
    expect(seen[0]!.map((p) => path.basename(p))).toEqual(["01-netns-veth.ipynb", "02-bridge.ipynb", "03-host-and-internet.ipynb", "04-port-forwarding.ipynb"]);
    expect(result.files).toHaveLength(2);
  });

  it("says clearly what is wrong with its inputs", async () => {
    await expect(exportSite([path.join(out, "nope")], { outDir: out })).rejects.toThrow(/nope: no such file or directory/);
    await expect(exportSite([out], { outDir: out })).rejects.toThrow(/no \.ipynb notebooks in this directory/);
  });
});
