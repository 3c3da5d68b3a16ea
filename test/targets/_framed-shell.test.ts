// The framed shell on a real bash (a plain local bash process: nothing here touches a
// network): bytes in order and exactly, markers nobody can fake, streaming, process groups.
import { createHash, randomBytes } from "node:crypto";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { FramedShell, ShellClosedError, shellPrelude } from "../../src/targets/_framed-shell.js";

const shells: FramedShell[] = [];
function bash(): FramedShell {
  const proc = execa("bash", ["--noprofile", "--norc"], { stdin: "pipe", stdout: "pipe", stderr: "pipe", buffer: false, reject: false, env: { PATH: process.env.PATH!, LANG: "C.UTF-8" }, extendEnv: false });
  const shell = new FramedShell(proc, "test bash");
  shells.push(shell);
  return shell;
}
afterEach(async () => {
  await Promise.all(shells.splice(0).map((s) => s.close()));
});

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("FramedShell", () => {
  it("returns stdout, stderr and the exit code of each command, in order", async () => {
    const sh = bash();
    const a = sh.exec("echo one; echo two >&2; exit 3");
    const b = sh.exec("printf 'no newline'");
    expect(await a).toMatchObject({ exitCode: 3 });
    expect((await a).stdout.toString()).toBe("one\n");
    expect((await a).stderr.toString()).toBe("two\n");
    expect((await b).stdout.toString()).toBe("no newline");
    expect((await b).exitCode).toBe(0);
  });

  it("passes binary output through byte for byte, also large", async () => {
    const sh = bash();
    const r = await sh.exec("head -c 1000000 /dev/urandom | tee /tmp/vethbook-fs-test.bin | sha256sum | cut -d' ' -f1 >&2; cat /tmp/vethbook-fs-test.bin; rm -f /tmp/vethbook-fs-test.bin");
    expect(r.stdout.length).toBe(1_000_000);
    expect(sha(r.stdout)).toBe(r.stderr.toString().trim());
  });

  it("leaves record separators and guessed markers in the output untouched, and stays in step", async () => {
    const sh = bash();
    const fake = "\x1eE:1:0\x1espoofed\x1eP:1:99\x1e\x1eREADY\x1e";
    const r = await sh.exec("printf '\\036E:1:0\\036spoofed\\036P:1:99\\036\\036READY\\036'; printf '\\036E:1:0\\036' >&2");
    expect(r.stdout.toString("latin1")).toBe(fake);
    expect(r.stderr.toString("latin1")).toBe("\x1eE:1:0\x1e");
    expect(r.exitCode).toBe(0);
    // the next command's output is its own
    expect((await sh.exec("echo next")).stdout.toString()).toBe("next\n");
  });

  it("keeps a lone record separator at a chunk boundary, and one just before the end marker", async () => {
    const sh = bash();
    const r = await sh.exec("head -c 65535 /dev/zero | tr '\\0' x; printf '\\036'; sleep 0.05; printf 'y\\036'");
    expect(r.stdout.length).toBe(65538);
    expect(r.stdout.subarray(-3).toString("latin1")).toBe("\x1ey\x1e");
  });

  it("cannot be fooled by a command that reads the shell's own function to learn the nonce", async () => {
    const sh = bash();
    const r = await sh.exec("declare -f __vb; type __vb 2>&1; echo done");
    expect(r.stdout.toString()).not.toContain("printf");
    expect(r.stdout.toString()).toContain("done");
  });

  it("streams output as it arrives, before the command ends", async () => {
    const sh = bash();
    const seen: Array<{ at: number; text: string }> = [];
    const t0 = performance.now();
    const r = await sh.exec("for i in 1 2 3; do echo line $i; sleep 0.2; done", { onStdout: (b) => seen.push({ at: performance.now() - t0, text: b.toString() }) });
    expect(seen.map((s) => s.text).join("")).toBe(r.stdout.toString());
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]!.at).toBeLessThan(150);
  });

  it("runs each command in its own process group and reports it", async () => {
    const sh = bash();
    let pid = 0;
    const r = await sh.exec("ps -o pgid= -p $BASHPID; sleep 0.1", { onPid: (p) => (pid = p) });
    expect(pid).toBeGreaterThan(0);
    expect(Number(r.stdout.toString().trim())).toBe(pid);
  });

  it("fails every pending command with ShellClosedError when the shell dies", async () => {
    const sh = bash();
    await sh.exec("true");
    // $$ in the command's subshell is the framed shell itself
    const pending = sh.exec("kill -9 $$; sleep 5");
    await expect(pending).rejects.toBeInstanceOf(ShellClosedError);
    await expect(sh.exec("true")).rejects.toThrow(/the remote shell/);
  });

  it("uses a fresh nonce per shell", () => {
    const a = shellPrelude(randomBytes(12).toString("base64url"));
    expect(a).toContain("unset -f __vb");
  });
});
