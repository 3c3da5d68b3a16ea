#!/usr/bin/env node
// The `vethbook` command: one file per subcommand beside this one, loaded when asked for.
import { defineCommand, renderUsage, runCommand, type CommandDef } from "citty";
import { createRequire } from "node:module";
import { CommandError } from "../command/result.js";
import { passthrough, UsageError } from "./_support.js";

const version: string = createRequire(import.meta.url)("../../../package.json").version;

const EXAMPLES = `Examples:
  vethbook lab up                             bring up the sandbox lab (vm1 docker1, vm2 docker2, vm3 gw)
  vethbook exec vm1 -- ip -br addr            run one command on vm1
  vethbook exec vm1 --netns RED -- ip route   ... inside vm1's namespace RED
  vethbook exec vm1 --timeout 5 -- ping -c 100 8.8.8.8
  vethbook show topology vm1 --svg > vm1.svg  the namespaces, bridges and cables of vm1, drawn
  vethbook show iptables vm1 --table nat      rules with counters, as iptables -nvL prints them
  vethbook snapshot vm1 --json                the whole network state of vm1 as JSON
  vethbook trace vm1 --netns RED -- ping -c1 -W1 11.11.11.3   a ping's walk through netfilter
  vethbook run notebooks/01-netns-veth.ipynb  run a chapter headless, write the executed copy
  vethbook export out/notebooks --out out/site   HTML course notes from executed chapters
  vethbook course                             every chapter on the sandbox, then the notes (npm start)
  vethbook check 02 icmp-only --setup         prepare an exercise on the lab and print its task
  vethbook check 02                           grade chapter 2's exercises against the lab as it is now
  vethbook lab status                         what is up, with live addresses
  vethbook lab down                           remove everything the lab made
  vethbook doctor --fix                       install what the lab needs (Debian)
  vethbook lab up --target vagrant --vagrant-dir notebooks
  vethbook exec vm1 --target ssh --ssh vm1=root@192.168.50.10 -- hostname`;

const main = defineCommand({
  meta: { name: "vethbook", version, description: "the Linux container-networking lab, for real: namespaces, veth, bridges, Docker's iptables, NAT" },
  subCommands: {
    lab: () => import("./lab.js").then((m) => m.labCommand),
    exec: () => import("./exec.js").then((m) => m.execCommand),
    snapshot: () => import("./snapshot.js").then((m) => m.snapshotCommand),
    trace: () => import("./trace.js").then((m) => m.traceCommand),
    show: () => import("./show.js").then((m) => m.showCommand),
    run: () => import("./run.js").then((m) => m.runCommand),
    kernel: () => import("./kernel.js").then((m) => m.kernelCommand),
    export: () => import("./export.js").then((m) => m.exportCommand),
    course: () => import("./course.js").then((m) => m.courseCommand),
    check: () => import("./check.js").then((m) => m.checkCommand),
    doctor: () => import("./doctor.js").then((m) => m.doctorCommand),
  },
});

async function usageOf(raw: string[]): Promise<string> {
  let cmd: CommandDef<any> = main;
  let parent: CommandDef<any> | undefined;
  for (const word of raw.filter((a) => !a.startsWith("-"))) {
    const subs = (await (typeof cmd.subCommands === "function" ? cmd.subCommands() : cmd.subCommands)) as Record<string, any> | undefined;
    if (!subs?.[word]) break;
    parent = cmd;
    const next = subs[word];
    cmd = typeof next === "function" ? await next() : await next;
  }
  const text = await renderUsage(cmd, parent);
  return cmd === main ? `${text}\n${EXAMPLES}\n` : text;
}

/** The message for an error that ended a command, and the exit code it means. */
function describeFailure(e: unknown): { message: string; exitCode: number } {
  const err = e as Error & { code?: string };
  if (err instanceof UsageError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof CommandError) return { message: err.message, exitCode: 1 };
  const stack = process.env.VETHBOOK_DEBUG ? `\n${err.stack}` : "";
  return { message: `${err?.message ?? String(err)}${stack}`, exitCode: 1 };
}

async function cli(argv: string[]): Promise<void> {
  const dd = argv.indexOf("--");
  const raw = dd >= 0 ? argv.slice(0, dd) : argv;
  if (dd >= 0) passthrough.argv = argv.slice(dd + 1);
  if (raw.length === 0 || raw.includes("--help") || raw.includes("-h")) {
    process.stdout.write(await usageOf(raw));
    return;
  }
  if (raw.length === 1 && (raw[0] === "--version" || raw[0] === "-v")) {
    process.stdout.write(version + "\n");
    return;
  }
  try {
    await runCommand(main, { rawArgs: raw });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === "E_UNKNOWN_COMMAND" || err.code === "E_NO_COMMAND" || err.name === "CLIError") {
      process.stderr.write(`vethbook: ${err.message}\n\n${await usageOf(raw)}`);
      process.exitCode = 2;
      return;
    }
    const { message, exitCode } = describeFailure(e);
    process.stderr.write(`vethbook: ${message}\n`);
    process.exitCode = exitCode;
  }
}

/** Resolve once everything written to `stream` so far has been handed to the OS: a pipe
 *  reader gets all of it, not the first 64 KiB, before the process exits. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableFinished) return Promise.resolve();
  return new Promise((resolve) => stream.write("", () => resolve()));
}

// A reader that went away (`vethbook ... | head -1`) is not an error: stop quietly, as
// other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

await cli(process.argv.slice(2));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
// Open lab shells or an abandoned cell must not keep the command alive once it is done.
process.exit(process.exitCode ?? 0);
