// Chapter 4's exercises: publish RED's server for one client only, and for vm1 itself.
import { describeCounter, type Checker } from "../checker.js";
import { EXERCISE_WWW, onVm1, RESET } from "../steps.js";
import { textOf } from "../_outcomes.js";
import type { CounterDelta } from "../../model/types.js";
import type { ChapterExercises, Step } from "../types.js";
import { BRIDGED } from "./02.js";

const URL = "http://192.168.50.10:8089";
const PAGE = "Hello from RED";

/** Chapter 4's network (br0 11.11.11.1, default routes, Docker's DROP policy, no rule of
 *  ours) with RED's web server answering on port 80. */
const SERVING: Step[] = [
  ...BRIDGED,
  ...onVm1(
    "ip addr add 11.11.11.1/24 dev br0",
    "ip -n RED route add default via 11.11.11.1",
    "ip -n BLUE route add default via 11.11.11.1",
    `mkdir -p ${EXERCISE_WWW}/RED && echo 'Hello from RED (11.11.11.2)' > ${EXERCISE_WWW}/RED/index.html`,
    `ip netns exec RED setsid python3 -m http.server 80 --directory ${EXERCISE_WWW}/RED >/dev/null 2>&1 </dev/null &`,
    "for i in $(seq 100); do curl -s -m 1 -o /dev/null http://11.11.11.2/ && exit 0; sleep 0.1; done; echo 'RED web server did not start' >&2; exit 1",
  ),
];

const FOR_VM2 = onVm1(
  "iptables -t nat -A PREROUTING -s 192.168.50.20 -d 192.168.50.10 -p tcp --dport 8089 -j DNAT --to-destination 11.11.11.2:80",
  "iptables -A FORWARD -o br0 -d 11.11.11.2 -p tcp --dport 80 -j ACCEPT",
  "iptables -A FORWARD -i br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
);

function counted(deltas: CounterDelta[], table: string, chain: string, target?: string, rule = true): CounterDelta | undefined {
  return deltas.find((d) => d.namespace === "" && d.family === "ipv4" && d.table === table && d.chain === chain && (rule ? d.num !== undefined : d.num === undefined) && (!target || d.target === target));
}

export const chapter04: ChapterExercises = {
  chapter: "04",
  title: "Port forwarding into a namespace",
  predictions: [
    {
      id: "from-vm1",
      question: "The DNAT rule in nat PREROUTING gives vm2 RED's page at 192.168.50.10:8088. Now vm1 itself runs `curl http://192.168.50.10:8088`. What happens?",
      choices: ["it gets RED's page", "connection refused", "it times out"],
      observe(value) {
        const text = textOf(value);
        if (text.includes("Hello from RED")) return "it gets RED's page";
        if (text.includes("curl: (7)")) return "connection refused";
        if (text.includes("curl: (28)")) return "it times out";
        return undefined;
      },
      explain: "A packet vm1 sends itself starts at the OUTPUT hook and never passes PREROUTING, so the DNAT rule does not see it: the connection goes to vm1's own port 8088, where nothing listens.",
    },
  ],
  exercises: [
    {
      id: "vm2-only",
      title: "Published for vm2 only",
      task:
        `Publish RED's web server (port 80) as **${URL}**, for **vm2 only**: vm2 gets RED's page there, while vm3 (\`gw\`, 192.168.50.254) asking the same URL must not. ` +
        "Docker's FORWARD policy stays DROP: open FORWARD for exactly this traffic, as in step 5.",
      start: "Chapter 4's network: RED and BLUE on br0 (11.11.11.1) with their default routes, Docker's FORWARD policy DROP, no rule of ours, and RED's web server answering on port 80.",
      setup: SERVING,
      hints: [
        "Three rules, as in steps 4 and 5: the DNAT in nat PREROUTING, and two in FORWARD — the new connection to RED's real address and port, and the replies.",
        "A DNAT rule can name the client too: `-s 192.168.50.20`.",
      ],
      solution: FOR_VM2,
      wrong: [
        {
          name: "every client",
          steps: onVm1(
            "iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8089 -j DNAT --to-destination 11.11.11.2:80",
            "iptables -A FORWARD -o br0 -d 11.11.11.2 -p tcp --dport 80 -j ACCEPT",
            "iptables -A FORWARD -i br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
          ),
          hint: "but so does vm3",
        },
        { name: "the DNAT alone", steps: FOR_VM2.slice(0, 1), hint: "the FORWARD chain dropped it" },
        { name: "no way back", steps: FOR_VM2.slice(0, 2), hint: "RED's answers were dropped" },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const forward = (await c.rules(vm1)).tables.find((t) => t.name === "filter")?.chains.find((ch) => ch.name === "FORWARD");
        c.note("filter FORWARD policy", forward?.policy ?? "?", forward?.policy === "DROP");
        c.need(forward?.policy === "DROP", "the FORWARD policy is ACCEPT: put Docker's DROP back and open FORWARD for this traffic only");
        const { result: got, deltas } = await c.counted(vm1, async () => c.http(await c.vm("vm2"), URL, `vm2 fetches ${URL}`, (p) => p.body.includes(PAGE)));
        if (!got.body.includes(PAGE)) {
          const dnat = counted(deltas, "nat", "PREROUTING", "DNAT");
          const accepted = counted(deltas, "filter", "FORWARD", "ACCEPT") ?? counted(deltas, "filter", "DOCKER-USER", "ACCEPT");
          const dropped = counted(deltas, "filter", "FORWARD", undefined, false);
          c.need(false,
            got.outcome === "refused" || !dnat
              ? `nothing answered vm2 on 192.168.50.10:8089 (${got.outcome === "refused" ? "connection refused" : got.outcome}): no DNAT rule in nat PREROUTING caught the connection`
              : got.outcome === "page"
                ? `vm2 got a page, but not RED's: "${got.body.split("\n")[0]}" — where does ${describeCounter(dnat)} send it?`
                : accepted && dropped
                  ? `${describeCounter(dnat)} sent vm2's connection to RED and ${describeCounter(accepted)} let it through, but RED's answers were dropped (the FORWARD policy counted them): let the replies back (\`-m conntrack --ctstate RELATED,ESTABLISHED\`)`
                  : `${describeCounter(dnat)} translated vm2's connection, but the FORWARD chain dropped it${dropped ? " (its policy counted the packets)" : ""}: after DNAT it is forwarded to 11.11.11.2:80, and FORWARD has to let that through`);
        }
        const vm3 = await c.vm("vm3");
        const other = await c.http(vm3, URL, `vm3 (gw) fetches ${URL}`, (p) => !p.body.includes(PAGE));
        c.need(!other.body.includes(PAGE), "vm2 gets RED's page, but so does vm3 (192.168.50.254): your DNAT rule matches every client — name vm2 (`-s 192.168.50.20`)");
      },
      passed: "vm2 gets RED's page on 192.168.50.10:8089, vm3 does not, and FORWARD lets through only the translated connection and its replies.",
    },
    {
      id: "from-vm1",
      title: "And from vm1 itself",
      task:
        `vm2 already gets RED's page at ${URL}. Make the same URL work **from vm1 itself**, with one more rule — and only for vm1's **own** addresses: ` +
        "`curl http://8.8.8.8:8089` on vm1 must not land on RED.",
      start: "The end of the previous exercise: RED's web server is published on 192.168.50.10:8089 for vm2 (DNAT in nat PREROUTING, two FORWARD rules).",
      setup: [...SERVING, ...FOR_VM2],
      hints: [
        "Packets vm1 sends itself do not pass PREROUTING: the nat table's OUTPUT chain is where they can be translated.",
        "`-d 192.168.50.10`, or `-m addrtype --dst-type LOCAL` (any address of vm1, as in step 8), keeps the rule to vm1's own addresses.",
      ],
      solution: onVm1("iptables -t nat -A OUTPUT -d 192.168.50.10 -p tcp --dport 8089 -j DNAT --to-destination 11.11.11.2:80"),
      wrong: [
        { name: "PREROUTING again", steps: onVm1("iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8089 -j DNAT --to-destination 11.11.11.2:80"), hint: "starts at OUTPUT" },
        { name: "every destination", steps: onVm1("iptables -t nat -A OUTPUT -p tcp --dport 8089 -j DNAT --to-destination 11.11.11.2:80"), hint: "for every destination" },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const { result: got, deltas } = await c.counted(vm1, () => c.http(vm1, URL, `vm1 fetches ${URL}`, (p) => p.body.includes(PAGE)));
        if (!got.body.includes(PAGE)) {
          const out = counted(deltas, "nat", "OUTPUT", "DNAT");
          c.need(false, out
            ? `${describeCounter(out)} translated vm1's connection, yet it ended ${got.outcome === "refused" ? "refused" : got.outcome === "timeout" ? "in a timeout" : "without RED's page"}: does it send it to 11.11.11.2:80?`
            : `vm1's own connection met no DNAT rule (nat OUTPUT counted nothing, so it ended ${got.outcome === "refused" ? "refused" : got.outcome}): a packet vm1 sends itself starts at OUTPUT and never passes PREROUTING`);
        }
        const elsewhere = await c.http(vm1, "http://8.8.8.8:8089", "vm1 fetches http://8.8.8.8:8089", (p) => !p.body.includes(PAGE));
        c.need(!elsewhere.body.includes(PAGE), "vm1 gets RED's page from its own address, but from http://8.8.8.8:8089 too: your OUTPUT rule catches port 8089 for every destination — name vm1's own address (`-d 192.168.50.10`, or `-m addrtype --dst-type LOCAL`)");
        const fromVm2 = await c.http(await c.vm("vm2"), URL, `vm2 fetches ${URL}`, (p) => p.body.includes(PAGE));
        c.need(fromVm2.body.includes(PAGE), "vm1 gets RED's page now, but vm2 no longer does: the rules of the previous exercise must stay");
      },
      passed: "vm1 reaches RED through its own address on port 8089 by a DNAT rule in nat OUTPUT; other destinations and vm2's way in are untouched.",
    },
  ],
  cleanup: RESET,
};
