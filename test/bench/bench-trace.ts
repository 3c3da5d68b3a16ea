// What a packet trace adds to the action it wraps: chapter 2's bridged ping (let through by a
// DOCKER-USER rule, so it is answered at once), timed bare and inside trace(), interleaved so
// both see the same load. The overhead is the difference of the medians.
import type { Lab } from "../../src/targets/connect.js";
import { trace } from "../../src/model/trace.js";
import { percentiles } from "./stats.js";

export async function benchTrace(lab: Lab) {
  const vm1 = (await lab.vm("vm1")).with({ quiet: true });
  await vm1.sh`set -e
ip netns add BRED; ip netns add BBLUE
ip link add breth0 netns BRED type veth peer name breth1
ip link add bbeth0 netns BBLUE type veth peer name bbeth1
ip link add bbr0 type bridge
ip link set breth1 master bbr0 up; ip link set bbeth1 master bbr0 up; ip link set bbr0 up
ip -n BRED addr add 11.11.12.2/24 dev breth0; ip -n BBLUE addr add 11.11.12.3/24 dev bbeth0
ip -n BRED link set breth0 up; ip -n BBLUE link set bbeth0 up
iptables -I DOCKER-USER -i bbr0 -j ACCEPT`;
  const red = vm1.netns("BRED");
  const ping = () => red.sh`ping -c 1 -W 1 11.11.12.3`;
  try {
    await ping();
    await trace(vm1, ping); // the first trace opens the side shell
    const bare: number[] = [];
    const traced: number[] = [];
    let packets = 0;
    for (let i = 0; i < 15; i++) {
      let t = performance.now();
      await ping();
      bare.push(performance.now() - t);
      t = performance.now();
      const walk = await trace(vm1, ping);
      traced.push(performance.now() - t);
      packets = walk.packets.length;
    }
    const b = percentiles(bare);
    const w = percentiles(traced);
    return { overhead: Math.round(w.p50 - b.p50), bare: b, traced: w, packets };
  } finally {
    await vm1.sh`iptables -D DOCKER-USER -i bbr0 -j ACCEPT; ip netns del BRED; ip netns del BBLUE; ip link del bbr0`.nothrow();
  }
}
