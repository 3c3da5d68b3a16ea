// The `vethbook` command as a user runs it, against a real detached sandbox lab
// recorded in a private state folder (so a lab the user has up is never touched).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSandbox } from "./helpers/sandbox.js";

const cli = join(import.meta.dirname, "../dist/src/cli.js");
const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-cli-")), NO_COLOR: "1" };
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
    expect(r.stdout).toContain("this machine can run the sandbox lab");
  });

  it("without root, lab up says so and how to fix it, and makes nothing", () => {
    const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, cli, "lab", "up"], { env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("the sandbox needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)");
    expect(r.stderr).toContain("sudo npx vethbook lab up");
    expect(vethbook("lab", "status").stdout).toContain("no lab is up");
  });
});

describeSandbox("vethbook exec", () => {
  it("before `lab up` says to run it", () => {
    const r = vethbook("exec", "vm1", "--", "true");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("run `vethbook lab up` first");
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

    it("lab status shows the live addresses", () => {
      const r = vethbook("lab", "status");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/vm3\s+gw\s+192\.168\.50\.254\/24/);
    });
  });
});
