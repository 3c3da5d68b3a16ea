// Chapter 4's counters tables in a real headless Chromium: they fit a 900 px output area with
// every number in view, in a page styled by the classic Notebook's own stylesheet (when it is
// installed) and in the exported notes. PNGs of each go to $RENDER_PNG_DIR when it is set.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CounterDelta } from "../../src/model/types.js";
import type { Ruleset } from "../../src/inspect/types.js";
import { exportSite } from "../../src/export/index.js";
import { renderCountersHtml, renderIptablesHtml } from "../../src/render/index.js";
import { describeUnless, requirement } from "../helpers/skip.js";
import { browserSkip, launchChromium } from "../helpers/chromium.js";
import { expectSnapshot, fixture } from "./_fixtures.js";

const NOTEBOOK_CSS = "/usr/lib/python3/dist-packages/notebook/static/style/style.min.css";
const noBrowser = browserSkip;
const pngDir = process.env.RENDER_PNG_DIR;

type Step = { step: string; table?: string; before: Ruleset; after: Ruleset; deltas: CounterDelta[] };
const steps = JSON.parse(fixture("ch4-counters.json")) as Step[];
const step = (name: string) => steps.find((s) => s.step === name)!;

/** Every table chapter 4 shows: each show.counters step, and the nat and filter tables after. */
const views: [string, string][] = [
  ...steps.map((s): [string, string] => [`counters-ch4-${s.step}`, renderCountersHtml(s.before, s.after, s.deltas)]),
  ["iptables-ch4-nat", renderIptablesHtml(step("viaLoopback").after, { table: "nat", deltas: step("viaLoopback").deltas })],
  ["iptables-ch4-filter", renderIptablesHtml(step("allowed").after, { table: "filter", deltas: step("allowed").deltas })],
];

describe("chapter 4's tables as HTML", () => {
  it.each(views)("%s matches its snapshot", (name, html) => {
    expectSnapshot(`${name}.html`, html);
  });

  it("wraps rule text between options, never inside one", () => {
    const html = renderCountersHtml(step("fromSelf").before, step("fromSelf").after, step("fromSelf").deltas);
    expect(html).toContain('<span class="vb-w">! -d 127.0.0.0/8</span> <span class="vb-w">-p tcp</span>');
    expect(html).toContain('<span class="vb-w">--to-destination 11.11.11.2:80</span>');
  });
});

/** Widths in the page: the output area, and each table's box and what it would scroll. */
async function measure(page: Page, area: string) {
  return page.$eval(area, (el) => ({
    area: el.clientWidth,
    scroll: el.scrollWidth,
    tables: [...el.querySelectorAll(".vb-root table")].map((t) => {
      const box = t.getBoundingClientRect();
      const parent = (t.closest(".vb-root") as HTMLElement).getBoundingClientRect();
      const nums = [...t.querySelectorAll("td.vb-num, td.vb-delta")].map((c) => c.getBoundingClientRect().right);
      return { right: box.right, parentRight: parent.right, scroll: t.scrollWidth, client: t.clientWidth, numsRight: Math.max(0, ...nums) };
    }),
  }));
}

function expectFits(m: Awaited<ReturnType<typeof measure>>, what: string) {
  expect(m.scroll, `${what}: the output area scrolls sideways`).toBeLessThanOrEqual(m.area);
  for (const t of m.tables) {
    expect(t.right, `${what}: a table is wider than its output`).toBeLessThanOrEqual(t.parentRight + 0.5);
    expect(t.scroll, `${what}: a table scrolls sideways (${JSON.stringify(m.tables.map((x) => x.scroll))})`).toBeLessThanOrEqual(t.client + 0.5);
    expect(t.numsRight, `${what}: a number is out of view`).toBeLessThanOrEqual(t.parentRight + 0.5);
  }
  expect(m.tables.length).toBeGreaterThan(0);
}

describeUnless(noBrowser)("chapter 4's tables in Chromium", () => {
  let browser: Browser;
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), "vethbook-fit-"));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(out, { recursive: true, force: true });
  });

  it.each(views)("%s fits a 900 px output area", { timeout: 30_000 }, async (name, html) => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent(`<!doctype html><body style="margin:0"><div id="out" style="width:900px;overflow-x:auto">${html}</div></body>`);
    if (pngDir) await (await page.$("#out"))!.screenshot({ path: `${pngDir}/${name}.900.png` });
    expectFits(await measure(page, "#out"), name);
    await page.close();
  });

  const notebookCss = requirement(existsSync(NOTEBOOK_CSS), `the classic Notebook's stylesheet ${NOTEBOOK_CSS} is not installed (apt install jupyter-notebook)`);
  describeUnless(notebookCss)("under the classic Notebook's own stylesheet", () => {
    it.each(views)("%s fits an output area 900 px wide", { timeout: 30_000 }, async (name, html) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      // The Notebook's markup for a cell's HTML output; the subarea is 900 px wide.
      await page.setContent(`<!doctype html><html><head><style>${readFileSync(NOTEBOOK_CSS, "utf8")}</style></head><body class="notebook_app">`
        + `<div id="notebook"><div class="container" id="notebook-container" style="width:${900 + 14 * 8 + 30}px"><div class="cell code_cell rendered"><div class="output_wrapper"><div class="output">`
        + `<div class="output_area"><div class="prompt"></div><div class="output_subarea output_html rendered_html" id="out">${html}</div></div>`
        + "</div></div></div></div></div></body></html>");
      const m = await measure(page, "#out");
      if (pngDir) await (await page.$("#out"))!.screenshot({ path: `${pngDir}/${name}.notebook.png` });
      expect(m.area).toBeGreaterThan(850);
      expect(m.area).toBeLessThanOrEqual(900);
      expectFits(m, name);
      await page.close();
    });
  });

  it("every table fits in the exported notes", { timeout: 60_000 }, async () => {
    const outputs = views.map(([, html]) => ({ output_type: "display_data", metadata: {}, data: { "text/html": html, "text/plain": "table" } }));
    const nb = {
      nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells: [
        { cell_type: "markdown", id: "title", metadata: {}, source: "# Chapter 4 — Port forwarding\n\nThe counters." },
        { cell_type: "code", id: "counters", metadata: {}, execution_count: 1, source: "await show.counters(vm1, () => vm2.sh`curl ...`);", outputs },
      ],
    };
    const file = path.join(out, "04-port-forwarding.ipynb");
    await writeFile(file, JSON.stringify(nb));
    const site = await exportSite([file], { outDir: path.join(out, "site") });
    const chapter = site.files.find((f) => f.endsWith(".html") && !f.endsWith("index.html"))!;
    for (const width of [1280, 900]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(chapter).href);
      const m = await measure(page, "main");
      if (pngDir) await page.screenshot({ path: `${pngDir}/notes-ch4-tables.${width}.png`, fullPage: true });
      expect(m.tables.length).toBe(views.length);
      expectFits(m, `notes at ${width} px`);
      await page.close();
    }
  });
});
