// `vethbook course` (what `npm start` runs): check the machine (installing what the lab
// lacks, as root), run every chapter on the lab, write the executed notebooks and the HTML
// course notes, and say where to open them.
import { defineCommand } from "citty";
import pc from "picocolors";
import { pathToFileURL } from "node:url";
import { relative } from "node:path";
import { chapterFiles, executedChaptersDir, siteDir } from "../course/course.js";
import { exportSite } from "../export/site.js";
import { createParallelProgress, createProgress } from "../notebook/progress.js";
import { installCommand, type Check } from "../targets/doctor.js";
import { checkAndFix } from "./doctor.js";
import { parseJobs, runNotebooks, trustNote, workersFor } from "./run.js";
import { labOptionsFrom, targetArgs, UsageError } from "./_support.js";

async function preflight(): Promise<void> {
  const { checks, missing } = await checkAndFix(["lab"], process.getuid?.() === 0, (l) => process.stderr.write(l + "\n"));
  const bad = checks.filter((c: Check) => c.need === "lab" && !c.ok);
  if (bad.length) {
    throw new UsageError(
      `this machine cannot run the sandbox lab yet:\n${bad.map((c) => `  ${c.name}: ${c.detail}`).join("\n")}` +
        (missing.length ? `\nfix: ${process.getuid?.() === 0 ? "" : "sudo "}${installCommand(missing)}` : "") +
        "\n(or run the chapters on the Vagrant VMs: --target vagrant)",
      1,
    );
  }
}

export const courseCommand = defineCommand({
  meta: { name: "course", description: "run every chapter on the lab and write the course notes (what `npm start` does)" },
  args: {
    ...targetArgs,
    "no-export": { type: "boolean", description: "only run the chapters" },
    jobs: { type: "string", alias: "j", description: "chapters at the same time, each on a sandbox lab of its own: N, or auto (one per core; the default). With a lab of `lab up` up, they run one after another on it", valueHint: "N|auto" },
    "no-solutions": { type: "boolean", description: "leave the exercises to the learner (by default each hidden solution runs before its check, so every check is exercised)" },
  },
  async run({ args }) {
    const lab = labOptionsFrom(args);
    if (lab.target === "sandbox") await preflight();
    const chapters = chapterFiles();
    const out = executedChaptersDir();
    const jobs = parseJobs(args.jobs) ?? "auto";
    const { workers } = workersFor({ notebooks: chapters, lab, jobs });
    process.stderr.write(`running ${chapters.length} chapters on the ${lab.target} lab${workers > 1 ? `, ${workers} at a time (each on a lab of its own)` : ""} → ${relative(process.cwd(), out) || out}\n`);
    const { exitCode, results, trust } = await runNotebooks(
      { notebooks: chapters, out, lab, parameters: args["no-solutions"] ? {} : { solutions: true }, allowErrors: false, jobs },
      createProgress(),
      createParallelProgress(),
    );
    process.stderr.write(trustNote(trust));
    if (exitCode !== 0) {
      process.exitCode = exitCode;
      return;
    }
    if (args["no-export"]) return;
    const t = performance.now();
    const site = await exportSite(results.map((r) => r.output), { outDir: siteDir() });
    process.stdout.write(
      `\n${pc.green("✔")} ${results.length} chapters ran green; course notes written in ${Math.round(performance.now() - t)} ms\n` +
        `  open ${pathToFileURL(site.index).href}\n`
        + (trust.signed.length ? `  the executed chapters in ${relative(process.cwd(), out) || out} are signed for you: Jupyter opens them trusted\n` : ""),
    );
  },
});
