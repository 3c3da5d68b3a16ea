// The learner's own view: Debian's Jupyter Notebook server with this checkout's tslab kernel,
// driven through its page in Chromium (playwright-core, Debian's /usr/bin/chromium). Chapter
// 01 runs through the menu (Cell > Run All); then a scratch notebook runs a forgotten endless
// ping, the toolbar's Interrupt button stops it, and the next cell answers. Screenshots go
// to test/output/browser/ to be looked at.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HELPERS, jupyterPath, kernelSkip, labsIn, ROOT } from "../helpers/kernel.js";
import { sandboxSkip } from "../helpers/sandbox.js";
import { describeUnless } from "../helpers/skip.js";
import { browserSkip, launchChromium } from "../helpers/chromium.js";
import { findJupyter } from "../../src/notebook/index.js";

const skip = kernelSkip ?? sandboxSkip ?? browserSkip;
const SHOTS = join(ROOT, "test", "output", "browser");

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

/** Every code cell has run (no `In [*]`, a number in each prompt), and the kernel is idle. */
async function allRan(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const J = (window as any).Jupyter;
      const cells = J.notebook.get_cells().filter((c: any) => c.cell_type === "code");
      return J.notebook.kernel?._msg_callbacks && cells.every((c: any) => typeof c.input_prompt_number === "number") && document.querySelector("#kernel_indicator_icon.kernel_idle_icon");
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}

describeUnless(skip)("the notebooks in Jupyter Notebook, in Chromium", () => {
  const work = mkdtempSync(join(tmpdir(), "vethbook-jupyter-"));
  const state = join(work, "state");
  const token = "vethbook-test-token";
  let server: ChildProcess;
  let base = "";
  let browser: Browser;
  let log = "";

  beforeAll(async () => {
    // The course's notebooks, copied (Jupyter saves what it runs), beside this checkout's build.
    cpSync(join(ROOT, "notebooks"), join(work, "notebooks"), { recursive: true });
    symlinkSync(join(ROOT, "dist"), join(work, "dist"));
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      findJupyter(),
      ["notebook", "--no-browser", "--allow-root", `--ip=127.0.0.1`, `--port=${port}`, `--NotebookApp.token=${token}`, `--notebook-dir=${join(work, "notebooks")}`],
      {
        env: {
          ...process.env,
          JUPYTER_PATH: jupyterPath(),
          JUPYTER_CONFIG_DIR: join(work, "config"),
          JUPYTER_RUNTIME_DIR: join(work, "runtime"),
          JUPYTER_DATA_DIR: join(work, "data"),
          VETHBOOK_STATE_DIR: state,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    server.stdout!.on("data", (d: Buffer) => (log += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    for (let i = 0; i < 300; i++) {
      const up = await fetch(`${base}/api/status?token=${token}`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    // Stop the server as its terminal's Ctrl-C would (twice: it asks first); its kernels go with it.
    server?.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300));
    server?.kill("SIGINT");
    await new Promise((r) => server?.exitCode !== null ? r(null) : server.once("exit", r));
  }, 30_000);

  async function open(name: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${base}/notebooks/${name}?token=${token}`);
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.(), undefined, { timeout: 60_000 });
    return { page, problems };
  }

  it("runs chapter 01 through Cell > Run All: no errors, its pictures and terminal blocks rendered", async () => {
    const { page, problems } = await open("01-netns-veth.ipynb");
    await page.click("#celllink");
    await page.click("#run_all_cells");
    await allRan(page, 240_000);
    await page.screenshot({ path: join(SHOTS, "01-top.png") });

    const errors = await page.$$eval(".output_error, .output_stderr", (els) => els.map((e) => (e as HTMLElement).innerText.slice(0, 300)));
    expect(errors, log.slice(-2000)).toEqual([]);
    const terminals = await page.$$eval(".output_html .vb-term", (els) => els.filter((e) => (e as HTMLElement).offsetHeight > 20).length);
    expect(terminals).toBeGreaterThan(10);
    const pictures = await page.$$eval(".output_area svg", (els) => els.filter((e) => e.getBoundingClientRect().width > 200 && e.getBoundingClientRect().height > 100).length);
    expect(pictures).toBeGreaterThanOrEqual(2);
    // Nothing prints a bare "CommandResult(...)" under a block it already showed.
    expect(await page.$$eval(".output_stdout", (els) => els.map((e) => (e as HTMLElement).innerText).join("\n"))).not.toContain("CommandResult(");
    expect(problems).toEqual([]);

    const picture = await page.$(".output_area svg");
    await picture!.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "01-picture.png") });
    // The kernel's own lab is named after the notebook it serves.
    expect(labsIn(state).map((l) => l.owner.label)).toContain("01-netns-veth.ipynb");
    await page.close();
  }, 300_000);

  it("Interrupt stops an endless ping within 2 s, in one line, and `hostname` then answers docker1", async () => {
    const cells = [
      `import { lab } from "${HELPERS}";\nconst vm1 = await lab.vm("vm1");`,
      "await vm1.sh`ping 8.8.8.8`",
      "await vm1.sh`hostname`",
    ].map((source) => ({ cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }));
    const put = await fetch(`${base}/api/contents/scratch.ipynb?token=${token}`, {
      method: "PUT",
      body: JSON.stringify({ type: "notebook", content: { cells, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 } }),
    });
    expect(put.status, await put.text()).toBeLessThan(300);

    const { page, problems } = await open("scratch.ipynb");
    const prompt = (i: number) => page.evaluate((n) => (window as any).Jupyter.notebook.get_cell(n).input_prompt_number, i);
    // Run the first two cells as a learner does: click into the cell, Shift-Enter.
    await page.click(".cell:nth-child(1) .CodeMirror");
    await page.keyboard.press("Shift+Enter");
    await page.waitForFunction(() => typeof (window as any).Jupyter.notebook.get_cell(0).input_prompt_number === "number", undefined, { timeout: 90_000 });
    await page.keyboard.press("Shift+Enter");
    await page.waitForFunction(() => document.querySelectorAll(".cell")[1]!.querySelector(".vb-term"), undefined, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await prompt(1)).toBe("*");
    await page.screenshot({ path: join(SHOTS, "scratch-running.png") });

    const pressed = Date.now();
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction(() => typeof (window as any).Jupyter.notebook.get_cell(1).input_prompt_number === "number", undefined, { timeout: 10_000 });
    const took = Date.now() - pressed;
    console.info(`Interrupt button to the cell's end: ${took} ms`);
    expect(took).toBeLessThan(2000);
    const said = await page.$$eval(".cell:nth-child(2) .output_stderr, .cell:nth-child(2) .output_error", (els) => els.map((e) => (e as HTMLElement).innerText).join("\n"));
    expect(said).toMatch(/^interrupted: `ping 8\.8\.8\.8` on docker1 after \d\.\d s/);
    expect(said).not.toMatch(/Interrupted asynchronously|createExecutor/);
    await page.screenshot({ path: join(SHOTS, "scratch-interrupted.png") });

    await page.click(".cell:nth-child(3) .CodeMirror");
    await page.keyboard.press("Shift+Enter");
    await page.waitForFunction(() => typeof (window as any).Jupyter.notebook.get_cell(2).input_prompt_number === "number", undefined, { timeout: 20_000 });
    const answer = await page.$eval(".cell:nth-child(3) .vb-term", (e) => (e as HTMLElement).innerText);
    expect(answer).toMatch(/hostname\s+docker1/);
    await page.screenshot({ path: join(SHOTS, "scratch-after.png") });
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
