// Chapter 5's exercises: publish a container's port with rules of our own instead of
// Docker's -p, and keep two containers on docker0 apart with DOCKER-USER.
import { decidedBy, describeCounter, type Checker } from "../checker.js";
import { onVm1, RESET } from "../steps.js";
import { deltasOf, textOf } from "../_outcomes.js";
import type { CounterDelta } from "../../model/types.js";
import type { ChapterExercises, Step } from "../types.js";

const RED_IP = "172.17.0.2";
const BLUE_IP = "172.17.0.3";
const URL = "http://192.168.50.10:8090";
const PAGE = "Hello from blue";

/** What the chapter's own containers and the exercises leave: containers, our rules in
 *  DOCKER-USER, FORWARD and nat, conntrack entries of the containers. Docker's own rules stay. */
export const RESET_DOCKER: Step[] = onVm1(String.raw`
for c in red blue web cnt01 cnt02; do docker rm -f $c >/dev/null 2>&1; done
iptables -F DOCKER-USER && iptables -A DOCKER-USER -j RETURN
for t in filter nat; do
  iptables -t $t -S | grep -E -- '172\.17\.0\.[2-9]|--dport 8090' | sed 's/^-A /-D /' |
    while read -r rule; do eval "iptables -t $t $rule"; done
done
iptables -S FORWARD | grep -qx -- '-P FORWARD DROP' || iptables -P FORWARD DROP
for ip in ${RED_IP} ${BLUE_IP}; do
  conntrack -D -s $ip >/dev/null 2>&1; conntrack -D -d $ip >/dev/null 2>&1
done
true
`);

/** red and blue on docker0 as in step 3, at their usual addresses; blue serves a page on port 80. */
const CONTAINERS: Step[] = [
  ...RESET_DOCKER,
  ...onVm1(
    "docker run -dit --name red busybox >/dev/null",
    "docker run -dit --name blue busybox >/dev/null",
    `[ "$(docker inspect -f '{{.NetworkSettings.IPAddress}}' red) $(docker inspect -f '{{.NetworkSettings.IPAddress}}' blue)" = "${RED_IP} ${BLUE_IP}" ] || { echo "red and blue did not get ${RED_IP} and ${BLUE_IP}: is another container on docker0?" >&2; exit 1; }`,
    `docker exec blue sh -c 'mkdir -p /www && echo "${PAGE} (${BLUE_IP})" > /www/index.html && httpd -p 80 -h /www'`,
    `for i in $(seq 50); do curl -s -m 1 -o /dev/null http://${BLUE_IP}/ && exit 0; sleep 0.1; done; echo "blue's web server did not start" >&2; exit 1`,
  ),
];

function counted(deltas: CounterDelta[], table: string, chain: string, target?: string): CounterDelta | undefined {
  return deltas.find((d) => d.namespace === "" && d.family === "ipv4" && d.table === table && d.chain === chain && d.num !== undefined && (!target || d.target === target));
}

export const chapter05: ChapterExercises = {
  chapter: "05",
  title: "Docker's own bridge",
  predictions: [
    {
      id: "icc",
      question: "red and blue sit on docker0, and Docker's FORWARD policy is DROP — the policy that stopped RED's ping to BLUE on br0 in chapter 2. red pings blue (172.17.0.3). What happens?",
      choices: ["a reply comes back", "no reply: the FORWARD policy drops it"],
      observe(value) {
        const text = textOf(value);
        if (/ 1 packets received/.test(text)) return "a reply comes back";
        if (/ 0 packets received/.test(text)) return "no reply: the FORWARD policy drops it";
        const deltas = deltasOf(value);
        return deltas?.some((d) => d.chain === "FORWARD" && d.num === undefined) ? "no reply: the FORWARD policy drops it" : undefined;
      },
      explain: "Docker appended `-i docker0 -o docker0 -j ACCEPT` to FORWARD (that is icc): a packet from one port of docker0 to another is accepted before it reaches the DROP policy, and `RELATED,ESTABLISHED` lets the reply through.",
    },
  ],
  exercises: [
    {
      id: "publish-by-hand",
      title: "Publish blue's port without -p",
      task:
        `blue runs a web server on port 80 (started without \`-p\`). Publish it as **${URL}** for **vm2** with rules of your own — ` +
        "no `docker run -p`, Docker's FORWARD policy stays DROP. vm2 must get blue's page there.",
      start: `red (${RED_IP}) and blue (${BLUE_IP}) on docker0, no port published; blue's busybox httpd answers on port 80.`,
      setup: CONTAINERS,
      hints: [
        "It is chapter 4 again, with blue's address: a DNAT rule in nat PREROUTING, and a FORWARD rule for the translated connection.",
        "Docker's `-i docker0 ! -o docker0 -j ACCEPT` already lets blue's answers out; the new connection into docker0 goes through `-o docker0 -j DOCKER`, which has nothing for it, to the DROP policy. Append your ACCEPT for it to FORWARD (or insert it into DOCKER-USER).",
      ],
      solution: onVm1(
        `iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8090 -j DNAT --to-destination ${BLUE_IP}:80`,
        `iptables -A FORWARD -o docker0 -d ${BLUE_IP} -p tcp --dport 80 -j ACCEPT`,
      ),
      wrong: [
        {
          name: "Docker's -p after all",
          steps: onVm1(
            "docker rm -f blue >/dev/null",
            `docker run -d --name blue -p 8090:80 busybox sh -c 'mkdir -p /www && echo "${PAGE} (${BLUE_IP})" > /www/index.html && exec httpd -f -p 80 -h /www' >/dev/null`,
            `for i in $(seq 50); do curl -s -m 1 -o /dev/null http://${BLUE_IP}/ && exit 0; sleep 0.1; done; exit 1`,
          ),
          hint: "published by Docker",
        },
        { name: "the DNAT alone", steps: onVm1(`iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8090 -j DNAT --to-destination ${BLUE_IP}:80`), hint: "the FORWARD chain dropped it" },
        {
          name: "FORWARD policy ACCEPT",
          steps: onVm1(`iptables -t nat -A PREROUTING -d 192.168.50.10 -p tcp --dport 8090 -j DNAT --to-destination ${BLUE_IP}:80`, "iptables -P FORWARD ACCEPT"),
          hint: "the FORWARD policy is ACCEPT",
        },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const ports = (await c.run(vm1, "docker ps --format '{{.Names}} {{.Ports}}'")).stdout.split("\n").filter((l) => /->/.test(l));
        c.note("ports Docker publishes (docker ps)", ports.join("; ") || "none", ports.length === 0);
        c.need(ports.length === 0, `a port is published by Docker (docker ps: ${ports.join("; ")}): the task is to do what -p does with rules of your own — run the container without -p`);
        const forward = (await c.rules(vm1)).tables.find((t) => t.name === "filter")?.chains.find((ch) => ch.name === "FORWARD");
        c.note("filter FORWARD policy", forward?.policy ?? "?", forward?.policy === "DROP");
        c.need(forward?.policy === "DROP", "the FORWARD policy is ACCEPT: put Docker's DROP back (`iptables -P FORWARD DROP`) and let through only the connection to blue's port 80");
        const { result: got, deltas } = await c.counted(vm1, async () => c.http(await c.vm("vm2"), URL, `vm2 fetches ${URL}`, (p) => p.body.includes(PAGE)));
        if (!got.body.includes(PAGE)) {
          const dnat = counted(deltas, "nat", "PREROUTING", "DNAT") ?? counted(deltas, "nat", "DOCKER", "DNAT");
          const verdict = decidedBy(deltas);
          c.need(false,
            !dnat
              ? `nothing answered vm2 on 192.168.50.10:8090 (${got.outcome === "refused" ? "connection refused" : got.outcome}): no DNAT rule in nat PREROUTING caught the connection`
              : got.outcome === "page"
                ? `vm2 got a page, but not blue's: "${got.body.split("\n")[0]}" — where does ${describeCounter(dnat)} send it?`
                : `${describeCounter(dnat)} translated vm2's connection, but the FORWARD chain dropped it${verdict ? ` (${describeCounter(verdict)} had the last word)` : ""}: Docker's DOCKER chain accepts only ports published with -p, so FORWARD needs a rule of yours for ${BLUE_IP} port 80`);
        }
      },
      passed: "vm2 gets blue's page on 192.168.50.10:8090 through your own DNAT and FORWARD rules, with Docker's DROP policy in place and no port published by Docker.",
    },
    {
      id: "red-not-blue",
      title: "Keep red away from blue",
      task:
        "Stop **red** from reaching **blue** (red's ping to 172.17.0.3 must fail) while both stay on docker0 — " +
        "and red must still reach the internet (8.8.8.8). Docker keeps its own FORWARD rules: the place for yours is `DOCKER-USER`.",
      start: `red (${RED_IP}) and blue (${BLUE_IP}) on docker0; red pings blue through Docker's \`-i docker0 -o docker0 -j ACCEPT\`.`,
      setup: CONTAINERS,
      hints: [
        "FORWARD is read top to bottom, and Docker's `-i docker0 -o docker0 -j ACCEPT` decides before anything appended after it. FORWARD's first rule jumps to DOCKER-USER.",
        "Name both ends: `-s 172.17.0.2 -d 172.17.0.3`. A rule for everything from red would cut it off from the internet too.",
      ],
      solution: onVm1(`iptables -I DOCKER-USER -s ${RED_IP} -d ${BLUE_IP} -j DROP`),
      wrong: [
        { name: "appended to FORWARD", steps: onVm1(`iptables -A FORWARD -s ${RED_IP} -d ${BLUE_IP} -j DROP`), hint: "red still reaches blue" },
        { name: "everything from red", steps: onVm1(`iptables -I DOCKER-USER -s ${RED_IP} -j DROP`), hint: "cut off from the internet" },
        { name: "off the bridge", steps: onVm1("docker network disconnect bridge red"), hint: "red is no longer on docker0" },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        for (const [name, ip] of [["red", RED_IP], ["blue", BLUE_IP]] as const) {
          const addr = (await c.run(vm1, `docker inspect -f '{{.NetworkSettings.Networks.bridge.IPAddress}}' ${name}`)).stdout.trim();
          c.note(`${name}'s address on docker0 (docker inspect)`, addr || "not on the bridge network", addr === ip);
          c.need(addr === ip, `${name} is no longer on docker0 (docker inspect shows ${addr ? `address ${addr}` : "no bridge network"}): both containers must stay on the bridge — keep them apart with a rule`);
        }
        const red = `docker exec red ping -c 1 -W 1 ${BLUE_IP}`;
        const { result: ping, deltas } = await c.counted(vm1, () => c.run(vm1, red));
        const reached = ping.exitCode === 0;
        c.note("red pings blue", reached ? "a reply came back" : "no reply", !reached);
        if (reached) {
          const verdict = decidedBy(deltas);
          c.need(false, `red still reaches blue: ${verdict ? `${describeCounter(verdict)} accepted the ping` : "the ping was accepted"} — Docker's rules come before anything appended to FORWARD; DOCKER-USER is read first`);
        }
        const out = await c.run(vm1, "docker exec red ping -c 1 -W 1 8.8.8.8");
        c.note("red pings 8.8.8.8", out.exitCode === 0 ? "a reply came back" : "no reply", out.exitCode === 0);
        c.need(out.exitCode === 0, "red no longer reaches blue, but it is cut off from the internet too (its ping to 8.8.8.8 got no reply): your rule matches more than red's traffic to blue — name blue as the destination");
      },
      passed: "red's ping to blue is dropped in DOCKER-USER before Docker's icc rule sees it; both stay on docker0 and red still reaches 8.8.8.8.",
    },
  ],
  cleanup: [...RESET, ...RESET_DOCKER],
};
