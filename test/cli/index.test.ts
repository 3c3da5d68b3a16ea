// The `vethbook` command as a user runs it, against a real detached sandbox lab
// recorded in a private state folder (so a lab the user has up is never touched).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";

const cli = join(import.meta.dirname, "../../dist/src/cli/index.js");
const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-cli-")), NO_COLOR: "1" };
const shellWords = (words: string[]) => words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(" ");
const vethbook = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: "utf8", timeout: 60_000 });

describe("vethbook --help", () => {
  it("lists every command with examples", () => {
    const r = vethbook("--help");
    expect(r.status).toBe(0);
    for (const cmd of ["lab", "exec", "doctor"]) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain("vethbook exec vm1 -- ip -br addr");
  });

  it("an unknown command says so and shows usage", () => {
    const r = vethbook("lab", "sideways");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/sideways/);
  });
});

describeSandbox("vethbook doctor and privileges", () => {
  it("doctor finds what the lab needs on this machine", () => {
    const r = vethbook("doctor");
    expect(r.status, r.stdout).toBe(0);
    for (const tool of ["ip", "iptables", "dockerd", "busybox", "tcpdump", "conntrack", "br_netfilter", "veth+bridge"]) {
      expect(r.stdout).toMatch(new RegExp(`✔ ${tool.replace("+", "\\+")}\\s`));
    }
    expect(r.stdout).toMatch(/✔ mode\s+root: /);
    expect(r.stdout).toContain("this machine can run the sandbox lab");
  }, 30_000);

  it("with neither root's privileges nor subordinate ids, lab up says so and how to fix either, and makes nothing", () => {
    // Every capability dropped, but still the files' owner: wherever the checkout lives (a
    // 0700 mktemp folder too), the CLI can be read and meets the missing privilege itself.
    // uid 0 without capabilities gets the rootless mode, which it cannot have either.
    const r = spawnSync("setpriv", ["--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--", process.execPath, cli, "lab", "up"], { env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("the sandbox needs either root (CAP_NET_ADMIN and CAP_SYS_ADMIN: sudo npx vethbook lab up) or a user namespace of root's own, which this machine forbids: ");
    // (with no capability at all, not even its own uid map may be written)
    expect(r.stderr).toMatch(/forbids: (\/etc\/subuid gives root no range|unshare --user --map-root-user failed: .*uid_map)/);
    expect(vethbook("lab", "status").stdout).toContain("no lab is up");
  });
});

describeSandbox("vethbook exec", () => {
  it("before `lab up` says to run it", () => {
    const r = vethbook("exec", "vm1", "--", "true");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("run `vethbook lab up` first");
  });

  it("before `lab up`, a VM the lab does not have is named as such, with the ones it has", () => {
    const r = vethbook("exec", "vm9", "--", "ls");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown VM "vm9": the lab has vm1 (docker1), vm2 (docker2), vm3 (gw)');
    expect(r.stderr).not.toContain("lab up");
  });

  describe("with a lab up", () => {
    beforeAll(() => {
      const r = vethbook("lab", "up");
      expect(r.status, r.stderr).toBe(0);
    }, 60_000);
    afterAll(() => {
      vethbook("lab", "down");
    });

    it("prints the command's output and passes its exit code through", () => {
      const ok = vethbook("exec", "vm1", "--", "ip", "-4", "-br", "addr", "show", "enp0s8");
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/^enp0s8\S*\s+UP\s+192\.168\.50\.10\/24/);
      const bad = vethbook("exec", "vm2", "--", "sh", "-c", "echo to-stderr >&2; exit 42");
      expect(bad.status).toBe(42);
      expect(bad.stderr).toContain("to-stderr");
    });

    it("passes arguments after -- literally, with no shell evaluation", () => {
      const r = vethbook("exec", "vm1", "--", "printf", "%s|", "$(hostname)", "`id`", "a;b", "x y", "*");
      expect(r.stdout).toBe("$(hostname)|`id`|a;b|x y|*|");
    });

    it("a timeout exits non-zero, says timeout, and the VM stays usable", () => {
      const r = vethbook("exec", "vm3", "--timeout", "1", "--", "sleep", "30");
      expect(r.status).toBe(124);
      expect(r.stderr).toMatch(/timeout/);
      expect(vethbook("exec", "vm3", "--", "hostname").stdout.trim()).toBe("gw");
    });

    it("runs inside a named namespace with --netns", () => {
      expect(vethbook("exec", "vm1", "--", "ip", "netns", "add", "CLITEST").status).toBe(0);
      const r = vethbook("exec", "vm1", "--netns", "CLITEST", "--", "ip", "-br", "link");
      expect(r.stdout.trim()).toMatch(/^lo\s+DOWN/);
      vethbook("exec", "vm1", "--", "ip", "netns", "del", "CLITEST");
    });

    it("an unknown VM names the ones that exist", () => {
      const r = vethbook("exec", "vm7", "--", "true");
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('unknown VM "vm7": the lab has vm1 (docker1), vm2 (docker2), vm3 (gw)');
    });

    it("forgetting -- gets a clear hint", () => {
      const r = vethbook("exec", "vm1");
      expect(r.stderr).toContain("give the command after --");
    });

    it("show iptables prints the familiar -nvL shape, plain when not a terminal", () => {
      const r = vethbook("show", "iptables", "vm1", "--chain", "FORWARD");
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Chain FORWARD \(policy DROP \d+ packets, \d+ bytes\)\n pkts bytes target/);
      expect(r.stdout).toContain("DOCKER-USER");
      expect(r.stdout).not.toContain("\x1b[");
      const nat = vethbook("show", "iptables", "vm1", "--table", "nat");
      expect(nat.stdout).toContain("MASQUERADE");
      expect(vethbook("show", "iptables", "vm1", "--chain", "NOPE").stderr).toContain("no chain NOPE in table filter");
    });

    it("show topology draws an SVG and a text twin; snapshot prints JSON", () => {
      const svg = vethbook("show", "topology", "vm2", "--svg");
      expect(svg.stdout).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.stdout).toContain("docker2");
      expect(vethbook("show", "topology", "vm2").stdout).toMatch(/enp0s8\s+veth\s+UP\s+192\.168\.50\.20\/24/);
      const gw = JSON.parse(vethbook("snapshot", "vm3", "--json").stdout);
      expect(gw.hostname).toBe("gw");
      expect(gw.namespaces[0].iptables.tables).toEqual([]); // no Docker, no rules on the gateway
      const docker1 = JSON.parse(vethbook("snapshot", "vm1", "--json").stdout);
      expect(docker1.namespaces[0].iptables.tables.map((t: { name: string }) => t.name)).toEqual(["filter", "nat"]);
    });

    it("delivers all of a large output to a pipe, byte for byte, text and binary", () => {
      // 10 MB of text and 1 MB of random bytes, against the VM's own figures.
      const pipe = (script: string) => spawnSync("bash", ["-c", `${shellWords([process.execPath, cli, "exec", "vm1", "--"])} ${script}`], { env, encoding: "utf8", timeout: 60_000 });
      const text = "seq 1 2000000 | head -c 10000000";
      const there = vethbook("exec", "vm1", "--", "bash", "-c", `${text} | wc -c; ${text} | sha256sum`).stdout.split("\n");
      const here = pipe(`bash -c '${text}' | tee >(wc -c >&2) | sha256sum`);
      expect(here.stderr.trim()).toBe(there[0]!.trim());
      expect(here.stdout.split(" ")[0]).toBe(there[1]!.split(" ")[0]);
      expect(Number(there[0])).toBe(10_000_000);
      vethbook("exec", "vm1", "--", "bash", "-c", "head -c 1000000 /dev/urandom > /run/vethbook/r.bin");
      const binThere = vethbook("exec", "vm1", "--", "sha256sum", "/run/vethbook/r.bin").stdout.split(" ")[0];
      const binHere = pipe("cat /run/vethbook/r.bin | tee >(wc -c >&2) | sha256sum");
      expect(binHere.stderr.trim()).toBe("1000000");
      expect(binHere.stdout.split(" ")[0]).toBe(binThere);
      const raw = spawnSync(process.execPath, [cli, "exec", "vm1", "--", "cat", "/run/vethbook/r.bin"], { env, timeout: 60_000 });
      expect(createHash("sha256").update(raw.stdout).digest("hex")).toBe(binThere);
    }, 120_000);

    it("exits quietly, with 0, when the reader goes away early", () => {
      const r = spawnSync("bash", ["-c", `set -o pipefail; ${shellWords([process.execPath, cli, "exec", "vm1", "--", "seq", "1", "10000000"])} | head -1`], { env, encoding: "utf8", timeout: 60_000 });
      expect(r.stdout).toBe("1\n");
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });

    it("output that imitates the framing comes back unchanged, and the shell stays in step", () => {
      const r = spawnSync(process.execPath, [cli, "exec", "vm1", "--", "printf", "\\036E:3:0\\036spoofed\\036E:1:0\\036"], { env, timeout: 30_000 });
      expect(r.stdout.toString("latin1")).toBe("\x1eE:3:0\x1espoofed\x1eE:1:0\x1e");
      expect(vethbook("exec", "vm1", "--", "echo", "next").stdout).toBe("next\n");
    });

    it("Ctrl-C interrupts the command in the VM, which prints its summary; nothing of it is left", async () => {
      const child = spawn(process.execPath, [cli, "exec", "vm1", "--", "ping", "-i", "0.2", "8.8.8.8"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (c) => (out += c));
      child.stderr.on("data", (c) => (err += c));
      await new Promise<void>((resolve) => child.stdout.on("data", () => /icmp_seq=2/.test(out) && resolve()));
      const t = performance.now();
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(performance.now() - t).toBeLessThan(1000);
      expect(code).toBe(130);
      expect(out).toMatch(/--- 8\.8\.8\.8 ping statistics ---/);
      expect(err).toMatch(/interrupted: `ping -i 0\.2 8\.8\.8\.8` on vm1 after \d+\.\d s/);
      expect(vethbook("exec", "vm1", "--", "pgrep", "-x", "ping").status).toBe(1);
    });

    it("lab status shows the live addresses", () => {
      const r = vethbook("lab", "status");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/vm3\s+gw\s+192\.168\.50\.254\/24/);
    });
  });
});
