// exportSite on the fixture course (+ a notebook of hostile outputs): files, links, anchors, safety, speed.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSite, loadCourse, renderIndex } from "../../src/export/index.js";
import { COURSE, HOSTILE, hrefs, ids, withoutOwnScript } from "./_site.js";

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), "vethbook-export-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("exportSite", () => {
  it("writes an index and one page per chapter, in order", async () => {
    const result = await exportSite([COURSE, HOSTILE], { outDir: path.join(out, "site") });
    expect(result.files.map((f) => path.basename(f))).toEqual([
      "index.html", "01-netns-veth.html", "02-bridge.html", "03-host-and-internet.html", "04-port-forwarding.html", "99-hostile.html",
    ]);
    expect(result.index).toBe(path.join(out, "site", "index.html"));
    const index = await readFile(result.index, "utf8");
    for (const f of result.files.slice(1)) expect(hrefs(index)).toContain(path.basename(f));
    expect(index).toContain("<h1>Container networking from scratch</h1>");
    // the one-line summary: metadata.vethbook.summary, else the first sentence of the first paragraph
    expect(index).toContain("RED and BLUE on br0: the ping fails, Docker&#39;s FORWARD policy DROP is why");
    expect(index).toContain('<span class="vb-summary">A network namespace is a private copy of the network stack: its own interfaces, routes, ARP table and firewall.</span>');
    // the lab picture is chapter 1's first SVG output, inline
    expect(index).toMatch(/<figure class="vb-svg vb-themed" id="lab-output">[\s\S]*<svg[^>]*class="vb-topo"/);
  });

  it("gives chapter pages a TOC whose links all land, prev/next and a footer", async () => {
    const dir = path.join(out, "site");
    const page = await readFile(path.join(dir, "02-bridge.html"), "utf8");
    const pageIds = ids(page);
    const local = hrefs(page).filter((h) => h.startsWith("#"));
    expect(local).toContain("#the-ping-fails");
    for (const h of local) expect(pageIds, h).toContain(h.slice(1));
    expect(page).toContain('<a class="vb-prev" rel="prev" href="01-netns-veth.html">');
    expect(page).toContain('<a class="vb-next" rel="next" href="03-host-and-internet.html">');
    expect(page).toContain('href="01-netns-veth.html#create-the-veth-pair"'); // markdown link to a chapter
    expect(page).toContain("Outputs recorded on the <strong>sandbox</strong> target (docker1, docker2, gw), 21 November 2026, 05:02 UTC.");
    expect(page).toMatch(/<figure class="vb-svg vb-themed" id="c3-o0-output">/);
    expect(page).toContain('<tr class="vb-moved">');
    // links to other pages point at files that exist
    const first = await readFile(path.join(dir, "01-netns-veth.html"), "utf8");
    expect(ids(first)).toContain("create-the-veth-pair");
    expect(first).not.toContain('rel="prev"');
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
    expect(all).toContain("01-netns-veth--setup");
    expect(all).toContain("02-bridge--build-the-lab");
    expect(html).toContain('href="#01-netns-veth--create-the-veth-pair"');
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

  it("exports the four chapters in well under 2 s", async () => {
    await exportSite([COURSE], { outDir: path.join(out, "warm") });
    const started = performance.now();
    await exportSite([COURSE], { outDir: path.join(out, "timed") });
    const ms = performance.now() - started;
    console.log(`export of 4 chapters: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
  });
});
