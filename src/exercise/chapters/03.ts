// Chapter 3's exercises: source NAT for exactly one namespace, and a route instead of NAT.
import { decidedBy, describeCounter, type Checker } from "../checker.js";
import { onVm1, RESET } from "../steps.js";
import { textOf } from "../_outcomes.js";
import type { CounterDelta } from "../../model/types.js";
import type { ChapterExercises, Step } from "../types.js";
import { BRIDGED } from "./02.js";

/** Chapter 3 up to its step 5: br0 has 11.11.11.1, DOCKER-USER accepts, and (optionally)
 *  both namespaces have their default route. */
function hostAndBridge(defaultRoutes: boolean): Step[] {
  return [
    ...BRIDGED,
    ...onVm1("ip addr add 11.11.11.1/24 dev br0", "iptables -I DOCKER-USER -j ACCEPT"),
    ...(defaultRoutes ? onVm1("ip -n RED route add default via 11.11.11.1", "ip -n BLUE route add default via 11.11.11.1") : []),
  ];
}

/** A nat POSTROUTING rule that rewrote a source (MASQUERADE or SNAT) and counted. */
function sourceNat(deltas: CounterDelta[]): CounterDelta | undefined {
  return deltas.find((d) => d.table === "nat" && d.chain === "POSTROUTING" && d.namespace === "" && (d.target === "MASQUERADE" || d.target === "SNAT"));
}

export const chapter03: ChapterExercises = {
  chapter: "03",
  title: "Beyond the switch: the host, and the internet",
  predictions: [
    {
      id: "internet",
      question: "RED has a default route via 11.11.11.1, and DOCKER-USER accepts whatever the host forwards. RED pings 8.8.8.8 — with no NAT rule yet. What happens?",
      choices: ["a reply comes back", "the request leaves vm1, but no reply comes back", "RED says: Network is unreachable"],
      observe(value) {
        const seen = textOf(value);
        if (/echo reply/.test(seen)) return "a reply comes back";
        if (/ICMP echo request/.test(seen)) return "the request leaves vm1, but no reply comes back";
        return "RED says: Network is unreachable";
      },
      explain: "With its default route RED can send, and the host forwards the request out of enp0s3 — with source 11.11.11.2, an address that exists only behind vm1's bridge. Nobody outside knows the way back to it.",
    },
  ],
  exercises: [
    {
      id: "blue-only",
      title: "A way out for BLUE alone",
      task:
        "Give **BLUE** a way out to the internet (8.8.8.8 must answer its ping) **without masquerading RED**: RED keeps its default route and its packets are still forwarded out, " +
        "but they leave with RED's own address, as in step 6 — so RED's ping to 8.8.8.8 still gets no reply.",
      start: "Chapter 3 up to step 5: br0 has 11.11.11.1, RED and BLUE have their default route via it, DOCKER-USER accepts what the host forwards, and there is no NAT rule yet.",
      setup: hostAndBridge(true),
      hints: [
        "Step 7 masqueraded the whole subnet with `-s 11.11.11.0/24`. A source can be a single address.",
        "Say which way out it applies to (`-o enp0s3`): without it, the rule would also rewrite BLUE's packets to RED on the bridge.",
      ],
      solution: onVm1("iptables -t nat -A POSTROUTING -s 11.11.11.3/32 -o enp0s3 -j MASQUERADE"),
      wrong: [
        { name: "the whole subnet", steps: onVm1("iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE"), hint: "masquerades RED as well" },
        { name: "the wrong way out", steps: onVm1("iptables -t nat -A POSTROUTING -s 11.11.11.3/32 -o br0 -j MASQUERADE"), hint: "no nat POSTROUTING rule rewrote it" },
        { name: "RED cut off instead", steps: onVm1("iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE", "ip -n RED route del default"), hint: "RED has lost its default route" },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const red = await c.vm("vm1", "RED");
        const blue = await c.vm("vm1", "BLUE");
        const blueOut = await c.counted(vm1, () => c.ping(blue, "8.8.8.8", "BLUE pings 8.8.8.8"));
        if (!blueOut.result) {
          const nat = sourceNat(blueOut.deltas);
          c.need(false, nat
            ? `${describeCounter(nat)} rewrote BLUE's packet, yet no reply came back: does BLUE still have its default route via 11.11.11.1?`
            : "BLUE's ping to 8.8.8.8 got no reply: no nat POSTROUTING rule rewrote it, so it left vm1 with BLUE's own address 11.11.11.3 and the answer has no way back");
        }
        const redWay = await c.routeTo(red, "8.8.8.8");
        c.note("RED: ip route get 8.8.8.8", redWay ?? "no route", !!redWay?.includes("via 11.11.11.1"));
        c.need(redWay?.includes("via 11.11.11.1"), "RED has lost its default route via 11.11.11.1: the task is to leave RED un-masqueraded, not cut off — put the route back");
        const redOut = await c.counted(vm1, () => c.ping(red, "8.8.8.8", "RED pings 8.8.8.8", { expect: false }));
        const masq = sourceNat(redOut.deltas);
        c.note("nat rule that rewrote RED's ping", masq ? describeCounter(masq) : "none", !masq);
        c.need(!masq && !redOut.result, masq ? `BLUE gets out, but ${describeCounter(masq)} masquerades RED as well (it counted RED's ping): name BLUE's address alone` : "RED reaches 8.8.8.8 too: something rewrites its source");
        const verdict = decidedBy(redOut.deltas);
        c.note("filter verdict on RED's ping", verdict ? describeCounter(verdict) : "none", verdict?.target === "ACCEPT");
        c.need(verdict?.target === "ACCEPT", `RED's ping is no longer forwarded (${verdict ? describeCounter(verdict) : "no FORWARD rule counted it"}): the task is to leave RED un-masqueraded, not blocked`);
      },
      passed: "BLUE's ping to 8.8.8.8 is masqueraded and answered; RED's is still forwarded, untranslated, and gets no reply.",
    },
    {
      id: "route-to-vm2",
      title: "A route, not a default route, and no NAT",
      task:
        "Let **RED** ping **vm2** (192.168.50.20) — with a route to the private network 192.168.50.0/24 only, **not** a default route (RED must still find 8.8.8.8 unreachable), " +
        "and **without NAT**: vm2 must see RED's own address, 11.11.11.2. You may change vm2 too.",
      start: "br0 has 11.11.11.1 and DOCKER-USER accepts what the host forwards, as in chapter 3 before step 5: RED and BLUE have no default route.",
      setup: hostAndBridge(false),
      hints: [
        "`ip route add NETWORK via GATEWAY` in RED; the gateway is the host's address on the switch.",
        "A ping needs a way back too. vm2 knows nothing about 11.11.11.0/24: it sends anything for it to its own default gateway — unless it has a route via vm1 (192.168.50.10).",
      ],
      solution: [
        { on: "vm1", run: "ip -n RED route add 192.168.50.0/24 via 11.11.11.1" },
        { on: "vm2", run: "ip route add 11.11.11.0/24 via 192.168.50.10" },
      ],
      wrong: [
        { name: "RED's route only", steps: onVm1("ip -n RED route add 192.168.50.0/24 via 11.11.11.1"), hint: "vm2 needs a route to 11.11.11.0/24" },
        { name: "a default route and NAT", steps: onVm1("ip -n RED route add default via 11.11.11.1", "iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE"), hint: "RED has a default route" },
        { name: "the route, with NAT", steps: onVm1("ip -n RED route add 192.168.50.0/24 via 11.11.11.1", "iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE"), hint: "rewrote RED's address" },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const vm2 = await c.vm("vm2");
        const red = await c.vm("vm1", "RED");
        const way = await c.routeTo(red, "192.168.50.20");
        c.note("RED: ip route get 192.168.50.20", way ?? "no route", !!way?.includes("via 11.11.11.1"));
        c.need(way, "RED has no route to 192.168.50.20 yet (Network is unreachable): add one for 192.168.50.0/24");
        const internet = await c.routeTo(red, "8.8.8.8");
        c.note("RED: ip route get 8.8.8.8", internet ?? "Network is unreachable", !internet);
        c.need(!internet, `RED has a default route now (ip route get 8.8.8.8: ${internet}): the task wants a route to 192.168.50.0/24 only`);
        c.need(way.includes("via 11.11.11.1"), `RED's route to 192.168.50.20 does not go via 11.11.11.1, the host's address on br0 (${way})`);
        const echoes = await c.echoRequestsIn(vm2);
        const { result: ok, deltas } = await c.counted(vm1, () => c.ping(red, "192.168.50.20", "RED pings vm2 (192.168.50.20)"));
        const nat = sourceNat(deltas);
        c.note("nat rule that rewrote RED's ping", nat ? describeCounter(nat) : "none", !nat);
        c.need(!nat, `the ping got through only because ${nat ? describeCounter(nat) : "a nat rule"} rewrote RED's address: vm2 must see 11.11.11.2 itself, so no NAT`);
        if (!ok) {
          const arrived = (await c.echoRequestsIn(vm2)) > echoes;
          const back = await c.routeTo(vm2, "11.11.11.2");
          c.need(false, arrived
            ? `vm2 got RED's echo request from 11.11.11.2 and answered — but towards its own default gateway (${back ?? "no route"}), not back through vm1: vm2 needs a route to 11.11.11.0/24 via 192.168.50.10`
            : `RED's echo request never reached vm2${decidedBy(deltas) ? ` (${describeCounter(decidedBy(deltas)!)} had the last word on it)` : ""}`);
        }
      },
      passed: "RED reaches vm2 by a route of its own and vm2 answers by one of its own; no address was translated, and the internet stays out of RED's reach.",
    },
  ],
  cleanup: RESET,
};
