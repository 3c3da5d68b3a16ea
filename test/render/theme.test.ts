// Light or dark, in a real headless Chromium told that the OS prefers dark: inside the classic
// Notebook (its own markup and stylesheet) the pictures, tables and terminal blocks stay light
// like the page; JupyterLab's theme attribute decides there; the exported notes go dark.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Topology } from "../../src/model/types.js";
import { exportSite } from "../../src/export/index.js";
import { renderCountersHtml, renderTerminalHtml, renderTopologySvg, renderWalkSvg, type TerminalBlock } from "../../src/render/index.js";
import { walkFixture } from "../model/walk-fixture.js";
import { describeUnless } from "../helpers/skip.js";
import { browserSkip, launchChromium } from "../helpers/chromium.js";
import { fixture } from "./_fixtures.js";

const NOTEBOOK_CSS = "/usr/lib/python3/dist-packages/notebook/static/style/style.min.css";
const noBrowser = browserSkip;
const pngDir = process.env.RENDER_PNG_DIR;

const topo = renderTopologySvg(JSON.parse(fixture("ch1.topology.json")) as Topology);
const walk = renderWalkSvg(walkFixture("ch4-dnat", "xtables-monitor"));
const counters = JSON.parse(fixture("ch2-counters.json"));
const table = renderCountersHtml(counters.before, counters.after, counters.deltas);
const term = renderTerminalHtml((JSON.parse(fixture("terminal.json")) as TerminalBlock[])[0]!, { duration: false });

const LIGHT = { topo: "rgb(246, 248, 250)", walk: "rgb(246, 248, 250)", table: "rgb(255, 255, 255)", term: "rgb(246, 248, 250)" };
const DARK = { topo: "rgb(13, 17, 23)", walk: "rgb(13, 17, 23)", table: "rgb(13, 17, 23)", term: "rgb(22, 27, 34)" };

/** The colours the four kinds of output were drawn with on this page. */
async function colours(page: Page) {
  return page.evaluate(() => {
    const style = (sel: string) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`no ${sel} on the page`);
      return getComputedStyle(el);
    };
    return {
      topo: style("svg.vb-topo .vb-frame").fill,
      walk: style("svg.vb-walk .w-frame").fill,
      table: style(".vb-counters table").backgroundColor,
      term: style(".vb-term").backgroundColor,
    };
  });
}

/** The classic Notebook's markup for one output of each kind (HTML and inline SVG). */
function notebookPage(bodyAttrs: string, areaClass: string): string {
  const css = existsSync(NOTEBOOK_CSS) ? readFileSync(NOTEBOOK_CSS, "utf8") : "";
  const area = (kind: string, content: string) => `<div class="${areaClass}"><div class="prompt"></div><div class="output_subarea output_${kind}${kind === "html" ? " rendered_html" : ""}">${content}</div></div>`;
  return `<!doctype html><html><head><style>${css}</style></head><body ${bodyAttrs}><div id="notebook"><div class="container" id="notebook-container"><div class="cell code_cell"><div class="output">`
    + area("svg", topo) + area("svg", walk) + area("html", table) + area("html", term) + "</div></div></div></div></body></html>";
}

describeUnless(noBrowser)("light and dark, with the OS preferring dark", () => {
  let browser: Browser;
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), "vethbook-theme-"));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(out, { recursive: true, force: true });
  });

  const open = async (html: string, scheme: "light" | "dark", shot?: string) => {
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1200, height: 900 } });
    await page.setContent(html);
    const c = await colours(page);
    if (pngDir && shot) await page.screenshot({ path: `${pngDir}/${shot}.png`, fullPage: true });
    await page.close();
    return c;
  };

  it("the classic Notebook is light, so its outputs stay light", async () => {
    expect(await open(notebookPage('class="notebook_app"', "output_area"), "dark", "theme-classic-notebook.dark-os")).toEqual(LIGHT);
    expect(await open(notebookPage('class="notebook_app"', "output_area"), "light")).toEqual(LIGHT);
  }, 30_000);

  it("JupyterLab's theme decides, whatever the OS prefers", async () => {
    expect(await open(notebookPage('data-jp-theme-light="true"', "jp-OutputArea-output"), "dark")).toEqual(LIGHT);
    expect(await open(notebookPage('data-jp-theme-light="false"', "jp-OutputArea-output"), "light", "theme-jupyterlab-dark.light-os")).toEqual(DARK);
    expect(await open(notebookPage('data-jp-theme-light="true"', "jp-OutputArea"), "dark")).toEqual(LIGHT);
  }, 30_000);

  it("a page of their own follows the system setting", async () => {
    const bare = `<!doctype html><body>${topo}${walk}${table}${term}</body>`;
    expect(await open(bare, "dark")).toEqual(DARK);
    expect(await open(bare, "light")).toEqual(LIGHT);
  }, 30_000);

  it("the exported notes follow the system setting", async () => {
    const display = (data: Record<string, string>) => ({ output_type: "display_data", metadata: {}, data: { ...data, "text/plain": "output" } });
    const nb = {
      nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells: [
        { cell_type: "markdown", id: "title", metadata: {}, source: "# Chapter 1 — Two namespaces" },
        { cell_type: "code", id: "shown", metadata: {}, execution_count: 1, source: "await show.topology(vm1);", outputs: [display({ "image/svg+xml": topo }), display({ "image/svg+xml": walk }), display({ "text/html": table }), display({ "text/html": term })] },
      ],
    };
    const file = path.join(out, "01-theme.ipynb");
    await writeFile(file, JSON.stringify(nb));
    const site = await exportSite([file], { outDir: path.join(out, "site") });
    const chapter = site.files.find((f) => f.endsWith(".html") && !f.endsWith("index.html"))!;
    for (const scheme of ["dark", "light"] as const) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1200, height: 900 } });
      await page.goto(pathToFileURL(chapter).href);
      const c = await colours(page);
      if (pngDir) await page.screenshot({ path: `${pngDir}/theme-notes.${scheme}-os.png`, fullPage: true });
      await page.close();
      expect(c, scheme).toEqual(scheme === "dark" ? DARK : LIGHT);
    }
  }, 60_000);
});
