// Chapter 2's exercises: rules that let bridged traffic through Docker's FORWARD policy,
// exactly as wide as asked.
import { decidedBy, describeCounter, type Checker } from "../checker.js";
import { onVm1, RESET } from "../steps.js";
import { deltasOf, exitCodeOf } from "../_outcomes.js";
import type { ChapterExercises, Step } from "../types.js";

/** RED and BLUE on br0, everything up, no rule of ours: the ping is dropped. */
export const BRIDGED: Step[] = onVm1(
  "ip netns add RED",
  "ip netns add BLUE",
  "ip link add reth0 netns RED type veth peer name reth1",
  "ip link add beth0 netns BLUE type veth peer name beth1",
  "ip link add br0 type bridge",
  "ip link set reth1 master br0",
  "ip link set beth1 master br0",
  "ip -n RED addr add 11.11.11.2/24 dev reth0",
  "ip -n BLUE addr add 11.11.11.3/24 dev beth0",
  "ip -n RED link set reth0 up",
  "ip -n BLUE link set beth0 up",
  "ip link set reth1 up",
  "ip link set beth1 up",
  "ip link set br0 up",
);
const START_TEXT = "RED (11.11.11.2) and BLUE (11.11.11.3) on the bridge `br0`, as in step 3 of this chapter, with Docker's rules as Docker left them: the ping between them is dropped.";

/** The FORWARD policy must still be Docker's DROP. */
async function policyStillDrop(c: Checker): Promise<void> {
  const forward = (await c.rules(await c.vm("vm1"))).tables.find((t) => t.name === "filter")?.chains.find((ch) => ch.name === "FORWARD");
  c.note("filter FORWARD policy", forward?.policy ?? "?", forward?.policy === "DROP");
  c.need(forward?.policy === "DROP", "the FORWARD policy is ACCEPT: that opens the host to everything it forwards. Put Docker's policy back (`iptables -P FORWARD DROP`) and let the traffic through with a rule");
}

/** RED pings BLUE; on failure, say whether the request or the reply was lost and what counted it. */
async function redReachesBlue(c: Checker) {
  const vm1 = await c.vm("vm1");
  const red = await c.vm("vm1", "RED");
  const blue = await c.vm("vm1", "BLUE");
  const echoes = await c.echoRequestsIn(blue);
  const { result: ok, deltas } = await c.counted(vm1, () => c.ping(red, "11.11.11.3", "RED pings BLUE (11.11.11.3)"));
  if (!ok) {
    const arrived = (await c.echoRequestsIn(blue)) > echoes;
    const last = decidedBy(deltas);
    const policy = deltas.find((d) => d.table === "filter" && d.chain === "FORWARD" && d.num === undefined && d.namespace === "");
    c.need(
      false,
      arrived
        ? `BLUE got RED's echo request and answered, but the answer never reached RED${policy ? ` (${describeCounter(policy)} counted it)` : ""}: the reply goes from 11.11.11.3 to 11.11.11.2, and FORWARD must let that through too`
        : `RED's echo request never reached BLUE: ${last ? `${describeCounter(last)} had the last word on it` : "no FORWARD counter moved"}`,
    );
  }
  return deltas;
}

export const chapter02: ChapterExercises = {
  chapter: "02",
  title: "A bridge, and Docker's firewall in the way",
  predictions: [
    {
      id: "bridge-ping",
      question: "RED and BLUE now sit on the same switch, br0, with addresses in the same subnet. RED pings BLUE once. The ping…",
      choices: ["gets a reply", "gets no reply"],
      observe: (value) => (exitCodeOf(value) === undefined ? undefined : exitCodeOf(value) === 0 ? "gets a reply" : "gets no reply"),
      explain: "On a Docker host, br_netfilter hands every IPv4 frame the bridge forwards to iptables' FORWARD chain, and Docker's FORWARD policy is DROP.",
    },
    {
      id: "bridge-counter",
      question: "And which counter will count RED's echo request last?",
      choices: ["DOCKER-USER's RETURN rule", "the FORWARD chain's policy", "none: a bridge never hands frames to iptables"],
      observe(value) {
        const deltas = deltasOf(value);
        if (!deltas) return undefined;
        const filter = deltas.filter((d) => d.table === "filter" && d.namespace === "");
        if (filter.some((d) => d.chain === "FORWARD" && d.num === undefined)) return "the FORWARD chain's policy";
        if (filter.some((d) => d.chain === "DOCKER-USER")) return "DOCKER-USER's RETURN rule";
        return filter.length ? undefined : "none: a bridge never hands frames to iptables";
      },
      explain: "The packet walks FORWARD from top to bottom: DOCKER-USER and DOCKER-ISOLATION-STAGE-1 return it, Docker's other rules name docker0, and the chain's policy, DROP, has the last word.",
    },
  ],
  exercises: [
    {
      id: "icmp-only",
      title: "Ping, from RED only",
      task:
        "Let RED ping BLUE across `br0` — and nothing more: the traffic you allow must be **ICMP only**, and **only RED's**. " +
        "Another machine on the bridge (the check plugs one in at 11.11.11.9) must still not reach BLUE, and Docker's FORWARD policy stays DROP.",
      start: START_TEXT,
      setup: BRIDGED,
      hints: [
        "Way 2 of this chapter named the source with `-s`. A rule can also name the destination (`-d`) and the protocol (`-p icmp`).",
        "A ping is two packets: RED's request to BLUE and BLUE's reply to RED. Both are forwarded, so both need a rule (or one rule that matches the whole conversation, `-m conntrack --ctorigsrc 11.11.11.2`).",
      ],
      solution: onVm1(
        "iptables -I DOCKER-USER -s 11.11.11.2 -d 11.11.11.3 -p icmp -j ACCEPT",
        "iptables -I DOCKER-USER -s 11.11.11.3 -d 11.11.11.2 -p icmp -j ACCEPT",
      ),
      wrong: [
        { name: "accept everything in DOCKER-USER", steps: onVm1("iptables -I DOCKER-USER -j ACCEPT"), hint: "your rule allows more than ICMP" },
        { name: "ICMP from the whole subnet", steps: onVm1("iptables -I DOCKER-USER -s 11.11.11.0/24 -p icmp -j ACCEPT"), hint: "so does 11.11.11.9" },
        { name: "the request only", steps: onVm1("iptables -I DOCKER-USER -s 11.11.11.2 -p icmp -j ACCEPT"), hint: "the answer never reached RED" },
        { name: "the policy", steps: onVm1("iptables -P FORWARD ACCEPT"), hint: "the FORWARD policy is ACCEPT" },
      ],
      async check(c: Checker) {
        await policyStillDrop(c);
        await redReachesBlue(c);
        const red = await c.vm("vm1", "RED");
        const tcp = await c.http(red, "http://11.11.11.3:80/", "RED opens a TCP connection to BLUE port 80", (p) => p.outcome === "timeout");
        c.need(tcp.outcome === "timeout", "RED reaches BLUE, but a TCP connection from RED to BLUE's port 80 gets through too (BLUE answered it with a reset): your rule allows more than ICMP");
        const strangerIn = await c.withStranger(await c.vm("vm1"), "br0", "11.11.11.9/24", (stranger) => c.ping(stranger, "11.11.11.3", "11.11.11.9, a stranger on br0, pings BLUE", { expect: false }));
        c.need(!strangerIn, "RED reaches BLUE, but so does 11.11.11.9: your rule matches more than RED");
      },
      passed: "RED's ping gets through, a TCP connection from RED and a ping from a stranger on br0 do not, and Docker's policy is still DROP.",
    },
    {
      id: "whole-bridge",
      title: "One rule for the bridge",
      task:
        "Let RED and BLUE talk freely — any protocol — with **one rule** that names the **bridge** instead of addresses: it must accept what enters *and* leaves by `br0`, " +
        "and nothing the host forwards between other interfaces (Docker's containers on `docker0`, say). Docker's FORWARD policy stays DROP.",
      start: START_TEXT,
      setup: BRIDGED,
      hints: [
        "`-i` names the interface a packet came in by, `-o` the one it leaves by. For bridged traffic both are the bridge itself.",
        "Way 1 of this chapter (`iptables -I DOCKER-USER -j ACCEPT`) works but accepts everything; narrow it with the interfaces.",
      ],
      solution: onVm1("iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT"),
      wrong: [
        { name: "accept everything in DOCKER-USER", steps: onVm1("iptables -I DOCKER-USER -j ACCEPT"), hint: "does not name the bridge on both sides" },
        { name: "ICMP only", steps: onVm1("iptables -I DOCKER-USER -i br0 -o br0 -p icmp -j ACCEPT"), hint: "not just ICMP" },
        { name: "the policy", steps: onVm1("iptables -P FORWARD ACCEPT"), hint: "the FORWARD policy is ACCEPT" },
      ],
      async check(c: Checker) {
        await policyStillDrop(c);
        const deltas = await redReachesBlue(c);
        const decided = decidedBy(deltas);
        c.note("the rule that let the ping through", decided ? describeCounter(decided) : "none", !!decided?.spec && /-i br0\b/.test(decided.spec) && /-o br0\b/.test(decided.spec));
        c.need(
          decided?.spec && /-i br0\b/.test(decided.spec) && /-o br0\b/.test(decided.spec),
          `RED reaches BLUE, but the rule that let it through, ${decided ? describeCounter(decided) : "?"}, does not name the bridge on both sides (\`-i br0 -o br0\`): it accepts more than traffic across br0${decided?.chain === "DOCKER-USER" ? " — whatever the host forwards, Docker's containers included" : ""}`,
        );
        const red = await c.vm("vm1", "RED");
        const tcp = await c.http(red, "http://11.11.11.3:80/", "RED opens a TCP connection to BLUE port 80", (p) => p.outcome === "refused");
        c.need(tcp.outcome === "refused", "RED's ping passes, but a TCP connection from RED to BLUE's port 80 does not get through (it timed out): the task asks for all traffic across br0, not just ICMP");
      },
      passed: "Everything RED and BLUE send each other is accepted by one rule that names br0 on both sides; Docker's policy still drops the rest.",
    },
  ],
  cleanup: RESET,
};
