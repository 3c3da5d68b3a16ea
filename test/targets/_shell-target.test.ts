// The part every target shares, through the local target's bash on this machine (harmless
// commands only: echo, sleep, kill of its own children; nothing that touches a network).
import { describe, expect, it } from "vitest";
import { LocalTarget } from "../../src/targets/local.js";

const target = () => new LocalTarget("here", { allowLocal: true });

describe("ShellTarget", () => {
  it("runs a script or an argv (quoted, nothing evaluated) and keeps one shell for all", async () => {
    const t = target();
    try {
      expect((await t.run("echo $((6*7))")).stdout).toBe("42\n");
      expect((await t.run(["echo", "$((6*7))", "a b"])).stdout).toBe("$((6*7)) a b\n");
      const pids = new Set<string>();
      for (let i = 0; i < 5; i++) pids.add((await t.run("echo $$")).stdout);
      expect(pids.size).toBe(1);
    } finally {
      await t.close();
    }
  });

  it("a timeout kills the command and everything it started, and the shell stays usable", async () => {
    const t = target();
    try {
      const r = await t.run("sleep 31.5 & sleep 32.5; wait", { timeoutMs: 300 });
      expect(r).toMatchObject({ timedOut: true, exitCode: null, ok: false, timeoutMs: 300 });
      expect(r.status).toBe("timed out after 300 ms");
      expect((await t.run("pgrep -f 'sleep 3[12].5' || echo none")).stdout).toBe("none\n");
    } finally {
      await t.close();
    }
  });

  it("an interrupt is Ctrl-C for the command's process group: SIGINT first, then SIGKILL for what stays", async () => {
    const t = target();
    try {
      const abort = new AbortController();
      const out: string[] = [];
      const running = t.run("trap 'echo got INT; exit 130' INT; echo ready; sleep 33.5 & wait; echo never", { signal: abort.signal, onStdout: (b) => out.push(Buffer.from(b).toString()) });
      for (let i = 0; i < 100 && !out.join("").includes("ready"); i++) await new Promise((r) => setTimeout(r, 20));
      const t0 = performance.now();
      abort.abort();
      const r = await running;
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(r.interrupted).toBe(true);
      expect(r.stdout).toBe("ready\ngot INT\n");
      expect(r.status).toMatch(/^interrupted after \d+\.\d s$/);
      expect((await t.run("pgrep -f 'sleep 33[.]5' || echo none")).stdout).toBe("none\n");
    } finally {
      await t.close();
    }
  });

  it("an interrupt that comes before the command started still stops it", async () => {
    const t = target();
    try {
      const abort = new AbortController();
      abort.abort();
      const r = await t.run("sleep 34.5", { signal: abort.signal });
      expect(r.interrupted).toBe(true);
      expect(r.durationMs).toBeLessThan(1500);
    } finally {
      await t.close();
    }
  });

  it("reconnects once when its shell died between two commands", async () => {
    const t = target();
    try {
      const first = (await t.run("echo $$")).stdout;
      await t.run("kill -9 $$").catch(() => {});
      const second = await t.run("echo $$");
      expect(second.exitCode).toBe(0);
      expect(second.stdout).not.toBe(first);
    } finally {
      await t.close();
    }
  });

  it("reports a command killed by a signal by the signal's name", async () => {
    const t = target();
    try {
      const r = await t.run("kill -TERM $BASHPID");
      expect(r).toMatchObject({ exitCode: 143, signal: "SIGTERM" });
    } finally {
      await t.close();
    }
  });
});
