// `vethbook course` (what `npm start` runs): check the machine, run every chapter on the
// lab, write the executed notebooks and the HTML course notes, say where to open them.
import { defineCommand } from "citty";
import { execa } from "execa";
import pc from "picocolors";
import { pathToFileURL } from "node:url";
import { relative } from "node:path";
import { UsageError } from "../cli-support.js";
import { installCommand, missingPackages, runChecks } from "../targets/doctor.js";
import { chapterFiles, executedChaptersDir, siteDir } from "./course.js";

async function preflight(target: string): Promise<void> {
  if (target !== "sandbox") return;
  let checks = await runChecks();
  let missing = missingPackages(checks.filter((c) => c.required));
  if (missing.length && process.getuid?.() === 0) {
    process.stderr.write(`${pc.yellow("!")} the lab needs Debian packages that are missing: ${missing.join(" ")}; installing them with apt...\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    await execa("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    await execa("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
    checks = await runChecks();
    missing = missingPackages(checks.filter((c) => c.required));
  }
  const bad = checks.filter((c) => c.required && !c.ok);
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
    target: { type: "string", description: "where the lab runs: sandbox (default), vagrant, ssh", valueHint: "sandbox|vagrant|ssh" },
    "no-export": { type: "boolean", description: "only run the chapters" },
  },
  async run({ args }) {
    const target = (args.target as string | undefined) ?? process.env.VETHBOOK_TARGET ?? "sandbox";
    await preflight(target);
    const { runNotebooks, createProgress } = await import("../notebook/index.js");
    const chapters = chapterFiles();
    const out = executedChaptersDir();
    process.stderr.write(`running ${chapters.length} chapters on the ${target} lab → ${relative(process.cwd(), out) || out}\n`);
    const { exitCode, results } = await runNotebooks(
      { notebooks: chapters, out, target: target as "sandbox", parameters: {}, allowErrors: false },
      createProgress(),
    );
    if (exitCode !== 0) {
      process.exitCode = exitCode;
      return;
    }
    if (args["no-export"]) return;
    const { exportSite } = await import("../export/index.js");
    const t = performance.now();
    const site = await exportSite(results.map((r) => r.output), { outDir: siteDir() });
    process.stdout.write(
      `\n${pc.green("✔")} ${results.length} chapters ran green; course notes written in ${Math.round(performance.now() - t)} ms\n` +
        `  open ${pathToFileURL(site.index).href}\n`,
    );
  },
});
