import { describe, expect, it } from "vitest";
import { Vm } from "../../src/command/vm.js";
import { onCommand } from "../../src/command/observers.js";
import { CommandError } from "../../src/command/result.js";
import { LocalTarget } from "../../src/targets/local.js";
import { parseDuration } from "../../src/command/duration.js";

// These run in a real bash on this machine (no network changes: echo, exit, sleep).
const vm = new Vm(new LocalTarget("local", { allowLocal: true }));

describe("vm.sh", () => {
  it("resolves with stdout, stderr, exit code and duration", async () => {
    const r = await vm.sh`printf 'out'; printf 'err' >&2`;
    expect(r.stdout).toBe("out");
    expect(r.stderr).toBe("err");
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it("quotes interpolated values", async () => {
    const evil = "$(touch /tmp/vethbook-should-not-exist); echo pwned";
    const r = await vm.sh`printf %s ${evil}`;
    expect(r.stdout).toBe(evil);
  });

  it("throws a CommandError that says what ran, where and what it printed", async () => {
    const err = await vm.sh`echo nope >&2; exit 3`.catch((e) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain("`echo nope >&2; exit 3` on local exited with code 3");
    expect(err.message).toContain("nope");
  });

  it("nothrow() resolves with the failure instead", async () => {
    const r = await vm.sh`exit 4`.nothrow();
    expect(r.exitCode).toBe(4);
    expect(r.ok).toBe(false);
  });

  it("timeout() kills the command and everything it started, and the shell stays usable", async () => {
    const t0 = Date.now();
    const err = await vm.sh`sleep 30 & sleep 30; echo never`.timeout("300ms").catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err.result.timedOut).toBe(true);
    expect(err.message).toMatch(/timed out after 300 ms/);
    expect((await vm.sh`echo alive`).text()).toBe("alive");
  });

  it("tells observers about every command, marking quiet ones", async () => {
    const seen: Array<[string, boolean]> = [];
    const off = onCommand((e) => seen.push([e.result.command, e.quiet]));
    await vm.sh`true`;
    await vm.sh`true # quiet`.quiet();
    off();
    expect(seen).toEqual([["true", false], ["true # quiet", true]]);
  });

  it("refuses settings chained after the command started", async () => {
    const p = vm.sh`true`;
    await p;
    expect(() => p.nothrow()).toThrow(/already started/);
  });

  it("reads durations", () => {
    expect(parseDuration("5s")).toBe(5000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("2m")).toBe(120000);
    expect(() => parseDuration("soon")).toThrow(/500ms, 5s, 2m/);
  });
});
