// `vethbook lab up|status|down`: bring the lab up, see it, take it down.
import { defineCommand } from "citty";
import { execa } from "execa";
import pc from "picocolors";
import { openLab } from "../targets/connect.js";
import type { LabOptions } from "../targets/options.js";
import { COURSE_VMS } from "../targets/sandbox/course.js";
import { allLabs, labStatus, removeStaleCgroups, startLab, teardown, LabAlreadyUpError, type LabState } from "../targets/sandbox/lab.js";
import { labOptionsFrom, table, targetArgs, UsageError } from "./_support.js";

/** One line per VM: the addresses it really has, read from the VM itself. */
async function summary(options: LabOptions, names: string[]): Promise<string> {
  const lab = openLab(options);
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
            if (p.kind === "waiting") {
              process.stderr.write(`${pc.yellow("…")} another \`vethbook lab up\` is bringing a lab up right now; waiting for it\n`);
            } else if (p.kind === "vm") {
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
      const cwd = options.vagrantDir;
      const r = await execa("vagrant", ["up"], { cwd, stdio: "inherit", reject: false }).catch((e) => e);
      if (r?.code === "ENOENT") throw new UsageError("vagrant is not installed: install Vagrant and VirtualBox (https://developer.hashicorp.com/vagrant/install), or use the sandbox (the default, no VM needed)");
      if (r.exitCode !== 0) throw new Error(`\`vagrant up\` in ${cwd} failed with exit code ${r.exitCode}`);
    }
    const lab = openLab(options);
    process.stdout.write((await summary(options, lab.vmNames)) + "\n");
  },
});

/** One line about a lab for `lab status`: its id, who owns it, how long it has run. */
function labLine(state: LabState, alive: boolean): string {
  const age = Math.round((Date.now() - Date.parse(state.startedAt)) / 1000);
  const since = age < 120 ? `${age} s` : `${Math.round(age / 60)} min`;
  const owner = state.owner.kind === "detached" ? `from \`${state.owner.label}\`` : `owned by ${state.owner.label} (pid ${state.owner.pid})`;
  return `${pc.bold(state.labId)}  ${owner}, ${alive ? `up ${since}` : pc.red("died")}`;
}

const labStatusCmd = defineCommand({
  meta: { name: "status", description: "which labs are up (yours: `lab up`'s, your notebooks', your runs'), with live addresses" },
  args: { ...targetArgs, json: { type: "boolean", description: "print the labs' state as JSON" } },
  async run({ args }) {
    const options = labOptionsFrom(args);
    if (options.target !== "sandbox") {
      process.stdout.write((await summary(options, openLab(options).vmNames)) + "\n");
      return;
    }
    const st = labStatus();
    const labs = allLabs();
    const others = labs.filter((l) => l.state.owner.kind !== "detached");
    if (args.json) {
      const json = st.up ? { up: true, ...st.state } : { up: false, stale: st.stale?.labId ?? null };
      process.stdout.write(JSON.stringify({ ...json, labs: labs.map((l) => ({ ...l.state, alive: l.alive })) }, null, 2) + "\n");
      process.exitCode = st.up ? 0 : 3;
      return;
    }
    const otherLines = others.length ? `\n${others.length === 1 ? "another lab" : `${others.length} other labs`} of yours:\n${others.map((l) => `  ${labLine(l.state, l.alive)}`).join("\n")}\n(look inside one with \`vethbook exec vm1 --lab ID -- ...\`; remove them all with \`vethbook lab down --all\`)\n` : "";
    if (!st.up) {
      process.stdout.write(st.stale
        ? `no lab is up: lab ${st.stale.labId} (started ${st.stale.startedAt}) has died; run \`vethbook lab down\` to clean up after it\n`
        : "no lab is up: run `vethbook lab up`\n");
      process.stdout.write(otherLines);
      process.exitCode = 3;
      return;
    }
    const ageS = Math.round((Date.now() - Date.parse(st.state.startedAt)) / 1000);
    process.stdout.write(`sandbox lab ${st.state.labId} is up (started ${st.state.startedAt}, ${ageS} s ago; holder PID ${st.state.labPid})\n\n`);
    process.stdout.write((await summary(options, COURSE_VMS.map((v) => v.name))) + "\n");
    process.stdout.write(otherLines);
  },
});

const labDown = defineCommand({
  meta: { name: "down", description: "remove the lab of `lab up` and everything in it (also after a crash); --all: every lab of yours" },
  args: {
    all: { type: "boolean", description: "also the labs notebooks and runs started (their kernels get a new lab when they next need one)" },
    lab: { type: "string", description: "only this lab (an id from `vethbook lab status`)", valueHint: "ID" },
  },
  async run({ args }) {
    const labs = allLabs();
    const chosen = args.lab
      ? labs.filter((l) => l.state.labId === args.lab)
      : args.all
        ? labs
        : labs.filter((l) => l.state.owner.kind === "detached");
    if (args.lab && !chosen.length) throw new UsageError(`no lab ${args.lab}: \`vethbook lab status\` lists yours`);
    for (const { state, alive } of chosen) {
      const { leftovers } = await teardown(state);
      const whose = state.owner.kind === "detached" ? "sandbox lab" : `lab of ${state.owner.label} (pid ${state.owner.pid}),`;
      process.stdout.write(`${whose} ${state.labId} is down${alive ? "" : " (it had already died; cleaned up after it)"}: its namespaces, interfaces, mounts and processes are gone\n`);
      if (leftovers.length) process.stdout.write(`could not remove (still busy): ${leftovers.join(", ")}\n`);
    }
    if (!chosen.length) {
      const others = labs.filter((l) => l.alive).length;
      process.stdout.write(`no lab was up${others ? ` from \`vethbook lab up\` (${others} lab${others === 1 ? "" : "s"} of notebooks or runs: \`vethbook lab down --all\` removes them)` : ""}\n`);
    }
    const { removed } = removeStaleCgroups();
    if (removed) process.stdout.write(`removed ${removed} cgroup folder(s) left by earlier labs\n`);
  },
});

export const labCommand = defineCommand({
  meta: { name: "lab", description: "bring the lab up, see it, take it down" },
  subCommands: { up: labUp, status: labStatusCmd, down: labDown },
});

