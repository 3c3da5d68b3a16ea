// `npm run bench [-- --json]`: the numbers the lab promises, measured on this machine.
// Prints a readable report, and with --json one JSON object as the last line. A figure that
// cannot be taken here (no sshd, say) is listed under "skipped" with the reason, never a crash.
// `--only course_ms,snapshot_ms` takes just those figures.
import { existsSync } from "node:fs";
import { startLab, teardown } from "../../src/targets/sandbox/lab.js";
import { openLab, type Lab } from "../../src/targets/connect.js";
import { percentiles, sample } from "./stats.js";
import { benchSsh } from "./bench-ssh.js";
import { benchSnapshot } from "./bench-snapshot.js";
import { benchExport } from "./bench-export.js";
import { benchThroughput } from "./bench-throughput.js";
import { benchTrace } from "./bench-trace.js";
import { benchLabs } from "./bench-labs.js";
import { benchCourse } from "./bench-course.js";
import { availableParallelism } from "node:os";

interface Metric {
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  note?: string;
}

const json = process.argv.includes("--json");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? "").split(",").filter(Boolean) : undefined;
const metrics: Record<string, Metric> = {};
const skipped: Record<string, string> = {};
const log = (line: string) => (json ? process.stderr : process.stdout).write(line + "\n");

function record(name: string, m: Metric) {
  metrics[name] = m;
  log(`${m.ok === false ? "✘" : "✔"} ${name.padEnd(26)} ${String(m.value).padStart(9)} ${m.unit}${m.target ? `   (target ${m.target})` : ""}${m.note ? `   ${m.note}` : ""}`);
}

function skip(names: string[], why: string) {
  for (const n of names) skipped[n] = why;
  log(`- ${names.join(", ")}: not measured (${why})`);
}

/** Run one group of measures; a group that cannot run here is skipped with its reason. */
async function group(names: string[], needs: string | undefined, fn: () => Promise<void>) {
  if (only && !names.some((n) => only.includes(n))) return skip(names, "not asked for (--only)");
  if (needs) return skip(names, needs);
  try {
    await fn();
  } catch (e) {
    skip(names, `failed: ${(e as Error).message.split("\n")[0]}`);
  }
}

async function main() {
  await group(["lab_up_ms", "lab_down_ms"], undefined, async () => {
    // three VMs, NAT, the emulated internet (DNS, IPv6), two Docker engines
    const ups: number[] = [];
    const downs: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      const { state } = await startLab({ detached: false, ownerLabel: "vethbook bench" });
      ups.push(performance.now() - t);
      t = performance.now();
      await teardown(state);
      downs.push(performance.now() - t);
    }
    const up = percentiles(ups), down = percentiles(downs);
    record("lab_up_ms", { value: Math.round(up.p50), unit: "ms", target: "≤ 3000", ok: up.p50 <= 3000, note: `p95 ${Math.round(up.p95)} ms, n=${up.n}` });
    record("lab_down_ms", { value: Math.round(down.p50), unit: "ms", note: `p95 ${Math.round(down.p95)} ms` });
  });

  // Many labs at once (VETHBOOK_BENCH_LABS=N, default 8; "--only-labs" measures only these).
  const n = Number(process.env.VETHBOOK_BENCH_LABS ?? 8);
  await group(["labs_concurrent", "lab_rss_mb", "lab_up_ms_1", `lab_up_ms_${n}`], undefined, async () => {
    const b = await benchLabs(n);
    record("labs_concurrent", { value: b.concurrent, unit: "labs", target: `${n} (up and answering at once)`, ok: b.concurrent >= n });
    record("lab_rss_mb", { value: Math.round(b.rssMb), unit: "MB", note: `RSS of one lab alone, its two dockerd included (PSS ${Math.round(b.pssMb)} MB alone, ${Math.round(b.pssAtNMb)} MB each with ${n} up)` });
    record("lab_up_ms_1", { value: Math.round(b.upAloneMs), unit: "ms", note: "one lab, alone" });
    record(`lab_up_ms_${n}`, { value: Math.round(b.upConcurrentP50Ms), unit: "ms", note: `median of ${n} labs brought up at once (slowest ${Math.round(b.upConcurrentMaxMs)} ms)` });
  });
  if (process.argv.includes("--only-labs")) return report();

  // (the lab starts at its first command: not at all when --only leaves these out)
  const lab: Lab = openLab({ target: "sandbox", sandbox: "own" });
  try {
    await group(["sandbox_exec_p50_ms", "sandbox_exec_p95_ms"], undefined, async () => {
      const vm1 = await lab.target("vm1");
      await vm1.run("true");
      const exec = percentiles(await sample(500, () => vm1.run("true")));
      record("sandbox_exec_p50_ms", { value: exec.p50, unit: "ms", target: "≤ 2", ok: exec.p50 <= 2 });
      record("sandbox_exec_p95_ms", { value: exec.p95, unit: "ms" });
    });

    await group(["exec_throughput_mb_s"], undefined, async () => {
      const t = await benchThroughput(lab);
      record("exec_throughput_mb_s", { value: t.mbPerS, unit: "MB/s", note: `10 MB through the framed shell, median of ${t.n}` });
    });

    await group(["snapshot_ms"], undefined, async () => {
      const snap = await benchSnapshot(lab);
      record("snapshot_ms", { value: snap.p50, unit: "ms", target: "≤ 100 (10 namespaces)", ok: snap.p50 <= 100, note: `p95 ${snap.p95} ms, ${snap.namespaces} namespaces in vm1` });
    });

    await group(["trace_overhead_ms"], undefined, async () => {
      const t = await benchTrace(lab);
      record("trace_overhead_ms", { value: t.overhead, unit: "ms", target: "≤ 300", ok: t.overhead <= 300, note: `a bridged ping: ${Math.round(t.bare.p50)} ms bare, ${Math.round(t.traced.p50)} ms traced (p95 ${Math.round(t.traced.p95)}), ${t.packets} packets, n=${t.traced.n}` });
    });

    const sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"].some(existsSync) ? undefined : "no OpenSSH server here (fix: vethbook doctor --fix --tests)";
    await group(["ssh_persistent_p50_ms", "ssh_spawn_p50_ms", "ssh_speedup_x"], sshd, async () => {
      const ssh = await benchSsh(lab);
      record("ssh_persistent_p50_ms", { value: ssh.persistent.p50, unit: "ms", note: `p95 ${ssh.persistent.p95} ms (one ssh process, framed shell)` });
      record("ssh_spawn_p50_ms", { value: ssh.spawn.p50, unit: "ms", note: `p95 ${ssh.spawn.p95} ms (a new ssh process per command)` });
      const speedup = Math.round((ssh.spawn.p50 / ssh.persistent.p50) * 10) / 10;
      record("ssh_speedup_x", { value: speedup, unit: "×", target: "≥ 20", ok: speedup >= 20 });
    });
  } finally {
    await lab.close();
  }

  await group(["export_ms"], undefined, async () => {
    const exp = await benchExport();
    record("export_ms", { value: exp.p50, unit: "ms", target: "≤ 2000 (the course's chapters)", ok: exp.p50 <= 2000, note: exp.note });
  });

  await group(["course_ms"], undefined, async () => {
    const course = await benchCourse();
    record("course_ms", { value: course.ms, unit: "ms", target: "≤ 45000", ok: course.ms <= 45_000, note: `vethbook run --jobs auto of all ${course.chapters} chapters (${availableParallelism()} at a time at most) on fresh sandbox labs, their start-up included, one run` });
  });

  report();
}

function report() {
  const failed = Object.entries(metrics).filter(([, m]) => m.ok === false).map(([k]) => k);
  if (json) {
    const flat: Record<string, unknown> = {};
    for (const [k, m] of Object.entries(metrics)) flat[k] = m.value;
    flat.failed = failed;
    flat.skipped = skipped;
    process.stdout.write(JSON.stringify(flat) + "\n");
  } else {
    log(failed.length ? `\nmissed targets: ${failed.join(", ")}` : "\nall targets met");
  }
  if (failed.length) process.exitCode = 1;
}

await main();
