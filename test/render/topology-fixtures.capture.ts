// Captures the topology fixtures the render tests draw. Opt-in:
//   CAPTURE=1 npx vitest run --config test/vitest.config.ts test/render/topology-fixtures.capture.ts
// Builds the course's labs on vm1 of a private sandbox, takes real snapshots
// (src/model collectSnapshot -> buildTopology / diffSnapshots) and writes JSON under
// test/fixtures/render/ so the render snapshots do not move when the model's code does.
import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { buildTopology, collectSnapshot, counterDeltas, diffSnapshots } from "../../src/model/index.js";
import type { Snapshot } from "../../src/model/types.js";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";

const out = (name: string) => new URL(`../fixtures/render/${name}`, import.meta.url);
const save = (name: string, value: unknown) => writeFileSync(out(name), JSON.stringify(value, null, 1) + "\n");

const onBridge = (names: string[], prefix = "11.11") => names.map((n, i) => `
ip netns add ${n}
ip link add ${n}-in netns ${n} type veth peer name ${n}-br
ip link set ${n}-br master br0 up
ip -n ${n} addr add ${prefix}.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 2}/16 dev ${n}-in
ip -n ${n} link set ${n}-in up; ip -n ${n} link set lo up`).join("\n");

describeSandbox("capture topology fixtures", () => {
  it("captures chapter 1, chapter 2, 10 and 40 namespaces, and a diff", { timeout: 300_000 }, async () => {
    const lab = await ownLab();
    try {
      const vm1 = await lab.vm("vm1");
      const snap = () => collectSnapshot(vm1.target);
      const reset = () => vm1.script("for n in $(ip netns list | cut -d' ' -f1); do ip netns del $n; done; ip link del br0 2>/dev/null; docker rm -f web >/dev/null 2>&1; true");

      // Chapter 1: RED and BLUE, one veth pair, no bridge.
      await vm1.script(`set -e
ip netns add RED; ip netns add BLUE
ip link add veth0 netns RED type veth peer name veth1 netns BLUE
ip -n RED addr add 11.11.11.2/24 dev veth0; ip -n BLUE addr add 11.11.11.3/24 dev veth1
ip -n RED link set veth0 up; ip -n BLUE link set veth1 up; ip -n RED link set lo up
# operstate follows a moment after "set up" (the kernel linkwatch): let it settle.
ip netns exec RED ping -c1 -W1 11.11.11.3 >/dev/null; sleep 1`);
      save("ch1.topology.json", buildTopology(await snap()));
      await reset();

      // Chapter 2/3: RED and BLUE on br0 (11.11.11.1), a Docker container on docker0.
      await vm1.script(`set -e
ip netns add RED; ip netns add BLUE
ip link add br0 type bridge; ip link set br0 up
ip link add reth0 netns RED type veth peer name reth1
ip link add beth0 netns BLUE type veth peer name beth1
ip link set reth1 master br0 up; ip link set beth1 master br0 up
ip -n RED addr add 11.11.11.2/24 dev reth0; ip -n RED link set reth0 up; ip -n RED link set lo up
ip -n BLUE addr add 11.11.11.3/24 dev beth0; ip -n BLUE link set beth0 up; ip -n BLUE link set lo up
ip netns exec RED ping -c1 -W1 11.11.11.3 >/dev/null || true
docker run -d --name web -p 8080:80 busybox httpd -f -p 80 >/dev/null; sleep 1`);
      const before: Snapshot = await snap();
      save("ch2.topology.json", buildTopology(before));
      save("ch2-red.tables.json", {
        neighbours: before.namespaces.find((n) => n.name === "RED")!.neighbours,
        routes: before.namespaces.find((n) => n.name === "RED")!.routes,
        hostRoutes: before.namespaces.find((n) => n.name === "")!.routes,
        fdb: before.namespaces.find((n) => n.name === "")!.fdb,
      });
      // The diff of chapter 3's first cells: br0 gets an address, RED a default route;
      // plus a new namespace GREEN and BLUE's cable set down, so every highlight shows.
      await vm1.script(`set -e
ip addr add 11.11.11.1/24 dev br0
ip -n RED route add default via 11.11.11.1
ip -n BLUE link set beth0 down
${onBridge(["GREEN"], "11.11").replace("11.11.0.4/16", "11.11.11.4/24")}
iptables -I DOCKER-USER -j ACCEPT
ip netns exec RED ping -c2 -W1 11.11.11.3 >/dev/null || true
ip netns exec RED ping -c1 -W1 11.11.11.4 >/dev/null || true; sleep 1`);
      const after = await snap();
      save("ch3-diff.json", { topology: buildTopology(after), changes: diffSnapshots(before, after) });
      save("ch2-counters.json", {
        before: before.namespaces.find((n) => n.name === "")!.iptables,
        after: after.namespaces.find((n) => n.name === "")!.iptables,
        deltas: counterDeltas(before, after),
      });
      await reset();

      for (const n of [10, 40]) {
        await vm1.script(`set -e\nip link add br0 type bridge; ip link set br0 up\n${onBridge(Array.from({ length: n }, (_, i) => `ns${i + 1}`))}`, { timeoutMs: 120_000 });
        await vm1.sh`sleep 1`;
        save(`ns${n}.topology.json`, buildTopology(await snap()));
        await reset();
      }
    } finally {
      await lab.close();
    }
  });
});
