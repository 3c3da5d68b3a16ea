// Many labs on one machine: how long one takes to come up alone and with 7 others coming up at
// the same time, how many are up and answering at once, and the memory one lab holds (its
// processes, Docker's two engines included).
import { readFileSync, readdirSync } from "node:fs";
import { startLab, teardown, type LabState } from "../../src/targets/sandbox/lab.js";
import { SandboxTarget } from "../../src/targets/sandbox/sandbox-target.js";

/** The lab's processes: its PID 1 and every descendant. */
function labProcesses(labPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const todo = [labPid];
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** kB of one smaps_rollup field (Rss or Pss) summed over the lab's processes. */
function labMemoryKb(labPid: number, field: "Rss" | "Pss"): number {
  let kb = 0;
  for (const p of labProcesses(labPid)) {
    try {
      const m = readFileSync(`/proc/${p}/smaps_rollup`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb;
}

/** Every VM answers a command, and vm1's and vm2's Docker engines answer theirs. */
async function answering(state: LabState): Promise<boolean> {
  const targets = ["vm1", "vm2", "vm3"].map((vm) => new SandboxTarget(state, vm));
  try {
    for (const t of targets) {
      const r = await t.run(t.name === "vm3" ? "hostname" : "docker ps -q >/dev/null && hostname");
      if (r.exitCode !== 0) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    await Promise.all(targets.map((t) => t.close().catch(() => {})));
  }
}

export interface LabsBench {
  upAloneMs: number;
  rssMb: number;
  pssMb: number;
  upAt: number;
  upConcurrentP50Ms: number;
  upConcurrentMaxMs: number;
  concurrent: number;
  pssAtNMb: number;
}

export async function benchLabs(n: number): Promise<LabsBench> {
  let t = performance.now();
  const alone = await startLab({ detached: false, ownerLabel: "vethbook bench (alone)", timeoutMs: 300_000 });
  const upAloneMs = performance.now() - t;
  const rssMb = labMemoryKb(alone.state.labPid, "Rss") / 1024;
  const pssMb = labMemoryKb(alone.state.labPid, "Pss") / 1024;
  await teardown(alone.state);

  const ups: number[] = [];
  t = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, async (_, i) => {
    const t0 = performance.now();
    const lab = await startLab({ detached: false, ownerLabel: `vethbook bench (${i + 1} of ${n})`, timeoutMs: 300_000 });
    ups.push(performance.now() - t0);
    return lab;
  }));
  const labs = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  try {
    let concurrent = 0;
    for (const l of labs) if (await answering(l.state)) concurrent++;
    const pss = labs.reduce((s, l) => s + labMemoryKb(l.state.labPid, "Pss"), 0) / 1024 / Math.max(1, labs.length);
    ups.sort((a, b) => a - b);
    return {
      upAloneMs, rssMb, pssMb, upAt: n, concurrent,
      upConcurrentP50Ms: ups[Math.floor((ups.length - 1) / 2)] ?? NaN,
      upConcurrentMaxMs: ups.at(-1) ?? NaN,
      pssAtNMb: pss,
    };
  } finally {
    await Promise.all(labs.map((l) => teardown(l.state)));
  }
}
