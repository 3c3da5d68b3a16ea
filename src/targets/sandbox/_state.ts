// Where this user's sandbox labs are recorded (one file per lab, whoever owns it), and how to
// tell whether the process a record names is still that lab (PIDs are reused; start times
// are not).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Who a lab belongs to: `vethbook lab up` (detached: it stays until `lab down`), or a
 *  process it dies with (a Jupyter kernel, `vethbook run`, a test). */
export interface LabOwner {
  kind: "detached" | "process";
  pid: number;
  /** For people: "vethbook lab up", "tslab kernel (02-bridge.ipynb)", "vethbook run". */
  label: string;
}

export interface LabState {
  labId: string;
  /** Host PID of `unshare`, the lab holder's parent. */
  unsharePid: number;
  /** Host PID of the lab's PID 1. */
  labPid: number;
  /** Its start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  labStart: number;
  janitorPid: number;
  /** Each VM's holder PID, as the lab's own PID namespace numbers it. */
  vms: Record<string, number>;
  /** "rootless": the lab's namespaces belong to a user namespace of its own (absent: root). */
  mode?: "root" | "rootless";
  startedAt: string;
  owner: LabOwner;
}

/** This user's folder: root's in /run, others' in their runtime folder (or /tmp, per uid). */
export function stateDir(): string {
  if (process.env.VETHBOOK_STATE_DIR) return process.env.VETHBOOK_STATE_DIR;
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return "/run/vethbook";
  return process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, "vethbook") : `/tmp/vethbook-${uid}`;
}

const labsDir = () => join(stateDir(), "labs");

/** The record of one lab. */
export function labFile(labId: string): string {
  return join(labsDir(), `${labId}.json`);
}

/** The lock held while a detached lab is being brought up. */
export function upLockFile(): string {
  return join(stateDir(), "up");
}

export function ensureStateDir(): void {
  mkdirSync(labsDir(), { recursive: true, mode: 0o700 });
}

/** Every lab recorded for this user, alive or not, oldest first. */
export function listLabs(): LabState[] {
  let names: string[];
  try {
    names = readdirSync(labsDir()).filter((n) => /^[0-9a-f]+\.json$/.test(n));
  } catch {
    return [];
  }
  const labs: LabState[] = [];
  for (const n of names) {
    try {
      labs.push(JSON.parse(readFileSync(join(labsDir(), n), "utf8")) as LabState);
    } catch {
      // half-written or not ours: ignore
    }
  }
  return labs.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

export function writeLab(state: LabState): void {
  ensureStateDir();
  const tmp = `${labFile(state.labId)}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, labFile(state.labId));
}

export function removeLab(labId: string): void {
  rmSync(labFile(labId), { force: true });
}

/** Field 22 of /proc/PID/stat, or undefined when no such process exists. */
export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

export function isAlive(state: LabState): boolean {
  return processStart(state.labPid) === state.labStart;
}

/** Who drives a shared lab now: one notebook at a time (see lab.ts claimLab). */
export interface LabLease {
  pid: number;
  /** The process's start time, so a reused PID is not mistaken for it. */
  start: number;
  label: string;
}

export function leaseFile(labId: string): string {
  return join(labsDir(), `${labId}.lease`);
}

export function readLease(labId: string): LabLease | undefined {
  try {
    const lease = JSON.parse(readFileSync(leaseFile(labId), "utf8")) as LabLease;
    return processStart(lease.pid) === lease.start ? lease : undefined;
  } catch {
    return undefined;
  }
}
