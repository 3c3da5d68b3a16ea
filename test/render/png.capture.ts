// Renders every test/output/*.svg (and *.html) to PNG with headless Chromium, light and
// dark, so the pictures can be looked at. Run: CAPTURE=1 npx vitest run --config test/vitest.config.ts test/render/png.capture.ts
// PNGs go to $RENDER_PNG_DIR (default /tmp/vethbook-render-png); they are not committed.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { it } from "vitest";

const dir = process.env.RENDER_PNG_DIR ?? "/tmp/vethbook-render-png";

it("renders the snapshots to PNG", { timeout: 120_000 }, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    mkdirSync(dir, { recursive: true });
    const outDir = new URL("../output/", import.meta.url);
    const only = process.env.RENDER_PNG_ONLY;
    for (const file of readdirSync(outDir).filter((f) => /\.(svg|html)$/.test(f) && (!only || f.includes(only)))) {
      const body = readFileSync(new URL(file, outDir), "utf8");
      for (const scheme of ["light", "dark"] as const) {
        const page = await browser.newPage({ colorScheme: scheme, deviceScaleFactor: 1 });
        const bg = scheme === "dark" ? "#111418" : "#ffffff";
        await page.setContent(`<!doctype html><html><body style="margin:12px;background:${bg};color:${scheme === "dark" ? "#ddd" : "#222"};font-family:sans-serif;display:inline-block">${body}</body></html>`);
        const el = await page.$("body");
        await el!.screenshot({ path: `${dir}/${file.replace(/\.\w+$/, "")}.${scheme}.png` });
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
});
