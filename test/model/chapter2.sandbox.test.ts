// End to end in the sandbox: the chapter-2 lab (RED and BLUE on br0) seen through a
// snapshot, its topology, and the counters that moved when a ping was dropped, then let
// through by a DOCKER-USER rule. Also times a full snapshot of a 10-namespace vm1.
import { afterAll, beforeAll, expect, it } from "vitest";
import { counterDeltas, describeDelta } from "../../src/model/counters.js";
import { describeChange, diffSnapshots } from "../../src/model/diff.js";
import { collectSnapshot } from "../../src/model/snapshot.js";
import { buildTopology } from "../../src/model/topology.js";
import type { Vm } from "../../src/command/vm.js";
import type { Lab } from "../../src/targets/connect.js";
import { CHAPTER2_BRIDGE, describeSandbox, ownLab } from "../helpers/sandbox.js";

describeSandbox("chapter 2 in the sandbox: snapshot, topology, counters", () => {
  let lab: Lab;
  let vm1: Vm;

  beforeAll(async () => {
    lab = await ownLab();
    vm1 = await lab.vm("vm1");
    await vm1.script(CHAPTER2_BRIDGE);
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it("draws RED and BLUE, br0, the two cables and the two ports", async () => {
    const t = buildTopology(await collectSnapshot(vm1.target));
    expect(t.hostname).toBe("docker1");
    expect(t.nodes.filter((n) => n.kind !== "bridge").map((n) => n.id)).toEqual(["ns:", "ns:BLUE", "ns:RED"]);
    expect(t.nodes.filter((n) => n.kind === "bridge").map((n) => n.id).sort()).toEqual(["br:/br0", "br:/docker0"]);
    expect(t.edges.map((e) => `${e.kind} ${e.a} ${e.b}`)).toEqual([
      "port /beth1 br:/br0",
      "port /reth1 br:/br0",
      "veth /beth1 BLUE/beth0",
      "veth /reth1 RED/reth0",
    ]);
    expect(t.interfaces.find((i) => i.id === "RED/reth0")!.addresses).toContain("11.11.11.2/24");
    expect(t.interfaces.find((i) => i.id === "BLUE/beth0")!.addresses).toContain("11.11.11.3/24");
  });

  it("a ping RED -> BLUE is dropped, and the FORWARD policy DROP is what counted it", async () => {
    const before = await collectSnapshot(vm1.target);
    const ping = await vm1.netns("RED").sh`ping -c 1 -W 1 11.11.11.3`.nothrow();
    expect(ping.exitCode).not.toBe(0);
    const deltas = counterDeltas(before, await collectSnapshot(vm1.target));
    const policy = deltas.find((d) => d.table === "filter" && d.chain === "FORWARD" && d.num === undefined);
    expect(policy, deltas.map(describeDelta).join("\n")).toMatchObject({ namespace: "", family: "ipv4", target: "DROP" });
    expect(policy!.packets).toBeGreaterThanOrEqual(1);
    expect(deltas.some((d) => d.target === "ACCEPT")).toBe(false);
  });

  it("after `iptables -I DOCKER-USER -j ACCEPT` the ping gets through, and that rule is what counted it", async () => {
    await vm1.sh`iptables -I DOCKER-USER -j ACCEPT; ip -n RED neigh flush all`;
    const before = await collectSnapshot(vm1.target);
    expect(diffSnapshots(before, before)).toEqual([]);
    const ping = await vm1.netns("RED").sh`ping -c 1 -W 2 11.11.11.3`.nothrow();
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
    const after = await collectSnapshot(vm1.target);
    const deltas = counterDeltas(before, after);
    const rule = deltas.find((d) => d.chain === "DOCKER-USER" && d.num === 1);
    expect(rule, deltas.map(describeDelta).join("\n")).toMatchObject({ table: "filter", spec: "-j ACCEPT", target: "ACCEPT" });
    expect(rule!.packets).toBeGreaterThanOrEqual(2); // request and reply
    expect(deltas.some((d) => d.chain === "FORWARD" && d.num === undefined)).toBe(false);
    // The ping taught RED's ARP table BLUE's address.
    const changes = diffSnapshots(before, after).filter((c) => c.what === "neighbour" && c.namespace === "RED").map(describeChange);
    expect(changes.join("\n")).toMatch(/11\.11\.11\.3 dev reth0/);
  });

  it("snapshots a 10-namespace vm1 in one round trip", async () => {
    await vm1.sh`set -e
for i in 1 2 3 4 5 6 7 8; do
  ip netns add ns$i
  ip link add v$i netns ns$i type veth peer name h$i
  ip link set h$i master br0 up
  ip -n ns$i addr add 11.11.12.$i/24 dev v$i
  ip -n ns$i link set v$i up
done`;
    const times: number[] = [];
    let snap = await collectSnapshot(vm1.target);
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      snap = await collectSnapshot(vm1.target);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`snapshot_ms (10 namespaces + vm1, median of ${times.length}): ${median.toFixed(1)} (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)})`);
    expect(snap.namespaces.length).toBe(11);
    expect(buildTopology(snap).edges.filter((e) => e.kind === "veth").length).toBe(10);
    // How fast: snapshot_ms in the benchmark (target 100 ms), not a bound here.
  });
});
