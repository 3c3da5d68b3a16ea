// CLI commands about the lab itself: lab up/status/down, exec, doctor.
import { defineCommand } from "citty";
import pc from "picocolors";
import { openLab, resolveTargetKind, parseSshMap, type LabOptions } from "./connect.js";
import { COURSE_VMS } from "./sandbox/course.js";
import { labStatus, startLab, staleCgroups, teardown, LabAlreadyUpError } from "./sandbox/lab.js";
import { removeCgroups } from "./sandbox/cleanup.js";
import { installCommand, missingPackages, runChecks } from "./doctor.js";
import { parseDuration } from "../command/duration.js";
import { argvToCommand } from "../command/quote.js";
import { execa } from "execa";
import { UsageError, table } from "../cli-support.js";

export const targetArgs = {
  target: { type: "string", description: "where the lab runs: sandbox (default), vagrant, ssh, local", valueHint: "sandbox|vagrant|ssh|local" },
  ssh: { type: "string", description: "ssh target: VM=DESTINATION pairs, e.g. vm1=root@10.0.0.5,vm2=root@10.0.0.6", valueHint: "vm1=user@host,..." },
  "vagrant-dir": { type: "string", description: "vagrant target: the folder with the Vagrantfile (default: notebooks/ or cwd)" },
  "allow-local": { type: "boolean", description: "local target: allow commands in this machine's own network namespace" },
} as const;

export function labOptionsFrom(args: Record<string, unknown>): LabOptions {
  return {
    target: resolveTargetKind(args.target as string | undefined),
    ssh: args.ssh ? parseSshMap(String(args.ssh)) : undefined,
    vagrantDir: args["vagrant-dir"] as string | undefined,
    allowLocal: Boolean(args["allow-local"]),
  };
}

/** One line per VM: the addresses it really has, read from the VM itself. */
async function summary(options: LabOptions, names: string[]): Promise<string> {
  const lab = openLab({ ...options, sandbox: "auto" });
  try {
    const rows = await Promise.all(
      names.map(async (name) => {
        try {
          const vm = await lab.vm(name);
          const r = await vm.sh`hostname; ip -4 -br addr show dev enp0s8 2>/dev/null | awk '{print $3}'; ip -4 -br addr show dev enp0s3 2>/dev/null | awk '{print $3}'; ip -4 -br addr show dev docker0 2>/dev/null | awk '{print $3}'; docker version --format '{{.Server.Version}}' 2>/dev/null || true`.quiet().nothrow().timeout("10s");
          const [host = "?", p8 = "-", p3 = "-", d0 = "", docker = ""] = r.stdout.split("\n");
          return [name, host, p8 || "-", p3 || "-", docker ? `${docker}${d0 ? ` (docker0 ${d0})` : ""}` : "-", pc.green("up")];
        } catch (e) {
          return [name, "?", "-", "-", "-", pc.red((e as Error).message.split("\n")[0]!)];
        }
      }),
    );
    return table(["VM", "hostname", "enp0s8", "enp0s3", "docker", "state"], rows);
  } finally {
    await lab.close();
  }
}

const labUp = defineCommand({
  meta: { name: "up", description: "bring up the lab (the sandbox stays up until `lab down`)" },
  args: { ...targetArgs },
  async run({ args }) {
    const options = labOptionsFrom(args);
    if (options.target === "sandbox") {
      try {
        const { state } = await startLab({
          detached: true,
          onProgress: (p) => {
            if (p.kind === "vm") {
              const vm = COURSE_VMS.find((v) => v.name === p.vm)!;
              const what = p.stage === "network" ? `network up (enp0s8 ${vm.privateIp}, enp0s3 ${vm.natIp})` : "Docker's engine ready, busybox image imported";
              process.stderr.write(`${pc.green("✔")} ${p.vm} ${pc.dim(`(${vm.hostname})`)} ${what} ${pc.dim(`${Math.round(p.elapsedMs)} ms`)}\n`);
            } else {
              process.stderr.write(`${pc.green("✔")} lab ready in ${Math.round(p.elapsedMs)} ms\n`);
            }
          },
        });
        process.stdout.write(`\nsandbox lab ${state.labId} is up; it stays up until \`vethbook lab down\`.\n\n`);
      } catch (e) {
        if (e instanceof LabAlreadyUpError) {
          process.stdout.write(`${e.message}\n\n`);
        } else throw e;
      }
      process.stdout.write((await summary(options, COURSE_VMS.map((v) => v.name))) + "\n");
      return;
    }
    if (options.target === "vagrant") {
      const cwd = options.vagrantDir ?? process.cwd();
      const r = await execa("vagrant", ["up"], { cwd, stdio: "inherit", reject: false }).catch((e) => e);
      if (r?.code === "ENOENT") throw new UsageError("vagrant is not installed: install Vagrant and VirtualBox (https://developer.hashicorp.com/vagrant/install), or use the sandbox (the default, no VM needed)");
      if (r.exitCode !== 0) throw new Error(`\`vagrant up\` in ${cwd} failed with exit code ${r.exitCode}`);
    }
    const lab = openLab(options);
    process.stdout.write((await summary(options, lab.vmNames)) + "\n");
  },
});

const labStatusCmd = defineCommand({
  meta: { name: "status", description: "is a lab up? which VMs, which addresses" },
  args: { ...targetArgs, json: { type: "boolean", description: "print the lab's state as JSON" } },
  async run({ args }) {
    const options = labOptionsFrom(args);
    if (options.target !== "sandbox") {
      process.stdout.write((await summary(options, openLab(options).vmNames)) + "\n");
      return;
    }
    const st = labStatus();
    if (args.json) {
      process.stdout.write(JSON.stringify(st.up ? { up: true, ...st.state } : { up: false, stale: st.stale?.labId ?? null }, null, 2) + "\n");
      process.exitCode = st.up ? 0 : 3;
      return;
    }
    if (!st.up) {
      process.stdout.write(st.stale
        ? `no lab is up: lab ${st.stale.labId} (started ${st.stale.startedAt}) has died; run \`vethbook lab down\` to clean up after it\n`
        : "no lab is up: run `vethbook lab up`\n");
      process.exitCode = 3;
      return;
    }
    const ageS = Math.round((Date.now() - Date.parse(st.state.startedAt)) / 1000);
    process.stdout.write(`sandbox lab ${st.state.labId} is up (started ${st.state.startedAt}, ${ageS} s ago; holder PID ${st.state.labPid})\n\n`);
    process.stdout.write((await summary(options, COURSE_VMS.map((v) => v.name))) + "\n");
  },
});

const labDown = defineCommand({
  meta: { name: "down", description: "remove the sandbox lab and everything in it (also after a crash)" },
  async run() {
    const st = labStatus();
    const state = st.up ? st.state : st.stale;
    if (state) {
      const { leftovers } = await teardown(state);
      process.stdout.write(`sandbox lab ${state.labId} is down${st.up ? "" : " (it had already died; cleaned up after it)"}: its namespaces, interfaces, mounts and processes are gone\n`);
      if (leftovers.length) process.stdout.write(`could not remove (still busy): ${leftovers.join(", ")}\n`);
    } else {
      process.stdout.write("no lab was up\n");
    }
    const stale = staleCgroups();
    if (stale.length) {
      const left = removeCgroups(stale);
      process.stdout.write(`removed ${stale.length - left.length} cgroup folder(s) left by earlier labs\n`);
    }
  },
});

export const labCommand = defineCommand({
  meta: { name: "lab", description: "bring the lab up, see it, take it down" },
  subCommands: { up: labUp, status: labStatusCmd, down: labDown },
});

/** The words after `--`, taken off before the argument parser sees them. */
export const passthrough: { argv?: string[] } = {};

export const execCommand = defineCommand({
  meta: { name: "exec", description: "run one command on a lab VM; its output and exit code pass through" },
  args: {
    vm: { type: "positional", description: "vm1, vm2 or vm3 (or the hostname: docker1, docker2, gw)", required: true },
    timeout: { type: "string", description: "kill the command after this long (seconds, or 500ms/2m)", valueHint: "S" },
    netns: { type: "string", description: "run inside this named network namespace of the VM", valueHint: "NAME" },
    ...targetArgs,
  },
  async run({ args }) {
    const argv = passthrough.argv;
    if (!argv || argv.length === 0) {
      throw new UsageError("give the command after --, e.g. `vethbook exec vm1 -- ip -br addr`");
    }
    const options = labOptionsFrom(args);
    if (options.target === "sandbox" && !labStatus().up) {
      throw new UsageError("no sandbox lab is up: run `vethbook lab up` first");
    }
    const timeoutMs = args.timeout ? parseDuration(/^\d+(\.\d+)?$/.test(String(args.timeout)) ? `${args.timeout}s` : String(args.timeout)) : undefined;
    const lab = openLab(options);
    try {
      const vm = await lab.vm(String(args.vm));
      const target = args.netns ? vm.netns(String(args.netns)) : vm;
      const r = await target.script(argvToCommand(argv)).nothrow().quiet().timeout(timeoutMs ?? 60_000);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      if (r.timedOut) {
        process.stderr.write(`vethbook: timeout: \`${r.command}\` on ${r.where} was killed after ${r.timeoutMs} ms (raise it with --timeout); ${r.target} is still usable\n`);
        process.exitCode = 124;
      } else {
        process.exitCode = r.exitCode ?? 1;
      }
    } finally {
      await lab.close();
    }
  },
});

export const doctorCommand = defineCommand({
  meta: { name: "doctor", description: "check that this machine can run the lab; --fix installs what is missing" },
  args: { fix: { type: "boolean", description: "install missing Debian packages with apt (needs root)" } },
  async run({ args }) {
    let checks = await runChecks();
    let missing = missingPackages(checks);
    if (args.fix && missing.length) {
      if (process.getuid?.() !== 0) throw new UsageError(`--fix needs root; run: sudo ${installCommand(missing)}`);
      process.stderr.write(`installing ${missing.join(" ")} ...\n`);
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      await execa("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      await execa("apt-get", ["install", "-y", "-qq", ...missing], { stdio: "inherit", env });
      checks = await runChecks();
      missing = missingPackages(checks);
    }
    for (const c of checks) {
      const mark = c.ok ? pc.green("✔") : c.required ? pc.red("✘") : pc.yellow("!");
      process.stdout.write(`${mark} ${c.name.padEnd(13)} ${c.ok ? pc.dim(c.detail) : c.detail}${!c.ok && c.pkg ? ` — package ${c.pkg}` : ""}\n`);
    }
    const bad = checks.filter((c) => !c.ok && c.required);
    if (missing.length) process.stdout.write(`\nto install what is missing: ${process.getuid?.() === 0 ? "" : "sudo "}${installCommand(missing)}  (or: vethbook doctor --fix)\n`);
    if (bad.length) process.exitCode = 1;
    else process.stdout.write(`\n${pc.green("this machine can run the sandbox lab")}\n`);
  },
});
