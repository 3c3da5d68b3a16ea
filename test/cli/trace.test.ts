// `vethbook trace` as a user runs it, against a real detached sandbox lab recorded in a
// private state folder: the walk as text, as JSON (the typed walk), as SVG; no TRACE rule
// left behind; and the --match words.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMatchArg } from "../../src/cli/trace.js";
import { CHAPTER2_BRIDGE, describeSandbox } from "../helpers/sandbox.js";

const cli = join(import.meta.dirname, "../../dist/src/cli/index.js");
const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-cli-trace-")), NO_COLOR: "1" };
const vethbook = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: "utf8", timeout: 60_000 });

describe("--match", () => {
  it("reads a protocol, addresses and ports, in any order, with spaces or commas", () => {
    expect(parseMatchArg("tcp 192.168.50.10 8088")).toEqual({ protocol: "tcp", host: ["192.168.50.10"], port: [8088] });
    expect(parseMatchArg("icmp,fd00:11::3")).toEqual({ protocol: "icmp", host: ["fd00:11::3"] });
    expect(parseMatchArg("port=80 udp")).toEqual({ protocol: "udp", port: [80] });
    expect(() => parseMatchArg("tcp docker1")).toThrow(/"docker1" is not a protocol/);
  });
});

describe("vethbook trace, used wrongly", () => {
  it("needs the command after --, and one output format", () => {
    const none = vethbook("trace", "vm1");
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("give the command after --");
    const both = vethbook("trace", "vm1", "--svg", "--json", "--", "true");
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--svg and --json: choose one");
  }, 30_000);
});

describeSandbox("vethbook trace, with a lab up", () => {
  beforeAll(() => {
    const up = vethbook("lab", "up");
    expect(up.status, up.stderr).toBe(0);
    const setup = vethbook("exec", "vm1", "--", "bash", "-c", CHAPTER2_BRIDGE);
    expect(setup.status, setup.stderr).toBe(0);
  }, 120_000);
  afterAll(() => {
    vethbook("lab", "down");
  });

  const noTraceRules = () => {
    const r = vethbook("exec", "vm1", "--", "bash", "-c", "{ iptables-save; ip6tables-save; } | grep -c -- '-j TRACE' || true");
    return r.stdout.trim();
  };

  it("--json prints the typed walk: the bridged ping, dropped by the FORWARD policy", () => {
    const r = vethbook("trace", "vm1", "--netns", "RED", "--json", "--", "ping", "-c1", "-W1", "11.11.11.3");
    expect(r.status, r.stderr).toBe(0);
    const walk = JSON.parse(r.stdout);
    expect(walk.source).toBe("xtables-monitor");
    expect(walk.tracedOn).toBe("vm1");
    expect(walk.command).toMatchObject({ command: "ping -c1 -W1 11.11.11.3", exitCode: 1 });
    expect(walk.packets).toHaveLength(1);
    expect(walk.packets[0].bridge).toMatchObject({ name: "br0", physin: "reth1", physout: "beth1" });
    expect(walk.packets[0].final).toMatchObject({ verdict: "DROP", table: "filter", chain: "FORWARD", policy: true });
    expect(walk.rules.length).toBeGreaterThan(0);
    // the ping's own output went to stderr, so stdout is the walk alone
    expect(r.stderr).toContain("1 packets transmitted, 0 received");
    expect(noTraceRules()).toBe("0");
  }, 60_000);

  it("prints the walk as text by default and as SVG with --svg; --match scopes it", () => {
    const text = vethbook("trace", "vm1", "--netns", "RED", "--match", "icmp 11.11.11.3", "--", "ping", "-c1", "-W1", "11.11.11.3");
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("filter:FORWARD");
    expect(text.stdout).toMatch(/✕ DROP: dropped by filter:FORWARD policy/);
    const svg = vethbook("trace", "vm1", "--netns", "RED", "--svg", "--", "ping", "-c1", "-W1", "11.11.11.3");
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout).toMatch(/^<svg[^>]* class="vb-walk"/);
    expect(noTraceRules()).toBe("0");
  }, 60_000);

  it("says what to give when the command's traffic cannot be read from it", () => {
    const r = vethbook("trace", "vm1", "--", "true");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("give { match:");
    expect(r.stdout).toContain("traced with");
  }, 60_000);
});
