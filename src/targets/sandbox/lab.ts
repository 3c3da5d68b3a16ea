// Bringing the sandbox lab up and down. A lab is either detached (`vethbook lab up`:
// it stays until `lab down`) or owned by this process (the library's default when no
// lab is up): then it dies with the process, even on SIGKILL, because its PID 1 exits
// as soon as the pipe from this process closes.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { COURSE_VMS } from "./course.js";
import { janitorScript, labCgroups, removeCgroups } from "./cleanup.js";
import { labInitScript } from "./init-script.js";
import { isAlive, processStart, readState, removeState, stateFile, writeState, type LabState } from "./state.js";
import { checkSandboxSupport } from "./preflight.js";

export type LabProgress =
  | { kind: "vm"; vm: string; stage: "network" | "docker"; elapsedMs: number }
  | { kind: "ready"; elapsedMs: number };

export interface StartOptions {
  detached: boolean;
  onProgress?: (p: LabProgress) => void;
  timeoutMs?: number;
}

export interface StartedLab {
  state: LabState;
  /** For a process-owned lab: closing this ends the lab. */
  holder?: ChildProcess;
}

export class LabAlreadyUpError extends Error {
  constructor(readonly state: LabState) {
    super(`a sandbox lab is already up (lab ${state.labId}, started ${state.startedAt}); use it as it is, or run \`vethbook lab down\` first`);
    this.name = "LabAlreadyUpError";
  }
}

/** Bring up a new lab. Detached labs are recorded in the state file; only one at a time. */
export async function startLab(options: StartOptions): Promise<StartedLab> {
  checkSandboxSupport();
  if (options.detached) {
    const existing = readState();
    if (existing && isAlive(existing)) throw new LabAlreadyUpError(existing);
    if (existing) await teardown(existing);
  }
  const labId = randomBytes(3).toString("hex");
  const t0 = performance.now();
  const janitor = spawn("bash", ["-c", janitorScript(labId, stateFile())], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  janitor.unref();
  const holder = spawn(
    "unshare",
    ["--pid", "--fork", "--kill-child", "--net", "--mount", "--uts", "--propagation", "private", "--", "bash", "-c",
      labInitScript({ labId, hold: options.detached ? "forever" : "stdin" })],
    { detached: options.detached, stdio: [options.detached ? "ignore" : "pipe", "pipe", "pipe", janitor.stdin!] },
  );
  // Only the lab's processes hold the janitor's pipe now: it reads EOF when the last one dies.
  janitor.stdin!.destroy();
  let stderr = "";
  holder.stderr!.setEncoding("utf8").on("data", (c: string) => { stderr = (stderr + c).slice(-8000); });

  const fail = (why: string): never => {
    holder.kill("SIGKILL");
    throw new Error(`the sandbox lab did not come up: ${why}${stderr.trim() ? `\n${stderr.trim()}` : ""}`);
  };

  const lines = createInterface({ input: holder.stdout! });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const ready = await new Promise<{ vms: Record<string, number> } | { error: string }>((resolve) => {
    const timer = setTimeout(() => resolve({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const failures: string[] = [];
    lines.on("line", (line) => {
      const elapsedMs = performance.now() - t0;
      let m: RegExpMatchArray | null;
      if ((m = line.match(/^VM (\S+) (network|docker)$/))) {
        options.onProgress?.({ kind: "vm", vm: m[1]!, stage: m[2] as "network" | "docker", elapsedMs });
      } else if (line.startsWith("FAIL ")) {
        failures.push(line.slice(5));
      } else if (line.startsWith("READY ")) {
        clearTimeout(timer);
        if (failures.length) resolve({ error: failures.join("; ") });
        else resolve({ vms: JSON.parse(line.slice(6)) });
      }
    });
    holder.on("exit", (code, signal) => {
      clearTimeout(timer);
      setImmediate(() => resolve({ error: failures.join("; ") || `its holder exited (${signal ?? `code ${code}`})` }));
    });
  });
  lines.close();
  if ("error" in ready) return fail(ready.error);

  const labPid = await childOf(holder.pid!);
  const labStart = labPid ? processStart(labPid) : undefined;
  if (!labPid || labStart === undefined) return fail("its PID 1 could not be found");
  const state: LabState = {
    labId,
    unsharePid: holder.pid!,
    labPid,
    labStart,
    janitorPid: janitor.pid!,
    vms: ready.vms,
    startedAt: new Date().toISOString(),
    owner: options.detached ? "detached" : "process",
    ownerPid: process.pid,
  };
  options.onProgress?.({ kind: "ready", elapsedMs: performance.now() - t0 });
  if (options.detached) {
    writeState(state);
    holder.unref();
    holder.stdout!.destroy();
    holder.stderr!.destroy();
    return { state };
  }
  // The lab lives as long as this pipe is open; it must not keep Node itself alive.
  holder.unref();
  (holder.stdin as any).unref?.();
  (holder.stdout as any).unref?.();
  (holder.stderr as any).unref?.();
  return { state, holder };
}

async function childOf(pid: number): Promise<number | undefined> {
  const { readFileSync } = await import("node:fs");
  for (let i = 0; i < 200; i++) {
    try {
      const c = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (c) return Number(c.split(/\s+/)[0]);
    } catch {
      return undefined;
    }
    await sleep(5);
  }
  return undefined;
}

/** End a lab and everything in it, then remove what the kernel leaves (cgroup folders). */
export async function teardown(state: LabState): Promise<{ leftovers: string[] }> {
  if (isAlive(state)) {
    try {
      process.kill(state.labPid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  for (let i = 0; i < 200 && processStart(state.labPid) === state.labStart; i++) await sleep(10);
  // Give the janitor a moment; then do its job ourselves (idempotent) in case it was killed too.
  for (let i = 0; i < 100 && labCgroups(state.labId).length > 0; i++) await sleep(20);
  let leftovers = removeCgroups(labCgroups(state.labId));
  for (let i = 0; i < 50 && leftovers.length; i++) {
    await sleep(50);
    leftovers = removeCgroups(leftovers);
  }
  removeState(state.labId);
  return { leftovers };
}

/** Cgroup folders of labs that no longer run (a machine crash, a janitor that was killed). */
export function staleCgroups(): string[] {
  const live = readState();
  const keep = live && isAlive(live) ? `vethbook-${live.labId}-` : undefined;
  return labCgroups().filter((d) => !keep || !d.split("/").pop()!.startsWith(keep));
}

export type LabStatus =
  | { up: true; state: LabState }
  | { up: false; stale?: LabState };

export function labStatus(): LabStatus {
  const s = readState();
  if (!s) return { up: false };
  if (isAlive(s)) return { up: true, state: s };
  return { up: false, stale: s };
}

export const VM_NAMES = COURSE_VMS.map((v) => v.name);
