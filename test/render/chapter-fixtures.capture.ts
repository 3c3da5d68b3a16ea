// Captures the chapter-state fixtures behind issue 14's render tests. Opt-in:
//   CAPTURE=1 npx vitest run --config test/vitest.config.ts test/render/chapter-fixtures.capture.ts
// On vm1/vm2 of a private sandbox lab it replays, with real commands:
// - chapter 1 §2-§4: a veth pair with both ends in the VM, then each end moved into RED/BLUE
//   (ch1-s2.topology.json; ch1-s4-diff.json = { topology, changes } between the two looks);
// - chapter 1's lab with BLUE deleted (ch1-del-blue-diff.json: a namespace and its cable gone);
// - chapter 4's port forwarding: the counters each `show.counters` step of the chapter shows
//   (ch4-counters.json: [{ step, table?, before, after, deltas }], vm1's own namespace).
import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { buildTopology, collectSnapshot, counterDeltas, diffSnapshots } from "../../src/model/index.js";
import type { Snapshot } from "../../src/model/types.js";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";

const out = (name: string) => new URL(`../fixtures/render/${name}`, import.meta.url);
const save = (name: string, value: unknown) => writeFileSync(out(name), JSON.stringify(value, null, 1) + "\n");
const own = (s: Snapshot) => s.namespaces.find((n) => n.name === "")!.iptables;

describeSandbox("capture chapter-state fixtures", () => {
  it("captures chapter 1 §2-§4, a deleted namespace, and chapter 4's counters", { timeout: 600_000 }, async () => {
    const lab = await ownLab();
    try {
      const vm1 = await lab.vm("vm1");
      const vm2 = await lab.vm("vm2");
      const snap = () => collectSnapshot(vm1.target);

      // Chapter 1 §2: `ip link add veth0 type veth peer name veth1`, both ends in the VM.
      await vm1.script("set -e\nip link add veth0 type veth peer name veth1");
      const s2 = await snap();
      save("ch1-s2.topology.json", buildTopology(s2));
      // §3-§4: two namespaces, each end moved into one.
      await vm1.script("set -e\nip netns add RED; ip netns add BLUE\nip link set veth0 netns RED\nip link set veth1 netns BLUE");
      const s4 = await snap();
      save("ch1-s4-diff.json", { topology: buildTopology(s4), changes: diffSnapshots(s2, s4) });
      // The rest of chapter 1 (up, addresses), then BLUE deleted.
      await vm1.script(`set -e
ip -n RED link set veth0 up; ip -n BLUE link set veth1 up; ip -n RED link set lo up; ip -n BLUE link set lo up
ip -n RED addr add 11.11.11.2/24 dev veth0; ip -n BLUE addr add 11.11.11.3/24 dev veth1
ip netns exec RED ping -c1 -W1 11.11.11.3 >/dev/null; sleep 1`);
      const full = await snap();
      await vm1.script("set -e\nip netns del BLUE\nfor i in $(seq 20); do ip -n RED link show veth0 >/dev/null 2>&1 || break; sleep 0.1; done");
      const gone = await snap();
      save("ch1-del-blue-diff.json", { topology: buildTopology(gone), changes: diffSnapshots(full, gone) });
      await vm1.script("ip netns del RED; true");

      // Chapter 4: RED and BLUE on br0 behind vm1, web servers inside, port forwarding from vm2.
      await vm1.script(`set -e
ip netns add RED; ip netns add BLUE
ip link add reth0 netns RED type veth peer name reth1
ip link add beth0 netns BLUE type veth peer name beth1
ip link add br0 type bridge
ip link set reth1 master br0; ip link set beth1 master br0
ip addr add 11.11.11.1/24 dev br0
ip -n RED addr add 11.11.11.2/24 dev reth0; ip -n BLUE addr add 11.11.11.3/24 dev beth0
ip -n RED link set reth0 up; ip link set reth1 up; ip -n BLUE link set beth0 up; ip link set beth1 up; ip link set br0 up
ip -n RED route add default via 11.11.11.1; ip -n BLUE route add default via 11.11.11.1
mkdir -p /tmp/vethbook-www/RED /tmp/vethbook-www/BLUE
echo "Hello from RED (11.11.11.2)" > /tmp/vethbook-www/RED/index.html
echo "Hello from BLUE (11.11.11.3)" > /tmp/vethbook-www/BLUE/index.html
ip netns exec RED setsid python3 -m http.server 80 --directory /tmp/vethbook-www/RED </dev/null >/dev/null 2>&1 &
ip netns exec BLUE setsid python3 -m http.server 80 --directory /tmp/vethbook-www/BLUE </dev/null >/dev/null 2>&1 &
for i in $(seq 50); do curl -s -m 1 http://11.11.11.2 >/dev/null && curl -s -m 1 http://11.11.11.3 >/dev/null && break; sleep 0.2; done`);
      const steps: { step: string; table?: string; before: unknown; after: unknown; deltas: unknown }[] = [];
      const counted = async (step: string, action: () => PromiseLike<unknown>, table?: string) => {
        const before = await snap();
        await action();
        const after = await snap();
        const deltas = counterDeltas(before, after).filter((d) => d.namespace === "" && (!table || d.table === table));
        steps.push({ step, ...(table ? { table } : {}), before: own(before), after: own(after), deltas });
      };
      await vm1.sh`iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80`;
      await counted("dropped", () => vm2.sh`curl -sS -m 2 http://192.168.50.10:8088`.nothrow());
      await vm1.sh`iptables -t filter -A FORWARD -o br0 -d 11.11.11.2 -p tcp --dport 80 -j ACCEPT`;
      await vm1.sh`iptables -t filter -A FORWARD -i br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`;
      await counted("allowed", () => vm2.sh`curl -sS -m 2 http://192.168.50.10:8088`.nothrow());
      await vm1.sh`iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8089 -j DNAT --to-destination 11.11.11.3:80`;
      await vm1.sh`iptables -t filter -A FORWARD -o br0 -d 11.11.11.3 -p tcp --dport 80 -j ACCEPT`;
      await vm2.sh`ip route add 11.11.11.0/24 via 192.168.50.10`;
      await counted("pingIn", () => vm2.sh`ping -c 1 -W 1 11.11.11.2`.nothrow(), "filter");
      await vm2.sh`ip route del 11.11.11.0/24 via 192.168.50.10`;
      await vm1.sh`iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -p tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80`;
      await counted("fromSelf", () => vm1.sh`curl -sS -m 2 http://192.168.50.10:8088`.nothrow(), "nat");
      await vm1.sh`iptables -t nat -A OUTPUT -d 127.0.0.1/32 -p tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80`;
      await vm1.sh`sysctl -w net.ipv4.conf.all.route_localnet=1`;
      await vm1.sh`iptables -t nat -A POSTROUTING -s 127.0.0.1/32 -o br0 -j MASQUERADE`;
      await counted("viaLoopback", () => vm1.sh`curl -sS -m 2 http://127.0.0.1:8088`.nothrow(), "nat");
      save("ch4-counters.json", steps);
    } finally {
      await lab.close();
    }
  });
});
