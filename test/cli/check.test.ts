// `vethbook check`: a learner in a shell prepares an exercise, works on the lab with
// `vethbook exec`, and grades it; the exit code says passed (0) or not yet (1).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";

const cli = join(import.meta.dirname, "../../dist/src/cli/index.js");
const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-check-")), NO_COLOR: "1" };
const vethbook = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: "utf8", timeout: 120_000 });

describe("vethbook check, without a lab", () => {
  it("names what it does not know", () => {
    const r = vethbook("check", "09");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no exercises for chapter "09" (there are: 01, 02, 03, 04, 05, 06');
    const e = vethbook("check", "02", "nope");
    expect(e.status).toBe(2);
    expect(e.stderr).toContain('chapter 02 has no exercise "nope" (it has: icmp-only, whole-bridge)');
  });

  it("prints a solution for the facilitator without touching a lab", () => {
    const r = vethbook("check", "3", "blue-only", "--solution");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Exercise 3.1 — A way out for BLUE alone\nvm1$ iptables -t nat -A POSTROUTING -s 11.11.11.3/32 -o enp0s3 -j MASQUERADE");
  });
});

describeSandbox("vethbook check on a lab", () => {
  beforeAll(() => {
    const r = vethbook("lab", "up");
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => {
    vethbook("lab", "down");
  });

  it("--setup needs one exercise", () => {
    const r = vethbook("check", "02", "--setup");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--setup prepares one exercise: name it (chapter 02 has: icmp-only, whole-bridge)");
  });

  it("prepares an exercise, says not yet with what it saw, then passes once the work is done", () => {
    const setup = vethbook("check", "02", "icmp-only", "--setup");
    expect(setup.status, setup.stderr).toBe(0);
    expect(setup.stdout).toContain("Exercise 2.1 — Ping, from RED only");
    expect(setup.stdout).toContain("shell: vethbook check 02 icmp-only");

    const untouched = vethbook("check", "02", "icmp-only");
    expect(untouched.status).toBe(1);
    expect(untouched.stdout).toContain("✘ not yet · Exercise 2.1");
    expect(untouched.stdout).toContain("RED's echo request never reached BLUE: filter FORWARD policy DROP had the last word on it");
    expect(untouched.stdout).toContain("✘ RED pings BLUE (11.11.11.3): no reply");
    expect(untouched.stdout).toContain("hints:");

    expect(vethbook("exec", "vm1", "--", "iptables", "-I", "DOCKER-USER", "-j", "ACCEPT").status).toBe(0);
    const tooWide = vethbook("check", "2", "1");
    expect(tooWide.status).toBe(1);
    expect(tooWide.stdout).toContain("your rule allows more than ICMP");
    expect(vethbook("exec", "vm1", "--", "iptables", "-D", "DOCKER-USER", "-j", "ACCEPT").status).toBe(0);

    for (const line of vethbook("check", "02", "icmp-only", "--solution").stdout.split("\n").filter((l) => l.startsWith("vm1$ "))) {
      expect(vethbook("exec", "vm1", "--", ...line.slice(5).split(" ")).status, line).toBe(0);
    }
    const done = vethbook("check", "02", "icmp-only");
    expect(done.status, done.stdout).toBe(0);
    expect(done.stdout).toContain("✔ passed · Exercise 2.1");

    // The whole chapter: one passed, one not yet.
    const chapter = vethbook("check", "02");
    expect(chapter.status).toBe(1);
    expect(chapter.stdout).toContain("chapter 02: 1 of 2 passed");
  }, 240_000);
});
