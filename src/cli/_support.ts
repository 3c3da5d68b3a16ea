// What every command of the CLI shares: the error for a bad command line, the target
// arguments and their one resolution into lab options, an aligned table, and the words
// after `--`. Internal to src/cli.
import { resolveLabOptions, TARGET_KINDS, type LabOptions } from "../targets/options.js";
import { labStatus } from "../targets/sandbox/lab.js";
import { findVm } from "../targets/sandbox/course.js";

/** An error caused by how the command was called: printed without a stack. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = "UsageError";
  }
}

/** The arguments that choose where the lab runs, shared by every command that reaches it. */
export const targetArgs = {
  target: { type: "string", description: `where the lab runs: ${TARGET_KINDS.join(", ")} (default sandbox, or $VETHBOOK_TARGET)`, valueHint: TARGET_KINDS.join("|") },
  ssh: { type: "string", description: "ssh target: VM=DESTINATION pairs, e.g. vm1=root@10.0.0.5,vm2=root@10.0.0.6 (or $VETHBOOK_SSH)", valueHint: "vm1=user@host,..." },
  "ssh-config": { type: "string", description: "ssh target: an ssh_config file to use (or $VETHBOOK_SSH_CONFIG)", valueHint: "FILE" },
  "vagrant-dir": { type: "string", description: "vagrant target: the folder with the Vagrantfile (default: $VETHBOOK_VAGRANT_DIR, else the current folder)", valueHint: "DIR" },
  "allow-local": { type: "boolean", description: "local target: allow commands in this machine's own network namespace" },
  lab: { type: "string", description: "sandbox: use this running lab (an id from `vethbook lab status`, e.g. a notebook kernel's)", valueHint: "ID" },
} as const;

/** The one place the CLI turns flags and environment into lab options. */
export function labOptionsFrom(args: Record<string, unknown>): LabOptions {
  try {
    return resolveLabOptions(
      {
        target: args.target as string | undefined,
        ssh: args.ssh as string | undefined,
        sshConfig: args["ssh-config"] as string | undefined,
        vagrantDir: args["vagrant-dir"] as string | undefined,
        allowLocal: args["allow-local"] === true,
        labId: args.lab as string | undefined,
      },
      process.env,
      process.cwd(),
    );
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Before a command that needs the sandbox lab: is one up, and does it have this VM? */
export function requireSandboxVm(options: LabOptions, vm: string): void {
  if (options.target !== "sandbox") return;
  try {
    findVm(vm);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!options.labId && !labStatus().up) throw new UsageError("no sandbox lab is up: run `vethbook lab up` first");
}

const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string) => s.replace(ANSI, "").length;

/** A plain aligned table: header, a rule, rows. */
export function table(header: string[], rows: string[][]): string {
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(cols[i]! - width(c)))).join("  ").trimEnd();
  return [line(header), line(cols.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The words after `--`, taken off before the argument parser sees them. */
export const passthrough: { argv?: string[] } = {};

/** Colour only for a terminal that wants it. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}
