// Bringing the sandbox lab up and down. A lab is either detached (`vethbook lab up`:
// it stays until `lab down`; one per user, brought up under a lock so two `lab up` at once
// give one lab) or owned by a process (a kernel, `vethbook run`): then it dies with the
// process, even on SIGKILL, because its PID 1 exits as soon as the pipe from that process
// closes. Every lab is recorded, so `lab status` sees and `lab down --all` removes them all.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { janitorScript, labCgroups, removeCgroups } from "./_cleanup.js";
export type { LabLease, LabOwner, LabState } from "./_state.js";
export { isAlive } from "./_state.js";
import { labInitScript } from "./_init-script.js";
import lockfile from "proper-lockfile";
import { writeFileSync, rmSync } from "node:fs";
import { ensureStateDir, isAlive, labFile, leaseFile, listLabs, processStart, readLease, removeLab, upLockFile, writeLab, type LabLease, type LabOwner, type LabState } from "./_state.js";
import { checkSandboxSupport, rootlessUnshareArgs, type SandboxMode } from "./preflight.js";

export type LabProgress =
  | { kind: "vm"; vm: string; stage: "network" | "docker"; elapsedMs: number }
  | { kind: "waiting"; elapsedMs: number }
  | { kind: "ready"; elapsedMs: number };

export interface StartOptions {
  detached: boolean;
  /** Who the lab is for, as `lab status` says it (default: "vethbook lab up" or this process's command). */
  ownerLabel?: string;
  onProgress?: (p: LabProgress) => void;
  timeoutMs?: number;
}

export interface StartedLab {
  state: LabState;
  /** For a process-owned lab: closing this ends the lab. */
  holder?: ChildProcess;
}

export class LabAlreadyUpError extends Error {
  constructor(readonly state: LabState, waited = false) {
    super(`a sandbox lab is already up (lab ${state.labId}, started ${state.startedAt}${waited ? " by a `lab up` that ran at the same time" : ""}); use it as it is, or run \`vethbook lab down\` first`);
    this.name = "LabAlreadyUpError";
  }
}

/** Bring up a new lab. A detached lab is brought up under this user's lock: a second
 *  caller waits for the first, then finds its lab (LabAlreadyUpError). */
export async function startLab(options: StartOptions): Promise<StartedLab> {
  const mode = checkSandboxSupport();
  if (!options.detached) return bringUp(options, mode);
  ensureStateDir();
  // Another `lab up` building right now holds the lock (refreshed every 5 s; a holder that
  // died leaves it stale after 30 s): wait for it, then find its lab.
  const lock = (retries: number) =>
    lockfile.lock(upLockFile(), { realpath: false, stale: 30_000, update: 5_000, retries: { retries, minTimeout: 100, maxTimeout: 100 }, onCompromised: () => {} });
  let waited = false;
  const release = await lock(0).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== "ELOCKED") throw e;
    waited = true;
    options.onProgress?.({ kind: "waiting", elapsedMs: 0 });
    return lock(900);
  }).catch((e: Error) => {
    throw new Error(`could not take the lab lock ${upLockFile()}.lock: ${e.message}`);
  });
  try {
    const existing = listLabs().filter((l) => l.owner.kind === "detached");
    const live = existing.find(isAlive);
    if (live) throw new LabAlreadyUpError(live, waited);
    for (const dead of existing) await teardown(dead);
    return await bringUp(options, mode);
  } finally {
    await release().catch(() => {});
  }
}

async function bringUp(options: StartOptions, mode: SandboxMode): Promise<StartedLab> {
  const labId = randomBytes(3).toString("hex");
  const t0 = performance.now();
  ensureStateDir();
  const janitor = spawn("bash", ["-c", janitorScript(labId, labFile(labId))], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  janitor.unref();
  // Rootless: the user namespace comes first, so the lab's other namespaces belong to it and
  // its root (this user, mapped to uid 0) may do in them what root does in the root lab;
  // uids and gids 1-65536 are the user's subordinate ids, so tcpdump, dnsmasq and Docker
  // find the users and groups they switch to.
  const holder = spawn(
    "unshare",
    [...(mode === "rootless" ? ["--user", ...rootlessUnshareArgs()] : []),
      "--pid", "--fork", "--kill-child", "--net", "--mount", "--uts", "--propagation", "private", "--", "bash", "-c",
      labInitScript({ labId, hold: options.detached ? "forever" : "stdin", rootless: mode === "rootless" })],
    // Always a process group of its own: an interrupt meant for the owner (Jupyter signals the
    // kernel's whole group, a terminal's Ctrl-C the foreground group) must not end the lab.
    // A process-owned lab still dies with its owner: its stdin pipe closes.
    { detached: true, stdio: [options.detached ? "ignore" : "pipe", "pipe", "pipe", janitor.stdin!] },
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
    mode,
    startedAt: new Date().toISOString(),
    owner: labOwner(options),
  };
  writeLab(state);
  options.onProgress?.({ kind: "ready", elapsedMs: performance.now() - t0 });
  if (options.detached) {
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

function labOwner(options: StartOptions): LabOwner {
  if (options.detached) return { kind: "detached", pid: process.pid, label: options.ownerLabel ?? "vethbook lab up" };
  const me = process.argv.slice(1).map((a) => a.split("/").pop()).join(" ");
  return { kind: "process", pid: process.pid, label: options.ownerLabel ?? me };
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
  // unshare itself (in a rootless lab's user namespace too) exits right after its child.
  for (let i = 0; i < 200 && isUnshare(state.unsharePid); i++) await sleep(10);
  // Give the janitor a moment; then do its job ourselves (idempotent) in case it was killed too.
  for (let i = 0; i < 100 && labCgroups(state.labId).length > 0; i++) await sleep(20);
  let leftovers = removeCgroups(labCgroups(state.labId));
  for (let i = 0; i < 50 && leftovers.length; i++) {
    await sleep(50);
    leftovers = removeCgroups(leftovers);
  }
  removeLab(state.labId);
  return { leftovers };
}

function isUnshare(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "unshare";
  } catch {
    return false;
  }
}

/** Cgroup folders of labs that no longer run (a machine crash, a janitor that was killed).
 *  Only empty folders can be removed, so a live lab's never go. */
export function staleCgroups(): string[] {
  const keep = listLabs().filter(isAlive).map((l) => `vethbook-${l.labId}-`);
  return labCgroups().filter((d) => !keep.some((k) => d.split("/").pop()!.startsWith(k)));
}

/** Remove what staleCgroups() finds; returns how many went and which are still busy. */
export function removeStaleCgroups(): { removed: number; busy: string[] } {
  const stale = staleCgroups();
  const busy = removeCgroups(stale);
  return { removed: stale.length - busy.length, busy };
}

export type LabStatus =
  | { up: true; state: LabState }
  | { up: false; stale?: LabState };

/** The detached lab (`vethbook lab up`) of this user: up, died, or none. */
export function labStatus(): LabStatus {
  const detached = listLabs().filter((l) => l.owner.kind === "detached");
  const live = detached.find(isAlive);
  if (live) return { up: true, state: live };
  return detached.length ? { up: false, stale: detached.at(-1) } : { up: false };
}

/** Every lab of this user, with whether it still runs. */
export function allLabs(): Array<{ state: LabState; alive: boolean }> {
  return listLabs().map((state) => ({ state, alive: isAlive(state) }));
}

/**
 * Take the shared lab (`lab up`'s) for this process, as one notebook at a time drives it:
 * returns undefined when it is ours now, or the lease of the live process that has it.
 * `force` takes it over regardless. The lease ends with the process (or releaseLab()).
 */
export function claimLab(state: LabState, label: string, force = false): LabLease | undefined {
  ensureStateDir();
  const mine: LabLease = { pid: process.pid, start: processStart(process.pid) ?? 0, label };
  for (let attempt = 0; attempt < 3; attempt++) {
    const held = readLease(state.labId);
    if (held && held.pid === process.pid) return undefined;
    if (held && !force) return held;
    // Nobody (alive) has it, or it is being taken over: write ours, exclusively unless forced.
    if (!held || force) rmSync(leaseFile(state.labId), { force: true });
    try {
      writeFileSync(leaseFile(state.labId), JSON.stringify(mine) + "\n", { flag: "wx", mode: 0o600 });
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // Another process wrote one between our look and our write: look again.
    }
  }
  return readLease(state.labId);
}

/** Give the shared lab back (if this process has it). */
export function releaseLab(state: LabState): void {
  const held = readLease(state.labId);
  if (held?.pid === process.pid) rmSync(leaseFile(state.labId), { force: true });
}

/** Who drives a lab now, if anyone. */
export function labLease(state: LabState): LabLease | undefined {
  return readLease(state.labId);
}
