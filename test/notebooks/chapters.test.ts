// The course itself, end to end: every chapter runs green headless on a fresh sandbox,
// in order, alone, and again after the others; the executed notebooks are valid nbformat
// 4.5 and hold the pictures and counters the chapters are about.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";
import { chapterFiles } from "../../src/course/course.js";
import { validateNotebook } from "../../src/notebook/validate.js";
import { parseNotebook } from "../../src/notebook/ipynb.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/src/cli/index.js");
const chapters = chapterFiles(join(root, "notebooks"));

/** `vethbook run` in a child process with a private state folder: it starts a lab of its own. */
function run(notebooks: string[]) {
  const out = mkdtempSync(join(tmpdir(), "vethbook-chapters-"));
  const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-state-")), NO_COLOR: "1" };
  const r = spawnSync(process.execPath, [cli, "run", ...notebooks, "--out", out], { env, encoding: "utf8", timeout: 600_000 });
  return { ...r, out };
}

type Output = { output_type: string; data?: Record<string, string | string[]>; name?: string; text?: string | string[] };
const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : v ?? "");

function outputsOf(file: string) {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  const outputs: Output[] = nb.cells.flatMap((c: { outputs?: Output[] }) => c.outputs ?? []);
  return { nb, outputs };
}

describe("chapters", () => {
  it("there are six, numbered in order", () => {
    expect(chapters.map((c) => basename(c))).toEqual([
      "01-netns-veth.ipynb", "02-bridge.ipynb", "03-host-and-internet.ipynb", "04-port-forwarding.ipynb", "05-docker-bridge.ipynb", "06-ipv6.ipynb",
    ]);
  });

  it.each(chapters.map((c) => [basename(c), c]))("%s is valid nbformat 4.5 for the tslab kernel, not yet executed", (_name, file) => {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    expect(validateNotebook(parseNotebook(readFileSync(file, "utf8"), file)).problems).toEqual([]);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.kernelspec.name).toBe("tslab");
    expect(nb.cells.some((c: { metadata: { tags?: string[] } }) => c.metadata.tags?.includes("parameters"))).toBe(true);
    expect(nb.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? [])).toEqual([]);
  });
});

describeSandbox("chapters on the sandbox", () => {
  it("all six run green in order, then the first again after the last", () => {
    const r = run([...chapters, chapters[0]!]);
    expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);
    for (const ch of chapters) {
      const { nb, outputs } = outputsOf(join(r.out, basename(ch)));
      expect(validateNotebook(parseNotebook(readFileSync(join(r.out, basename(ch)), "utf8"))).problems, basename(ch)).toEqual([]);
      expect(outputs.filter((o) => o.output_type === "error"), basename(ch)).toEqual([]);
      expect(nb.metadata.vethbook.target).toBe("sandbox");
      expect(nb.metadata.vethbook.hostnames.vm1).toBe("docker1");
      // pictures drawn from live state, and terminal blocks with prompts
      expect(outputs.some((o) => o.data?.["image/svg+xml"]), `${basename(ch)} has a topology picture`).toBe(true);
      expect(outputs.some((o) => text(o.data?.["text/plain"]).startsWith("root@docker1:~# ")), `${basename(ch)} has terminal blocks`).toBe(true);
    }
    // the chapters where a rule decides show which counters moved
    for (const ch of chapters.slice(1)) {
      const { outputs } = outputsOf(join(r.out, basename(ch)));
      expect(outputs.some((o) => /\+\d+ pkts/.test(text(o.data?.["text/plain"]))), `${basename(ch)} shows counters that moved`).toBe(true);
    }
    // chapters 2-5 follow packets through netfilter: the walk drawn, with its text twin
    for (const ch of chapters.slice(1, 5)) {
      const { outputs } = outputsOf(join(r.out, basename(ch)));
      const walks = outputs.filter((o) => /^<svg[^>]* class="vb-walk"/.test(text(o.data?.["image/svg+xml"])));
      expect(walks.length, `${basename(ch)} draws packet walks`).toBeGreaterThanOrEqual(1);
      for (const w of walks) expect(text(w.data?.["text/plain"])).toMatch(/traced with xtables-monitor · \d+ packets? in the trace/);
    }
    // chapter 5 draws the containers by name; chapter 6 shows ip6tables counters
    const ch5 = outputsOf(join(r.out, "05-docker-bridge.ipynb")).outputs;
    expect(ch5.some((o) => /container blue[\s\S]*container red/.test(text(o.data?.["text/plain"]))), "chapter 5 draws red and blue").toBe(true);
    const ch6 = outputsOf(join(r.out, "06-ipv6.ipynb")).outputs;
    expect(ch6.some((o) => /^ip6tables nat POSTROUTING .*MASQUERADE +\+1 pkts \+104 B/m.test(text(o.data?.["text/plain"]))), "chapter 6 counts the ip6tables MASQUERADE").toBe(true);
  }, 900_000);

  it.each(chapters.map((c) => [basename(c), c]))("%s runs green alone, twice in a row", (_name, file) => {
    const r = run([file, file]);
    expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);
  }, 600_000);
});
