// What ssh and sudo print, as OpenSSH 9.2 and sudo 1.9 print it (the integration tests in
// ssh-target.test.ts meet the real thing; these pin the wording of each message).
import { describe, expect, test } from "vitest";
import { explainSshFailure, parseSshG } from "../../../src/targets/ssh/errors.js";

const base = { target: "vm1 (ssh)", destination: "vagrant@127.0.0.1:2222", ran: "ssh -T ... 127.0.0.1", upHint: "`vagrant up vm1`" };
const resolved = parseSshG("user vagrant\nhostname 127.0.0.1\nport 2222\nidentityfile ~/.ssh/id_ed25519\nuserknownhostsfile ~/.ssh/known_hosts ~/.ssh/known_hosts2\nstricthostkeychecking ask\n");

describe("explainSshFailure", () => {
  test("connection refused names the address and port ssh tried", () => {
    const e = explainSshFailure({ ...base, exitCode: 255, resolved, stderr: "ssh: connect to host 10.0.0.5 port 2200: Connection refused\r\n" });
    expect(e.kind).toBe("refused");
    expect(e.message).toMatch(/^vm1 \(ssh\): cannot open a shell on vagrant@127\.0\.0\.1:2222: 10\.0\.0\.5 refused the connection on port 2200: nothing listens there\.\nfix: is the VM up and its sshd running\? `vagrant up vm1`/);
    expect(e.message).toContain("ran: ssh -T ... 127.0.0.1\nit printed (exit 255):\n  ssh: connect to host 10.0.0.5 port 2200: Connection refused");
  });

  test.each([
    ["ssh: connect to host 192.168.50.10 port 22: No route to host", "unreachable"],
    ["ssh: connect to host 192.168.50.10 port 22: Connection timed out", "timeout"],
    ["ssh: connect to host 192.168.50.10 port 22: Network is unreachable", "unreachable"],
  ])("%s", (stderr, kind) => {
    const e = explainSshFailure({ ...base, exitCode: 255, stderr });
    expect(e.kind).toBe(kind);
    expect(e.message).toContain("192.168.50.10 port 22 cannot be reached");
    expect(e.message).toContain("fix: is the VM up? `vagrant up vm1`");
  });

  test("unknown name", () => {
    const e = explainSshFailure({ ...base, exitCode: 255, stderr: "ssh: Could not resolve hostname vm1: Name or service not known" });
    expect(e.kind).toBe("unresolved");
  });

  test("permission denied names the keys tried and how to install one", () => {
    const e = explainSshFailure({ ...base, exitCode: 255, resolved, stderr: "vagrant@127.0.0.1: Permission denied (publickey)." });
    expect(e.kind).toBe("auth");
    expect(e.message).toContain("refused the key for vagrant: ~/.ssh/id_ed25519 is not in ~vagrant/.ssh/authorized_keys");
    expect(e.message).toContain("`ssh-copy-id -i ~/.ssh/id_ed25519.pub -p 2222 vagrant@127.0.0.1`");
  });

  test("changed host key: the offending line and ssh-keygen -R for a non-default port", () => {
    const stderr = [
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
      "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
      "Offending ED25519 key in /root/.ssh/known_hosts:3",
      "Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.",
      "Host key verification failed.",
    ].join("\n");
    const e = explainSshFailure({ ...base, exitCode: 255, resolved, stderr });
    expect(e.kind).toBe("host-key-changed");
    expect(e.message).toContain("not the one recorded in /root/.ssh/known_hosts line 3");
    expect(e.message).toContain("`ssh-keygen -R '[127.0.0.1]:2222' -f /root/.ssh/known_hosts`");
    expect(e.message).not.toContain("@@@@");
  });

  test("unknown host key under BatchMode", () => {
    const e = explainSshFailure({ ...base, exitCode: 255, resolved, stderr: "Host key verification failed." });
    expect(e.kind).toBe("host-key-unknown");
    expect(e.message).toContain("is not in ~/.ssh/known_hosts or ~/.ssh/known_hosts2");
    expect(e.message).toContain("ssh-keyscan -p 2222 127.0.0.1 >> ~/.ssh/known_hosts");
    expect(e.message).toContain("or connect once with `ssh -p 2222 vagrant@127.0.0.1` and answer yes");
  });

  test.each([
    ["sudo: a password is required", "sudo-password", "echo 'vagrant ALL=(ALL) NOPASSWD:ALL' | sudo tee /etc/sudoers.d/vethbook-vagrant"],
    ["sh: 1: exec: sudo: not found", "sudo-missing", "apt-get install sudo"],
    ["bash: line 1: exec: sudo: not found", "sudo-missing", "apt-get install sudo"],
    ["sudo: sorry, you must have a tty to run sudo", "sudo-tty", "Defaults:vagrant !requiretty"],
  ])("%s", (stderr, kind, fix) => {
    const e = explainSshFailure({ ...base, exitCode: 1, resolved, stderr });
    expect(e.kind).toBe(kind);
    expect(e.message).toContain(fix);
  });

  test("anything else: the exit code, what it printed, and ssh -v", () => {
    const e = explainSshFailure({ ...base, exitCode: 3, stderr: "something odd" });
    expect(e.kind).toBe("other");
    expect(e.message).toContain("ssh failed (exit 3) before the remote shell started");
    expect(e.message).toContain("`ssh -v -p 2222 vagrant@127.0.0.1`");
  });
});
