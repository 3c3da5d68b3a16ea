import { describe, expect, it } from "vitest";
import { parseSnapshotOutput, splitSections } from "../../src/model/snapshot.js";
import { MARK, snapshotScript } from "../../src/model/_snapshot-script.js";
import { snapshotFixture } from "./fixture.js";

const sec = (name: string, ns = "") => `${MARK}VB ${name} =${ns}${MARK}\n`;

describe("parseSnapshotOutput", () => {
  it("reads the chapter-2 lab: vm1 itself, then BLUE and RED", () => {
    const s = snapshotFixture("ch2");
    expect(s).toMatchObject({ vm: "vm1", hostname: "docker1" });
    expect(s.warnings).toBeUndefined();
    expect(s.namespaces.map((n) => n.name)).toEqual(["", "BLUE", "RED"]);
    const [root, blue, red] = s.namespaces;
    expect(root!.nsid).toBeUndefined();
    expect(red!.nsid).toBeTypeOf("number");
    expect(blue!.nsid).not.toBe(red!.nsid);
    expect(root!.links.map((l) => l.name)).toEqual(["lo", "enp0s8", "enp0s3", "docker0", "reth1", "beth1", "br0"]);
    expect(red!.links.find((l) => l.name === "reth0")!.addresses.map((a) => `${a.address}/${a.prefixlen}`)).toContain("11.11.11.2/24");
    expect(root!.sysctls["net.ipv4.ip_forward"]).toBe("1");
    expect(root!.sysctls["net.bridge.bridge-nf-call-iptables"]).toBe("1");
    expect(red!.sysctls["net.ipv4.ip_forward"]).toBe("0");
    expect(root!.iptables.tables.map((t) => t.name)).toEqual(["filter", "nat"]);
    expect(red!.iptables.tables).toEqual([]);
    expect(root!.routes.some((r) => r.dst === "default" && r.gateway === "10.0.2.2")).toBe(true);
    expect(root!.fdb.some((e) => e.master === "br0")).toBe(true);
    expect(red!.nsids).toEqual([{ nsid: 0 }]);
  });

  it("reads ten namespaces", () => {
    const s = snapshotFixture("ten-ns");
    expect(s.namespaces.map((n) => n.name)).toEqual(["", "ns01", "ns02", "ns03", "ns04", "ns05", "ns06", "ns07", "ns08", "ns09", "ns10"]);
  });

  it("reads Docker's containers as namespaces named by the container, after the named ones", () => {
    const s = snapshotFixture("docker");
    expect(s.warnings).toBeUndefined();
    expect(s.namespaces.map((n) => [n.name, n.container])).toEqual([["", undefined], ["blue", true], ["red", true]]);
    const red = s.namespaces.find((n) => n.name === "red")!;
    expect(red.links.map((l) => l.name)).toEqual(["lo", "eth0"]);
    expect(red.links[1]!.addresses.map((a) => `${a.address}/${a.prefixlen}`)).toEqual(["172.17.0.2/16"]);
    expect(red.routes.some((r) => r.dst === "default" && r.gateway === "172.17.0.1")).toBe(true);
    expect(red.neighbours.map((n) => n.dst)).toContain("172.17.0.3");
    // entered with nsenter alone, a container is not read for a bridge fdb it cannot have
    expect(red.fdb).toEqual([]);
  });

  it("leaves out a container named like a namespace, and says so", () => {
    const out = `${sec("hostname")}h\n${sec("netns")}red\n${sec("containers")}red\n${sec("ip")}[]\n[]\n[]\n[]\n${sec("ip", "red")}[]\n[]\n[]\n[]\n${sec("ip", "@red")}[]\n[]\n[]\n[]\n`;
    const s = parseSnapshotOutput(out, "vm1");
    expect(s.namespaces.map((n) => [n.name, n.container])).toEqual([["", undefined], ["red", undefined]]);
    expect(s.warnings).toEqual(["container red left out: a namespace of that name is already there"]);
  });

  it("skips a container that stopped while the snapshot ran, with a warning", () => {
    const out = `${sec("hostname")}h\n${sec("netns")}${sec("containers")}red\n${sec("ip")}[]\n[]\n[]\n[]\n${sec("exec", "@red")}${MARK}RC 1${MARK}\nnsenter: cannot open /proc/4242/ns/net: No such file or directory\n`;
    const s = parseSnapshotOutput(out, "vm1");
    expect(s.namespaces.map((n) => n.name)).toEqual([""]);
    expect(s.warnings).toEqual(["container red vanished while the snapshot was taken"]);
  });

  it("keeps a failing section's exit code and stderr apart from its output", () => {
    const out = `${sec("hostname")}h\n${sec("netns")}${sec("iptables")}${MARK}RC 127${MARK}\nbash: iptables-save: command not found\n${sec("link")}[]\n`;
    const secs = splitSections(out);
    expect(secs.map((s) => [s.name, s.exitCode])).toEqual([["hostname", 0], ["netns", 0], ["iptables", 127], ["link", 0]]);
    expect(secs[2]!.stderr).toContain("command not found");
    expect(secs[2]!.stdout).toBe("");
  });

  it("warns when ip6tables is missing, fails when ip fails", () => {
    const base = `${sec("hostname")}h\n${sec("netns")}${sec("link")}[]\n${sec("route")}[]\n${sec("neigh")}[]\n`;
    const s = parseSnapshotOutput(`${base}${sec("ip6tables")}${MARK}RC 127${MARK}\nip6tables-save: not found\n`, "vm9");
    expect(s.warnings).toEqual(["`ip6tables-save -c` failed on vm9 (exit 127): ip6tables-save: not found"]);
    expect(s.namespaces[0]!.ip6tables).toEqual({ family: "ipv6", tables: [] });
    const bad = `${sec("hostname")}h\n${sec("netns")}${sec("link")}${MARK}RC 1${MARK}\nip: oops\n${sec("route")}[]\n${sec("neigh")}[]\n`;
    expect(() => parseSnapshotOutput(bad, "vm9")).toThrow("`ip -j -d addr show` failed on vm9 (exit 1): ip: oops");
  });

  it("skips a namespace deleted while the snapshot ran, with a warning", () => {
    const root = `${sec("ip")}[]\n[]\n[]\n[]\n`;
    const out = `${sec("hostname")}h\n${sec("netns")}GONE\nRED\n${root}${sec("exec", "GONE")}${MARK}RC 255${MARK}\nCannot open network namespace "GONE": No such file or directory\n${sec("ip", "RED")}[]\n[]\n[]\n[]\n`;
    const s = parseSnapshotOutput(out, "vm1");
    expect(s.namespaces.map((n) => n.name)).toEqual(["", "RED"]);
    expect(s.warnings).toEqual(["netns GONE vanished while the snapshot was taken"]);
  });

  it("says so when ip -batch printed fewer arrays than asked for", () => {
    const out = `${sec("hostname")}h\n${sec("netns")}${sec("ip")}[]\n[]\n`;
    expect(() => parseSnapshotOutput(out, "vm1")).toThrow(/`ip -j -d -batch -`.*printed 2 lines, expected 4/);
  });

  it("names the namespace when a section's output is bad", () => {
    const out = `${sec("hostname")}h\n${sec("netns")}RED\n${sec("link")}[]\n${sec("route")}[]\n${sec("neigh")}[]\n${sec("link", "RED")}[]\n${sec("route", "RED")}nope\n${sec("neigh", "RED")}[]\n`;
    expect(() => parseSnapshotOutput(out, "vm1")).toThrow(/`ip -j route show table all \(in netns RED\)`: not JSON/);
  });

  it("is one script, with no interpolation left for bash to trip on", () => {
    const s = snapshotScript();
    expect(s).toContain("ip netns exec");
    expect(s).toContain("nsenter -t");
    expect(s).not.toMatch(/\\\$\{/);
  });
});
