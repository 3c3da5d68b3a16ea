// The live trace against a real sandbox lab: chapter 2's bridged ping dropped by Docker's
// FORWARD policy, then let through; chapter 4's DNAT from vm2; IPv6 across br0; a trace
// inside a namespace. And what matters most: no TRACE rule (and no raw table it made) is
// left behind when the action fails, times out or is interrupted.
import { afterAll, beforeAll, expect, it } from "vitest";
import { interrupt } from "../../src/command/interrupt.js";
import { onCommandLive } from "../../src/command/observers.js";
import { CommandError, InterruptedError } from "../../src/command/result.js";
import type { Vm } from "../../src/command/vm.js";
import { trace, TraceTimeoutError, walkOf } from "../../src/model/trace.js";
import { endsWith, passed, rewrites } from "../../src/model/walk-query.js";
import type { Lab } from "../../src/targets/connect.js";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";

describeSandbox("trace(): a packet's walk, live in the sandbox", () => {
  let lab: Lab;
  let vm1: Vm;
  let vm2: Vm;
  let red: Vm;
  /** Every TRACE rule on vm1 and in RED, and whether a raw table exists (the lab starts without one). */
  const leftovers = async () => (await vm1.sh`{ iptables-save; ip6tables-save; ip netns exec RED iptables-save; } | grep -c -- '-j TRACE' || true; nft list tables | grep -c raw || true`.quiet()).stdout.split("\n").slice(0, 2).map(Number);

  beforeAll(async () => {
    lab = await ownLab();
    vm1 = await lab.vm("vm1");
    vm2 = await lab.vm("vm2");
    red = vm1.netns("RED");
    await vm1.sh`set -e
ip netns add RED; ip netns add BLUE
ip link add reth0 netns RED type veth peer name reth1
ip link add beth0 netns BLUE type veth peer name beth1
ip link add br0 type bridge
ip link set reth1 master br0; ip link set beth1 master br0
ip -n RED addr add 11.11.11.2/24 dev reth0; ip -n BLUE addr add 11.11.11.3/24 dev beth0
ip -n RED addr add fd00:11::2/64 dev reth0 nodad; ip -n BLUE addr add fd00:11::3/64 dev beth0 nodad
ip -n RED link set reth0 up; ip -n BLUE link set beth0 up; ip -n RED link set lo up
ip link set reth1 up; ip link set beth1 up; ip link set br0 up`.quiet();
    expect(await leftovers()).toEqual([0, 0]);
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it("follows chapter 2's ping across br0 to Docker's FORWARD policy DROP, with the match read from the ping", async () => {
    const walk = await trace(vm1, () => red.sh`ping -c 1 -W 1 11.11.11.3`.nothrow().quiet());
    expect(walk.result.exitCode).not.toBe(0);
    expect(walk.source).toBe("xtables-monitor");
    expect(walk.rules.every((r) => r.spec.includes("11.11.11.3/32") && r.spec.includes("-p icmp"))).toBe(true);
    expect(walk.packets).toHaveLength(1);
    const p = walk.packets[0]!;
    expect(p.bridge).toMatchObject({ name: "br0", physin: "reth1", physout: "beth1", bridged: true });
    expect(passed(walk, { table: "filter", chain: "DOCKER-USER", verdict: "RETURN" })).toBe(true);
    expect(passed(walk, { table: "filter", chain: "DOCKER-ISOLATION-STAGE-1" })).toBe(true);
    expect(endsWith(walk, "DROP", { table: "filter", chain: "FORWARD", policy: true })).toBe(true);
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("with a rule in DOCKER-USER, the request and its reply are both accepted there (a match given)", async () => {
    await vm1.sh`iptables -I DOCKER-USER -j ACCEPT`.quiet();
    try {
      const walk = await trace(vm1, () => red.sh`ping -c 1 -W 1 11.11.11.3`.quiet(), { match: { protocol: "icmp", host: "11.11.11.3" } });
      expect(walk.packets.map((p) => p.direction)).toEqual(["request", "reply"]);
      for (const direction of ["request", "reply"] as const) {
        expect(endsWith(walk, "ACCEPT", { direction, table: "filter", chain: "DOCKER-USER", rule: "-j ACCEPT" })).toBe(true);
      }
    } finally {
      await vm1.sh`iptables -D DOCKER-USER -j ACCEPT`.quiet();
    }
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("follows chapter 4's DNAT of a curl from vm2: the reply is traced too, from the DNAT target", async () => {
    await vm1.sh`set -e
mkdir -p /tmp/vb-www; echo hello-from-red > /tmp/vb-www/index.html
(ip netns exec RED busybox httpd -f -p 80 -h /tmp/vb-www </dev/null >/dev/null 2>&1 &)
ip addr add 11.11.11.1/24 dev br0; ip -n RED route add default via 11.11.11.1
iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80
iptables -A FORWARD -o br0 -d 11.11.11.2 -p tcp --dport 80 -j ACCEPT
iptables -A FORWARD -i br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
sleep 0.2`.quiet();
    const walk = await trace(vm1, () => vm2.sh`curl -sS -m 3 http://192.168.50.10:8088/`.quiet());
    expect(walk.result.stdout).toContain("hello-from-red");
    const dnat = rewrites(walk).find((r) => r.by === "DNAT");
    expect(dnat).toMatchObject({ direction: "request", hook: "PREROUTING", field: "dst", before: "192.168.50.10:8088", after: "11.11.11.2:80" });
    expect(walk.packets.some((p) => p.direction === "reply" && p.first.src === "11.11.11.2:80")).toBe(true);
    expect(endsWith(walk, "ACCEPT", { table: "filter", chain: "FORWARD", rule: "--dport 80" })).toBe(true);
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("traces IPv6 with ip6tables (neighbour discovery left out unless asked for)", async () => {
    await vm1.sh`ip6tables -A FORWARD -i br0 -j ACCEPT`.quiet();
    const walk = await trace(vm1, () => red.sh`ping -6 -c 1 -W 1 fd00:11::3`.nothrow().quiet(), { neighbourDiscovery: false });
    expect(walk.rules.every((r) => r.family === "ipv6")).toBe(true);
    expect(walk.packets.length).toBeGreaterThan(0);
    expect(walk.packets.every((p) => p.family === "ipv6" && p.kind === "data")).toBe(true);
    expect(walk.packets[0]!.first).toEqual({ src: "fd00:11::2", dst: "fd00:11::3" });
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("traces inside a namespace: RED's own netfilter sees its ping leave through OUTPUT", async () => {
    const walk = await trace(red, () => red.sh`ping -c 1 -W 1 11.11.11.3`.nothrow().quiet());
    expect(walk.tracedOn).toBe("vm1 (netns RED)");
    expect(walk.packets[0]?.hooks[0]?.hook).toBe("OUTPUT");
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("takes away the TRACE rules of a trace that was killed before it could (its folder is gone)", async () => {
    await vm1.sh`iptables -t raw -A PREROUTING -p icmp -m comment --comment vethbook-trace-deadbeef -j TRACE`.quiet();
    const walk = await trace(vm1, () => red.sh`ping -c 1 -W 1 11.11.11.3`.nothrow().quiet());
    expect(walk.warnings).toContain("removed 1 TRACE rule an earlier trace left behind (it was killed before it could)");
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("removes its rules when the action throws, and the error is the action's", async () => {
    const failing = trace(vm1, () => red.sh`ping -c 1 -W 1 11.11.11.3`.quiet());
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    // what it sent is walked all the same
    expect(walkOf(error)?.packets[0]?.final).toMatchObject({ verdict: "DROP", chain: "FORWARD", policy: true });
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("removes its rules when the action times out, at once, beside the action still running", async () => {
    const started = performance.now();
    const slow = trace(vm1, () => red.sh`ping -c 8 -i 0.25 -W 1 11.11.11.3`.nothrow().quiet(), { timeoutMs: 600 });
    await expect(slow).rejects.toBeInstanceOf(TraceTimeoutError);
    expect(performance.now() - started).toBeLessThan(1800);
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);

  it("removes its rules when the action is interrupted", async () => {
    let stop: () => void = () => {};
    const seen = new Promise<void>((resolve) => (stop = onCommandLive({ start: (e) => { if (e.command.startsWith("ping")) resolve(); } })));
    const running = trace(vm1, () => red.sh`ping -c 20 -i 0.2 11.11.11.3`.quiet());
    await seen;
    stop();
    await new Promise((r) => setTimeout(r, 300));
    await interrupt();
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    expect(await leftovers()).toEqual([0, 0]);
  }, 60_000);
});
