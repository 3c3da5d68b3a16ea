// The exported pages in a real headless Chromium (Debian's, via playwright-core), opened from
// file:// with no network: no console errors, no failed or outgoing requests, no dialogs,
// SVGs visible; print expands folded output; dark mode changes the colours. The chapters are
// the course as `vethbook run` recorded it; the hostile notebook is the one made by hand.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSite } from "../../src/export/index.js";
import { COURSE, HOSTILE } from "./_site.js";
import { describeUnless } from "../helpers/skip.js";
import { browserSkip, launchChromium } from "../helpers/chromium.js";

const noBrowser = browserSkip;

describeUnless(noBrowser)("exported pages in Chromium", () => {
  let browser: Browser;
  let out: string;
  let files: string[];
  let single: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), "vethbook-browser-"));
    files = (await exportSite([COURSE, HOSTILE], { outDir: path.join(out, "site") })).files;
    single = (await exportSite([COURSE], { outDir: path.join(out, "single"), singleFile: true })).index;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(out, { recursive: true, force: true });
  });

  async function open(file: string, options: { colorScheme?: "light" | "dark"; width?: number } = {}) {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? "light" });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, problems };
  }

  async function svgBoxes(page: Page) {
    return page.$$eval("figure.vb-svg > svg", (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
  }

  it("opens every page with no errors, no requests and every SVG visible", async () => {
    for (const file of [...files, single]) {
      const { page, problems } = await open(file);
      // hover and click everything an output could have hooked an event to
      const svg = page.locator("svg").first();
      if (await svg.count()) await svg.hover({ timeout: 2000 });
      expect(problems, path.basename(file)).toEqual([]);
      const boxes = await svgBoxes(page);
      // every page has a picture: each chapter draws its topology, the index the lab, the hostile notebook its SVG
      expect(boxes.length, path.basename(file)).toBeGreaterThan(0);
      for (const b of boxes) {
        expect(b.w).toBeGreaterThan(50);
        expect(b.h).toBeGreaterThan(20);
      }
      await page.close();
    }
  }, 180_000);

  it("keeps hostile outputs inert", { timeout: 60_000 }, async () => {
    const { page, problems } = await open(files.find((f) => f.endsWith("99-hostile.html"))!);
    for (const link of await page.$$("a")) await link.click({ timeout: 500, noWaitAfter: true }).catch(() => undefined);
    await page.waitForTimeout(200);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll("script").length)).toBe(1); // ours
    expect(await page.evaluate(() => document.body.offsetHeight)).toBeGreaterThan(100); // body{display:none} stayed scoped
    await page.close();
  });

  it("folds long output on screen and prints it unfolded", { timeout: 60_000 }, async () => {
    // No recorded chapter prints more than the fold's 50 lines in one output (the longest is ~20),
    // so the fold is seen on the hostile notebook's 400-line flood.
    const { page } = await open(files.find((f) => f.endsWith("99-hostile.html"))!);
    const hidden = page.locator("details.vb-fold pre").first();
    expect(await page.locator("details.vb-fold > summary").first().textContent()).toBe("Show 375 more lines");
    expect(await hidden.isVisible()).toBe(false);
    await page.emulateMedia({ media: "print" });
    expect(await hidden.isVisible()).toBe(true);
    expect(await page.locator(".vb-side").isVisible()).toBe(false);
    await page.close();
  });

  it("follows the system's dark mode and collapses the sidebar on a phone", { timeout: 60_000 }, async () => {
    const bg = async (scheme: "light" | "dark") => {
      const { page } = await open(files[1]!, { colorScheme: scheme });
      const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.close();
      return colour;
    };
    expect(await bg("light")).not.toBe(await bg("dark"));
    const { page } = await open(files[1]!, { width: 390 });
    expect(await page.locator("#vb-toc").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator(".vb-headings").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
    const wide = await open(files[1]!);
    expect(await wide.page.locator(".vb-headings").isVisible()).toBe(true);
    await wide.page.close();
  });
});
