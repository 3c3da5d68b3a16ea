// Where a lab's commands run, decided once, at the edge: what the caller said (CLI flags,
// notebook parameters), then the environment, then the defaults. Everything below the
// edge receives the resolved value and never looks at process.env for it.
import type { TargetKind } from "../command/target.js";

export const TARGET_KINDS: readonly TargetKind[] = ["sandbox", "ssh", "vagrant", "local"];

/** Resolved: what the lab, the runner and the course receive. */
export interface LabOptions {
  target: TargetKind;
  /** ssh: lab VM name -> destination (`user@host`, `host:port`, or an ssh_config alias). */
  ssh: Record<string, string>;
  /** ssh: an ssh_config file to use instead of ssh's own. */
  sshConfig?: string;
  /** vagrant: the folder holding the Vagrantfile. */
  vagrantDir: string;
  /** local: the opt-in to run in this machine's own network namespace. */
  allowLocal: boolean;
  /** sandbox: "auto" uses the lab of `vethbook lab up` when one is up (unless another
   *  notebook drives it: then a lab of this process's own), else starts one owned by this
   *  process; "own" always starts a private one; "shared" takes `lab up`'s lab over even
   *  from another notebook. */
  sandbox: SandboxChoice;
  /** sandbox: use this running lab (an id `vethbook lab status` lists), whoever owns it. */
  labId?: string;
}

/** What a caller may say; anything left out (or empty) falls back to the environment. */
export interface LabOptionsInput {
  target?: string;
  ssh?: string | Record<string, string>;
  sshConfig?: string;
  vagrantDir?: string;
  allowLocal?: boolean;
  sandbox?: SandboxChoice | string;
  labId?: string;
}

export type SandboxChoice = "auto" | "own" | "shared";
export const SANDBOX_CHOICES: readonly SandboxChoice[] = ["auto", "own", "shared"];

/** The environment variables that stand in for the options (documented in the README). */
export const LAB_ENV = {
  target: "VETHBOOK_TARGET",
  ssh: "VETHBOOK_SSH",
  sshConfig: "VETHBOOK_SSH_CONFIG",
  vagrantDir: "VETHBOOK_VAGRANT_DIR",
  allowLocal: "VETHBOOK_ALLOW_LOCAL",
} as const;

/** A bad option value: says which one, what it was, and what it could be. */
export class LabOptionsError extends Error {
  override name = "LabOptionsError";
}

export function parseTargetKind(value: string, from = "target"): TargetKind {
  const v = value.trim();
  if (!(TARGET_KINDS as readonly string[]).includes(v)) {
    throw new LabOptionsError(`${from} "${v}" is not a target: choose one of ${TARGET_KINDS.join(", ")}`);
  }
  return v as TargetKind;
}

/** Parse "vm1=root@host,vm2=host2:2222" (the form of --ssh, the `ssh` parameter and $VETHBOOK_SSH). */
export function parseSshMap(text: string | undefined, from = "ssh"): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of (text ?? "").split(/[,\s]+/).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) throw new LabOptionsError(`${from}: cannot read "${part}" as VM=DESTINATION (e.g. vm1=root@192.168.50.10)`);
    map[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return map;
}

/** The ssh map back in its one-line form (for a notebook parameter). */
export function formatSshMap(map: Record<string, string>): string {
  return Object.entries(map).map(([vm, dest]) => `${vm}=${dest}`).join(",");
}

const given = (v: string | undefined): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** The ssh map the caller gave (a map, or its one-line form), or undefined when none. */
function sshMapOf(v: LabOptionsInput["ssh"]): Record<string, string> | undefined {
  if (typeof v === "object") return Object.keys(v).length ? { ...v } : undefined;
  return given(v) ? parseSshMap(v) : undefined;
}

function sandboxChoice(v: string | undefined): SandboxChoice {
  const text = given(v);
  if (text === undefined) return "auto";
  if (!(SANDBOX_CHOICES as readonly string[]).includes(text)) {
    throw new LabOptionsError(`sandbox "${text}" is not a choice: "auto" (lab up's lab if no other notebook drives it), "own" (a lab of this process's own) or "shared" (lab up's lab, taken over)`);
  }
  return text as SandboxChoice;
}

/**
 * Resolve the options once. `input` wins over `env`; an empty string counts as not given
 * (a notebook's parameters cell says `let target = ""` for "whatever the environment says").
 */
export function resolveLabOptions(input: LabOptionsInput = {}, env: Record<string, string | undefined> = {}, cwd = "."): LabOptions {
  const targetText = given(input.target) ?? given(env[LAB_ENV.target]);
  const target = targetText ? parseTargetKind(targetText, given(input.target) ? "target" : `$${LAB_ENV.target}`) : "sandbox";
  const ssh = sshMapOf(input.ssh) ?? parseSshMap(env[LAB_ENV.ssh], `$${LAB_ENV.ssh}`);
  return {
    target,
    ssh,
    sshConfig: given(input.sshConfig) ?? given(env[LAB_ENV.sshConfig]),
    vagrantDir: given(input.vagrantDir) ?? given(env[LAB_ENV.vagrantDir]) ?? cwd,
    allowLocal: input.allowLocal === true || env[LAB_ENV.allowLocal] === "1",
    sandbox: sandboxChoice(input.sandbox),
    labId: given(input.labId),
  };
}
