// Where a detached lab (`vethbook lab up`) is recorded, and how to tell whether the
// process it names is still that lab (PIDs are reused; start times are not).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
  startedAt: string;
  owner: "detached" | "process";
  ownerPid: number;
}

export function stateDir(): string {
  if (process.env.VETHBOOK_STATE_DIR) return process.env.VETHBOOK_STATE_DIR;
  if (process.getuid?.() === 0) return "/run/vethbook";
  return join(process.env.XDG_RUNTIME_DIR ?? "/tmp", "vethbook");
}

export function stateFile(): string {
  return join(stateDir(), "lab.json");
}

export function readState(): LabState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(), "utf8")) as LabState;
  } catch {
    return undefined;
  }
}

export function writeState(state: LabState): void {
  mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  const tmp = stateFile() + ".tmp";
  writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, stateFile());
}

export function removeState(labId: string): void {
  const s = readState();
  if (s && s.labId === labId) rmSync(stateFile(), { force: true });
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
