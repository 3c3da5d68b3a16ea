// `vethbook doctor [--fix] [--tests]`: can this machine run the lab (and the test suite), and
// if not, what to install. `--fix` installs the missing Debian packages with apt.
import { defineCommand } from "citty";
import { execa } from "execa";
import pc from "picocolors";
import { installCommand, missingPackages, runChecks, type Check, type Need } from "../targets/doctor.js";

const isRoot = () => process.getuid?.() === 0;

/** apt-get install, quietly, for a machine that lacks `pkgs`. */
export async function installPackages(pkgs: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await execa("apt-get", ["update", "-qq"], { stdio: ["ignore", "inherit", "inherit"], env });
  await execa("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], { stdio: ["ignore", "ignore", "inherit"], env });
}

/** Check for `needs`; with `fix`, install what is missing (as root) and check again. */
export async function checkAndFix(needs: Need[], fix: boolean, say: (line: string) => void): Promise<{ checks: Check[]; missing: string[] }> {
  let checks = await runChecks(needs);
  let missing = missingPackages(checks);
  if (fix && missing.length && !isRoot()) {
    say(`${pc.yellow("!")} cannot install ${missing.join(" ")} without root; run: sudo ${installCommand(missing)}`);
  } else if (fix && missing.length) {
    say(`${pc.yellow("!")} installing what is missing: ${missing.join(" ")} (apt-get)`);
    await installPackages(missing);
    checks = await runChecks(needs);
    missing = missingPackages(checks);
  }
  return { checks, missing };
}

export const doctorCommand = defineCommand({
  meta: { name: "doctor", description: "check that this machine can run the lab (and, with --tests, the test suite); --fix installs what is missing" },
  args: {
    fix: { type: "boolean", description: "install missing Debian packages with apt (needs root)" },
    tests: { type: "boolean", description: "also what the test suite needs: a real sshd, Jupyter, Chromium" },
    quiet: { type: "boolean", description: "print only problems and what was installed" },
  },
  async run({ args }) {
    const needs: Need[] = args.tests ? ["lab", "tests"] : ["lab", "tests", "extra"];
    const { checks, missing } = await checkAndFix(needs, Boolean(args.fix), (l) => process.stderr.write(l + "\n"));
    for (const c of checks) {
      if (args.quiet && c.ok) continue;
      const mark = c.ok ? pc.green("✔") : c.need === "lab" ? pc.red("✘") : pc.yellow("!");
      process.stdout.write(`${mark} ${c.name.padEnd(17)} ${c.ok ? pc.dim(c.detail) : c.detail}${!c.ok && c.pkg ? ` — package ${c.pkg}` : ""}\n`);
    }
    const bad = checks.filter((c) => !c.ok && c.need === "lab");
    if (missing.length) process.stdout.write(`\nto install what is missing: ${isRoot() ? "" : "sudo "}${installCommand(missing)}  (or: vethbook doctor --fix${args.tests ? " --tests" : ""})\n`);
    if (bad.length) process.exitCode = 1;
    else if (!args.quiet) process.stdout.write(`\n${pc.green("this machine can run the sandbox lab")}\n`);
  },
});
