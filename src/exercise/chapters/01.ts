// Chapter 1's exercises: namespaces, veth pairs, addresses and the neighbour table.
import type { Checker } from "../checker.js";
import { onVm1, RESET } from "../steps.js";
import { textOf } from "../_outcomes.js";
import type { ChapterExercises } from "../types.js";

/** RED and BLUE joined by veth0–veth1, 11.11.11.2 and .3, both ends up: the chapter's network. */
const START = onVm1(
  "ip netns add RED",
  "ip netns add BLUE",
  "ip link add veth0 netns RED type veth peer name veth1 netns BLUE",
  "ip -n RED addr add 11.11.11.2/24 dev veth0",
  "ip -n BLUE addr add 11.11.11.3/24 dev veth1",
  "ip -n RED link set veth0 up",
  "ip -n BLUE link set veth1 up",
);
const START_TEXT = "RED (`veth0`, 11.11.11.2/24) and BLUE (`veth1`, 11.11.11.3/24) joined by their veth pair, both ends up — the network of this chapter, built again.";

const GREEN_CABLE = "ip netns add GREEN";
const GREEN_PAIR = "ip link add geth0 netns GREEN type veth peer name geth1 netns RED";

export const chapter01: ChapterExercises = {
  chapter: "01",
  title: "Two namespaces and a virtual cable",
  predictions: [
    {
      id: "first-packet",
      question: "RED pings BLUE for the very first time while tcpdump listens on BLUE's end of the cable. What is the first packet tcpdump sees?",
      choices: ["RED's ICMP echo request", "an ARP question from RED: who has 11.11.11.3?", "nothing: two namespaces need a bridge to talk"],
      observe(value) {
        const first = textOf(value).split("\n").find((l) => l.includes(" ARP, ") || l.includes(" IP "));
        if (!first) return "nothing: two namespaces need a bridge to talk";
        if (first.includes("ARP, Request")) return "an ARP question from RED: who has 11.11.11.3?";
        if (first.includes("ICMP echo request")) return "RED's ICMP echo request";
        return undefined;
      },
      explain: "An IP packet can go onto an Ethernet link only with the destination's MAC address on it. RED does not know BLUE's yet, so it broadcasts an ARP question first; the echo request leaves only once BLUE has answered.",
    },
  ],
  exercises: [
    {
      id: "green",
      title: "A third namespace on a cable of its own",
      task:
        "Create a namespace **GREEN** and join it to **RED** with a new veth pair (name the ends as you like). " +
        "Give RED's new end `22.22.22.2/24` and GREEN's end `22.22.22.3/24`, bring the cable up, and make RED able to ping `22.22.22.3`. " +
        "RED's cable to BLUE must keep working.",
      start: START_TEXT,
      setup: START,
      hints: [
        "Three commands make the cable: `ip netns add`, `ip link add … type veth peer name …`, and moving each end into its namespace (`ip link set … netns …`, or `netns` right in `ip link add`).",
        "Each end needs its address *with the prefix* (`/24`), and both ends must be up: with one end down the other reports `NO-CARRIER`.",
      ],
      solution: onVm1(
        GREEN_CABLE,
        GREEN_PAIR,
        "ip -n RED addr add 22.22.22.2/24 dev geth1",
        "ip -n GREEN addr add 22.22.22.3/24 dev geth0",
        "ip -n RED link set geth1 up",
        "ip -n GREEN link set geth0 up",
        "ip netns exec RED ping -c 1 22.22.22.3",
      ),
      wrong: [
        {
          name: "GREEN's end left down",
          steps: onVm1(GREEN_CABLE, GREEN_PAIR, "ip -n RED addr add 22.22.22.2/24 dev geth1", "ip -n GREEN addr add 22.22.22.3/24 dev geth0", "ip -n RED link set geth1 up"),
          hint: "GREEN's end geth0 is down",
        },
        {
          name: "addresses without their prefix",
          steps: onVm1(GREEN_CABLE, GREEN_PAIR, "ip -n RED addr add 22.22.22.2 dev geth1", "ip -n GREEN addr add 22.22.22.3 dev geth0", "ip -n RED link set geth1 up", "ip -n GREEN link set geth0 up"),
          hint: "RED has no route to 22.22.22.3",
        },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const spaces = await c.namespaces(vm1);
        c.note("the namespaces on vm1", spaces.join(", ") || "none", spaces.includes("GREEN"));
        c.need(spaces.includes("GREEN"), `there is no namespace GREEN yet (vm1 has: ${spaces.join(", ") || "none"}): \`ip netns add GREEN\` makes one`);
        const red = await c.vm("vm1", "RED");
        const green = await c.vm("vm1", "GREEN");
        const greenEnd = await c.holder(green, "22.22.22.3");
        c.note("GREEN's interface with 22.22.22.3", greenEnd ? `${greenEnd.ifname}, ${greenEnd.operstate}` : "none", !!greenEnd);
        c.need(greenEnd, "GREEN has no interface with the address 22.22.22.3 yet: move one end of a veth pair into GREEN and give it that address");
        const redEnd = await c.holder(red, "22.22.22.2");
        c.note("RED's interface with 22.22.22.2", redEnd ? `${redEnd.ifname}, ${redEnd.operstate}` : "none", !!redEnd);
        c.need(redEnd, "GREEN is ready, but RED has no interface with 22.22.22.2: the other end of GREEN's cable belongs in RED, with that address");
        c.need(redEnd.ifname !== "veth0", "22.22.22.2 sits on veth0, RED's cable to BLUE: GREEN needs a cable of its own, with RED's end of it holding 22.22.22.2");
        c.need(greenEnd.flags.includes("UP"), `GREEN's end ${greenEnd.ifname} is down: a cable works only with both ends up (\`ip -n GREEN link set ${greenEnd.ifname} up\`)`);
        c.need(redEnd.flags.includes("UP"), `RED's end ${redEnd.ifname} is down: a cable works only with both ends up (\`ip -n RED link set ${redEnd.ifname} up\`)`);
        const way = await c.routeTo(red, "22.22.22.3");
        c.note("RED: ip route get 22.22.22.3", way ?? "no route", !!way?.includes(`dev ${redEnd.ifname}`));
        c.need(way?.includes(`dev ${redEnd.ifname}`), `RED has no route to 22.22.22.3 through ${redEnd.ifname} (ip route get says: ${way ?? "Network is unreachable"}): an address brings its connected route only with its prefix, 22.22.22.2/24`);
        c.need(await c.ping(red, "22.22.22.3", "RED pings GREEN (22.22.22.3)"), `RED's ping to 22.22.22.3 got no answer although both ends are up and addressed: is ${greenEnd.ifname} in GREEN really the peer of ${redEnd.ifname} in RED?`);
        c.need(await c.ping(red, "11.11.11.3", "RED pings BLUE (11.11.11.3)"), "RED reaches GREEN, but no longer BLUE: the cable veth0–veth1 and its addresses must stay as they were");
      },
      passed: "RED reaches GREEN over the new cable and BLUE over the old one: each of RED's interfaces brought its own connected route.",
    },
    {
      id: "learn",
      title: "Teach BLUE a new neighbour",
      task:
        "Give RED a second address, `11.11.11.12/24`, on `veth0`. Then make **BLUE's** neighbour table map 11.11.11.12 to RED's MAC address — " +
        "by sending the right packet, not by writing BLUE's table by hand (`ip neigh add` in BLUE does not count).",
      start: START_TEXT,
      setup: START,
      hints: [
        "In the chapter, BLUE learned RED's MAC without asking: from the ARP request RED sent, which carried RED's address as the asker.",
        "A ping leaves from the address the route prefers (`src 11.11.11.2`). `ping -I ADDRESS` chooses another source.",
      ],
      solution: onVm1("ip -n RED addr add 11.11.11.12/24 dev veth0", "ip netns exec RED ping -c 1 -I 11.11.11.12 11.11.11.3"),
      wrong: [
        {
          name: "the address, then a plain ping",
          steps: onVm1("ip -n RED addr add 11.11.11.12/24 dev veth0", "ip netns exec RED ping -c 1 11.11.11.3"),
          hint: "BLUE's neighbour table has no entry for 11.11.11.12",
        },
        {
          name: "BLUE's table written by hand",
          steps: onVm1("ip -n RED addr add 11.11.11.12/24 dev veth0", "ip -n BLUE neigh add 11.11.11.12 lladdr $(ip netns exec RED cat /sys/class/net/veth0/address) dev veth1"),
          hint: "written by hand",
        },
      ],
      async check(c: Checker) {
        const red = await c.vm("vm1", "RED");
        const blue = await c.vm("vm1", "BLUE");
        const held = await c.holder(red, "11.11.11.12");
        c.note("RED's interface with 11.11.11.12", held?.ifname ?? "none", held?.ifname === "veth0");
        c.need(held, "RED has no address 11.11.11.12 yet: add it to veth0 with its prefix, /24");
        c.need(held.ifname === "veth0", `11.11.11.12 is on ${held.ifname}, not on veth0, RED's cable to BLUE`);
        const entry = (await c.neighbours(blue)).find((n) => n.dst === "11.11.11.12");
        const state = entry?.state ?? [];
        c.note("BLUE: ip neigh, 11.11.11.12", entry ? `${entry.lladdr ?? "no MAC"} ${state.join(",")}` : "no entry", !!entry && entry.lladdr === held.address && !state.includes("PERMANENT"));
        c.need(entry, "BLUE's neighbour table has no entry for 11.11.11.12: BLUE learns an address only from a packet that comes from it, and RED's pings leave from 11.11.11.2 unless you choose another source (`ping -I`)");
        c.need(!state.includes("PERMANENT"), "BLUE's entry for 11.11.11.12 was written by hand (it is PERMANENT): delete it (`ip -n BLUE neigh del 11.11.11.12 dev veth1`) and let BLUE learn it from a packet");
        c.need(entry.lladdr === held.address && !state.includes("FAILED") && !state.includes("INCOMPLETE"), `BLUE's entry for 11.11.11.12 says ${entry.lladdr ?? "no MAC"} (${state.join(",")}), not RED's veth0 MAC ${held.address}`);
      },
      passed: "BLUE maps 11.11.11.12 to RED's MAC, learned from RED's own packet: the asker's address and MAC travel with every ARP request.",
    },
  ],
  cleanup: RESET,
};
