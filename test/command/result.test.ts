// One result type: bytes and text, how it ended in words, and the error that carries it.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CommandError, CommandResult, signalName } from "../../src/command/result.js";

const base = { target: "vm1", command: "cat capture.pcap", durationMs: 3200 };

describe("CommandResult", () => {
  it("keeps the exact bytes, and decodes them as UTF-8 for text", () => {
    const bytes = Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0x0a, 0xff]);
    const r = new CommandResult({ ...base, exitCode: 0, stdout: bytes, stderr: "héllo\n" });
    expect(r.stdoutBytes.equals(bytes)).toBe(true);
    expect(r.stderrBytes.equals(Buffer.from("héllo\n"))).toBe(true);
    expect(r.stderr).toBe("héllo\n");
    expect(r.stdout).toBe(bytes.toString("utf8"));
  });

  it("reads text as lines and JSON, and says whose output was not JSON", () => {
    const r = new CommandResult({ ...base, netns: "RED", exitCode: 0, stdout: "a\nb\n", stderr: "" });
    expect(r.lines()).toEqual(["a", "b"]);
    expect(r.text()).toBe("a\nb");
    expect(() => r.json()).toThrow(/output of `cat capture.pcap` on vm1 netns RED is not JSON/);
    expect(new CommandResult({ ...base, exitCode: 0, stdout: '{"up":true}', stderr: "" }).json()).toEqual({ up: true });
  });

  it("says how it ended in a few words, and shows as one line when it ends a cell", () => {
    const ok = new CommandResult({ ...base, exitCode: 0, stdout: "12345", stderr: "" });
    expect(ok.status).toBe("exit 0");
    expect(inspect(ok)).toBe("CommandResult(vm1: exit 0, 5 bytes out, 3200 ms)");
    expect(new CommandResult({ ...base, exitCode: null, stdout: "", stderr: "", timedOut: true, timeoutMs: 500 }).status).toBe("timed out after 500 ms");
    expect(new CommandResult({ ...base, exitCode: 0, stdout: "", stderr: "", interrupted: true }).status).toBe("interrupted after 3.2 s");
    expect(new CommandResult({ ...base, exitCode: null, signal: "SIGTERM", stdout: "", stderr: "" }).status).toBe("killed by SIGTERM");
  });

  it("is ok only for exit 0 that was neither timed out nor interrupted", () => {
    expect(new CommandResult({ ...base, exitCode: 0, stdout: "", stderr: "" }).ok).toBe(true);
    expect(new CommandResult({ ...base, exitCode: 0, stdout: "", stderr: "", interrupted: true }).ok).toBe(false);
    expect(new CommandResult({ ...base, exitCode: 1, stdout: "", stderr: "" }).ok).toBe(false);
  });

  it("names signals", () => {
    expect(signalName(2)).toBe("SIGINT");
    expect(signalName(15)).toBe("SIGTERM");
    expect(signalName(64)).toBeNull();
  });
});

describe("CommandError", () => {
  it("says what ran, where, how it ended and what it printed", () => {
    const e = new CommandError(new CommandResult({ ...base, netns: "BLUE", exitCode: 2, stdout: "partial", stderr: "cat: capture.pcap: No such file or directory\n" }));
    expect(e.message).toBe("`cat capture.pcap` on vm1 netns BLUE exited with code 2\nstderr:\ncat: capture.pcap: No such file or directory\nstdout:\npartial");
    expect([e.exitCode, e.command, e.target]).toEqual([2, "cat capture.pcap", "vm1"]);
    const interrupted = new CommandError(new CommandResult({ ...base, exitCode: 0, stdout: "", stderr: "", interrupted: true }));
    expect(interrupted.message).toBe("`cat capture.pcap` on vm1 was interrupted after 3.2 s");
  });
});
