// The ssh target against a real OpenSSH server running inside sandbox VM vm3 (reached
// through a ProxyCommand that runs `sshd -i` in the VM's namespaces).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { execa } from "execa";
import { openLab, type Lab } from "../../../src/targets/connect.js";
import { SshConnectError } from "../../../src/targets/ssh/errors.js";
import { sshArgv } from "../../../src/targets/ssh/_ssh-args.js";
import { SshTarget } from "../../../src/targets/ssh/ssh-target.js";
import { sshTargetFor } from "../../../src/targets/ssh/connect-ssh.js";
import { ownLab } from "../../helpers/sandbox.js";
import { describeSshd, sshInsideVm, startLabSshd, type LabSshd } from "../../helpers/sshd.js";

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function connectError(t: SshTarget): Promise<SshConnectError> {
  try {
    await t.run("true", { timeoutMs: 20_000 });
  } catch (e) {
    expect(e).toBeInstanceOf(SshConnectError);
    return e as SshConnectError;
  } finally {
    await t.close();
  }
  throw new Error(`${t.name}: expected the connection to fail`);
}

describeSshd("ssh target against a real sshd in vm3", () => {
  let lab: Lab;
  let sshd: LabSshd;
  let root: SshTarget;
  const etcBefore = { passwd: sha("/etc/passwd"), group: sha("/etc/group"), shadow: sha("/etc/shadow") };

  beforeAll(async () => {
    lab = await ownLab();
    sshd = await startLabSshd(lab, "vm3");
    root = new SshTarget("vm3", sshd.sshOptions());
  }, 120_000);

  afterAll(async () => {
    await root?.close();
    await sshd?.close();
    await lab?.close();
    // Users were added to vm3's private /etc only.
    expect({ passwd: sha("/etc/passwd"), group: sha("/etc/group"), shadow: sha("/etc/shadow") }).toEqual(etcBefore);
  }, 60_000);

  test("key auth, a root shell inside the VM, many commands through one ssh process", async () => {
    const r = await root.run("id -u; hostname; ip -br -4 addr show enp0s8");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^0\ngw\nenp0s8\S*\s+UP\s+192\.168\.50\.254\/24/);
    for (let i = 0; i < 40; i++) expect((await root.run(["echo", `n=${i}`, "$(not evaluated)"])).stdout).toBe(`n=${i} $(not evaluated)\n`);
    const fail = await root.run("echo out; echo err >&2; exit 7");
    expect([fail.exitCode, fail.stdout, fail.stderr]).toEqual([7, "out\n", "err\n"]);
    expect(root.spawnCount).toBe(1);
    expect(root.sshPids).toHaveLength(1);
    expect(await root.hostname()).toBe("gw");
  });

  test("bytes come through ssh exactly: 10 MB of text, 1 MB of random bytes, and output that imitates the framing", async () => {
    const text = await root.run("seq 1 2000000 | head -c 10000000");
    const theirs = (await root.run("seq 1 2000000 | head -c 10000000 | sha256sum")).stdout.split(" ")[0];
    expect(text.stdoutBytes.length).toBe(10_000_000);
    expect(createHash("sha256").update(text.stdoutBytes).digest("hex")).toBe(theirs);
    await root.run("head -c 1000000 /dev/urandom > /run/vethbook/r.bin");
    const bin = await root.run("cat /run/vethbook/r.bin");
    expect(createHash("sha256").update(bin.stdoutBytes).digest("hex")).toBe((await root.run("sha256sum /run/vethbook/r.bin")).stdout.split(" ")[0]);
    const spoof = await root.run("printf '\\036E:2:0\\036spoofed\\036P:2:1\\036'; printf '\\036E:2:0\\036' >&2; exit 5");
    expect([spoof.stdoutBytes.toString("latin1"), spoof.stderrBytes.toString("latin1"), spoof.exitCode]).toEqual(["\x1eE:2:0\x1espoofed\x1eP:2:1\x1e", "\x1eE:2:0\x1e", 5]);
    expect((await root.run("echo in step")).stdout).toBe("in step\n");
  });

  test("an interrupt stops the command's whole process group within a second, over ssh too", async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const running = root.run("ping -i 0.2 8.8.8.8; sleep 60.25", { signal: abort.signal, onStdout: (b) => seen.push(Buffer.from(b).toString()) });
    for (let i = 0; i < 100 && !seen.join("").includes("icmp_seq=2"); i++) await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    abort.abort();
    const r = await running;
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r.interrupted).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.stdout).toContain("--- 8.8.8.8 ping statistics ---");
    expect((await root.run("pgrep -f 'sleep 60[.]25|ping -i 0[.]2' || echo none")).stdout).toBe("none\n");
  });

  test("run(cmd, { netns }) runs inside a named namespace of the VM", async () => {
    await root.run("ip netns add RED && ip -n RED link set lo up");
    try {
      const inside = await root.run("ip -br link", { netns: "RED" });
      expect(inside.stdout.trim().split("\n").map((l) => l.split(/\s+/)[0])).toEqual(["lo"]);
      expect(inside.netns).toBe("RED");
    } finally {
      await root.run("ip netns del RED");
    }
  });

  test("a timeout kills the command, and the shell stays usable", async () => {
    const t0 = performance.now();
    const r = await root.run("sleep 30.5; echo never", { timeoutMs: 400 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect((await root.run("echo still here")).stdout).toBe("still here\n");
    expect((await root.run("pgrep -f 'sleep 30[.]5' || echo none")).stdout).toBe("none\n");
  });

  test("reconnects once when the ssh process died between two commands", async () => {
    await root.run("true");
    // (the command shell's starts: the control shell may open beside a slow command)
    const before = root.shellStarts;
    // Kill every ssh client of the target (the shell's, and the one a timeout opened).
    for (const pid of root.sshPids) process.kill(pid, "SIGKILL");
    // Straight away: the death may not have been noticed yet.
    expect((await root.run("echo back")).stdout).toBe("back\n");
    expect(root.shellStarts).toBe(before + 1);
    // And after it was noticed.
    for (const pid of root.sshPids) process.kill(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    expect((await root.run("echo again")).stdout).toBe("again\n");
    expect(root.shellStarts).toBe(before + 2);
    // The killed connections' sshd and shells went away with them: what is left is one
    // session per live client (the command shell's, and the control shell's if it opened).
    const vm3 = await lab.target("vm3");
    const live = String(root.sshPids.length);
    let sessions = "";
    for (let i = 0; i < 50; i++) {
      sessions = (await vm3.run("pgrep -f 'sshd: root@notty' | wc -l")).stdout.trim();
      if (sessions === live) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(["1", "2"]).toContain(live);
    expect(sessions).toBe(live);
  });

  test("a user who is not root gets a root shell through passwordless sudo", async () => {
    const key = await sshd.addUser("student", { sudo: true });
    const t = new SshTarget("vm3", sshd.sshOptions("student", key));
    try {
      // The root bash's parent is sudo (env -i cleared SUDO_USER and the rest).
      const r = await t.run("id -u; echo $HOME; ps -o comm= -p \"$(ps -o ppid= -p $$ | tr -d ' ')\"");
      expect(r.stdout).toBe("0\n/root\nsudo\n");
      expect(readFileSync(sshd.sshdLog, "utf8")).toMatch(/Accepted publickey for student/);
    } finally {
      await t.close();
    }
    expect(readFileSync("/etc/passwd", "utf8")).not.toMatch(/^student:/m);
  });

  test("a user without sudo: says so and how to grant it", async () => {
    const key = await sshd.addUser("nosudo", { sudo: false });
    const e = await connectError(new SshTarget("vm3", sshd.sshOptions("nosudo", key)));
    expect(e.kind).toBe("sudo-password");
    expect(e.message).toContain("nosudo logged in, but cannot become root without a password");
    expect(e.message).toContain("echo 'nosudo ALL=(ALL) NOPASSWD:ALL' | sudo tee /etc/sudoers.d/vethbook-nosudo");
    expect(e.message).toMatch(/it printed \(exit 1\):\n {2}sudo: a password is required/);
  });

  test("a key the server does not know: names the key and how to install it", async () => {
    const key = await sshd.newKey("stranger");
    const e = await connectError(new SshTarget("vm3", sshd.sshOptions("root", key)));
    expect(e.kind).toBe("auth");
    expect(e.message).toContain(`refused the key for root: ${key} is not in`);
    expect(e.message).toContain(`ssh-copy-id -i ${key}.pub -F /dev/null root@vethbook-vm3`);
    expect(e.message).toContain("root@vethbook-vm3: Permission denied (publickey)");
    expect(e.message).toMatch(/^ran: ssh -T .* -i \S+stranger .* -- vethbook-vm3 <root bash/m);
  });

  test("host keys are checked: a different recorded key fails, naming the file and the fix", async () => {
    const other = await sshd.newKey("not-the-host");
    const kh = `${sshd.dir}/known_hosts.wrong`;
    writeFileSync(kh, `${sshd.host} ${readFileSync(`${other}.pub`, "utf8").split(" ").slice(0, 2).join(" ")}\n`);
    const o = sshd.sshOptions();
    const e = await connectError(new SshTarget("vm3", { ...o, options: { ...o.options, UserKnownHostsFile: kh } }));
    expect(e.kind).toBe("host-key-changed");
    expect(e.message).toContain(`not the one recorded in ${kh} line 1`);
    expect(e.message).toContain(`ssh-keygen -R vethbook-vm3 -f ${kh}`);
  });

  test("host keys are checked: an unknown host fails under BatchMode, with how to record its key", async () => {
    const kh = `${sshd.dir}/known_hosts.empty`;
    writeFileSync(kh, "");
    const o = sshd.sshOptions();
    const e = await connectError(new SshTarget("vm3", { ...o, options: { ...o.options, UserKnownHostsFile: kh } }));
    expect(e.kind).toBe("host-key-unknown");
    expect(e.message).toContain(`the host key of vethbook-vm3 is not in ${kh}`);
    expect(e.message).toContain(`ssh-keyscan -p 22 vethbook-vm3 >> ${kh}`);
    expect(readFileSync(kh, "utf8")).toBe("");
  });

  test("a refused connection and an unreachable address (ssh run from vm1 on the lab switch)", async () => {
    const ssh = await sshInsideVm(lab, "vm1", sshd.dir);
    const base = { user: "root", identityFile: sshd.rootKey, configFile: "/dev/null", sshBinary: ssh, upHint: "`vagrant up vm3`" };
    const refused = await connectError(new SshTarget("vm3", { ...base, host: "192.168.50.254" }));
    expect(refused.kind).toBe("refused");
    expect(refused.message).toContain("192.168.50.254 refused the connection on port 22");
    expect(refused.message).toContain("`vagrant up vm3`");
    const gone = await connectError(new SshTarget("vm3", { ...base, host: "192.168.50.99", connectTimeoutSec: 2 }));
    expect(["unreachable", "timeout"]).toContain(gone.kind);
    expect(gone.message).toContain("192.168.50.99 port 22 cannot be reached");
    expect(gone.message).toContain("is the VM up? `vagrant up vm3`");
  }, 30_000);

  test("through the lab: --target ssh with an ssh_config alias", async () => {
    const o = sshd.sshOptions();
    const config = `${sshd.dir}/ssh_config`;
    writeFileSync(config, [
      `Host vm3-alias`,
      `  HostName ${sshd.host}`,
      `  HostKeyAlias ${sshd.host}`,
      `  User root`,
      `  IdentityFile ${sshd.rootKey}`,
      ...Object.entries(o.options!).map(([k, v]) => `  ${k} ${v}`),
      "",
    ].join("\n"));
    const viaLab = openLab({ target: "ssh", ssh: { vm3: "vm3-alias" }, sshConfig: config });
    try {
      const vm = await viaLab.vm("vm3");
      expect((await vm.sh`hostname`).stdout).toBe("gw\n");
      expect(viaLab.vmNames).toEqual(["vm3"]);
    } finally {
      await viaLab.close();
    }
    await expect(sshTargetFor("vm9", { vm3: "x" }, {})).rejects.toThrow(/no ssh destination for vm9: the ssh map names only vm3; give one as --ssh vm9=root@/);
  });

  test("persistent shell vs one ssh process per command, same sshd", async () => {
    const persistent: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      await root.run("true");
      persistent.push(performance.now() - t0);
    }
    const spawned: number[] = [];
    const o = sshd.sshOptions();
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = await execa("ssh", sshArgv(o, "true"), { reject: false });
      expect(r.exitCode).toBe(0);
      spawned.push(performance.now() - t0);
    }
    console.log(`ssh round trip p50: persistent ${p50(persistent).toFixed(2)} ms, one ssh per command ${p50(spawned).toFixed(1)} ms (${(p50(spawned) / p50(persistent)).toFixed(0)}x)`);
    expect(p50(spawned) / p50(persistent)).toBeGreaterThan(20);
  }, 60_000);
});
