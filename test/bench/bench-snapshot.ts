// A full snapshot of vm1 holding a 10-namespace lab: ten namespaces on a bridge, each
// with an address, plus Docker's rules.
import type { Lab } from "../../src/targets/connect.js";
import { collectSnapshot } from "../../src/model/snapshot.js";
import { percentiles, sample } from "./stats.js";

export async function benchSnapshot(lab: Lab) {
  const vm1 = await lab.target("vm1");
  const setup = ["ip link add br0 type bridge", "ip link set br0 up"];
  for (let i = 1; i <= 10; i++) {
    setup.push(
      `ip netns add NS${i}`,
      `ip link add v${i}a netns NS${i} type veth peer name v${i}b`,
      `ip link set v${i}b master br0 up`,
      `ip -n NS${i} addr add 11.11.11.${i + 1}/24 dev v${i}a`,
      `ip -n NS${i} link set v${i}a up`,
      `ip -n NS${i} link set lo up`,
    );
  }
  const r = await vm1.run(setup.join(" && "));
  if (r.exitCode !== 0) throw new Error(`snapshot bench setup failed: ${r.stderr}`);
  const first = await collectSnapshot(vm1);
  const stats = percentiles(await sample(30, () => collectSnapshot(vm1)));
  await vm1.run("for i in $(seq 10); do ip netns del NS$i; done; ip link del br0");
  return { ...stats, namespaces: first.namespaces.length - 1 };
}
