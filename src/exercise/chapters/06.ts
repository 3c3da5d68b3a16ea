// Chapter 6's exercises: an ip6tables MASQUERADE of our own for a container's way out, and a
// second container reaching the first by its link-local address.
import { describeCounter, type Checker } from "../checker.js";
import { onVm1, RESET } from "../steps.js";
import { textOf } from "../_outcomes.js";
import { parseIptablesSave } from "../../inspect/iptables-save.js";
import { counterDeltas } from "../../model/counters.js";
import type { ChapterExercises, Step } from "../types.js";

const SUBNET = "fd5a:ceb9:ed8d:1::/64";
const CNT01 = "fd5a:ceb9:ed8d:1::2";
/** cnt01's MAC is 02:42 and its IPv4 address 172.18.0.2; EUI-64 makes this of it. */
const CNT01_LL = "fe80::42:acff:fe12:2";
const GOOGLE = "2001:4860:4860::8888";
/** IPv6 forwarding as the exercises found it (Docker switches it on for an IPv6 network). */
const SAVED = "/run/vethbook-exercise-06-forwarding";

/** Removes the exercises' containers, network and ip6tables rules; IPv6 forwarding goes back
 *  to what it was before the first exercise's setup. */
const RESET_V6: Step[] = onVm1(String.raw`
for c in cnt01 cnt02; do docker rm -f $c >/dev/null 2>&1; done
docker network rm br_ipv6_nw >/dev/null 2>&1
ip6tables -t nat -S 2>/dev/null | grep -E -- 'fd5a:ceb9:ed8d|br_ipv6_nw' | sed 's/^-A /-D /' |
  while read -r rule; do eval "ip6tables -t nat $rule"; done
[ -e ${SAVED} ] && sysctl -qw net.ipv6.conf.all.forwarding=$(cat ${SAVED})
conntrack -D -f ipv6 -s ${CNT01} >/dev/null 2>&1
true
`);

/** Chapter 6's network and cnt01 (steps 2 and 3), its addresses past duplicate address detection. */
const NETWORK: Step[] = [
  ...onVm1(`[ -e ${SAVED} ] || sysctl -n net.ipv6.conf.all.forwarding > ${SAVED}`),
  ...RESET_V6,
  ...onVm1(
    `docker network create --ipv6 --driver=bridge --subnet=172.18.0.0/16 --subnet=${SUBNET} br_ipv6_nw -o com.docker.network.bridge.name=br_ipv6_nw >/dev/null`,
    "docker run -dit --stop-timeout 1 --network br_ipv6_nw --name cnt01 busybox >/dev/null",
    // (The waits look through nsenter into cnt01's namespace: a docker exec at each look
    // would cost the lab a container process every 0.1 s.)
    `p=$(docker inspect -f '{{.State.Pid}}' cnt01); for i in $(seq 50); do nsenter -t $p -n ip -6 addr show dev eth0 | grep -q "${CNT01_LL}/64" && exit 0; sleep 0.1; done; { echo "cnt01 did not get ${CNT01_LL} (is another container on br_ipv6_nw?)" >&2; exit 1; }`,
    "p=$(docker inspect -f '{{.State.Pid}}' cnt01); for i in $(seq 50); do [ -z \"$(ip -6 addr show dev br_ipv6_nw tentative; nsenter -t $p -n ip -6 addr show tentative)\" ] && exit 0; sleep 0.1; done; exit 1",
  ),
];

export const chapter06: ChapterExercises = {
  chapter: "06",
  title: "IPv6 on a Docker bridge",
  predictions: [
    {
      id: "reload",
      question: "daemon.json now says `\"ipv6\": true`. Docker's engine gets `systemctl reload docker` (a SIGHUP; no container stops). Afterwards, `docker network inspect -f '{{.EnableIPv6}}' bridge` says:",
      choices: ["true: the reload applied it", "false: it takes a restart"],
      observe(value) {
        const text = textOf(value).trim();
        if (text === "true") return "true: the reload applied it";
        if (text === "false") return "false: it takes a restart";
        return undefined;
      },
      explain: "A reload makes dockerd re-read only the settings it can change while running (logging, labels, registry mirrors, live-restore…). The default bridge is set up once, when the engine starts: its IPv6 settings need a restart.",
    },
  ],
  exercises: [
    {
      id: "v6-out",
      title: "cnt01 out to the IPv6 internet",
      task:
        `Let **cnt01** (${CNT01} on br_ipv6_nw) ping **${GOOGLE}** with a rule of your own. ` +
        "Docker 20.10 writes no ip6tables rule for it, and no provider routes a ULA back to you.",
      start: `br_ipv6_nw (${SUBNET}, the bridge at fd5a:ceb9:ed8d:1::1) with cnt01 on it, as in step 3; IPv6 forwarding on, no ip6tables rule.`,
      setup: NETWORK,
      hints: [
        "Step 6 showed cnt01's request leave enp0s3 with its ULA source: it needs vm1's own global address instead — as chapter 3's MASQUERADE did for IPv4.",
        `\`ip6tables\`, not \`iptables\`: IPv6 has its own tables. \`-s ${SUBNET} ! -o br_ipv6_nw\` keeps it to the way out.`,
      ],
      solution: onVm1(`ip6tables -t nat -A POSTROUTING -s ${SUBNET} ! -o br_ipv6_nw -j MASQUERADE`),
      wrong: [
        { name: "the wrong way out", steps: onVm1(`ip6tables -t nat -A POSTROUTING -s ${SUBNET} -o br_ipv6_nw -j MASQUERADE`), hint: "no ip6tables nat POSTROUTING rule rewrote it" },
        {
          name: "forwarding switched off",
          steps: onVm1(`ip6tables -t nat -A POSTROUTING -s ${SUBNET} ! -o br_ipv6_nw -j MASQUERADE`, "sysctl -qw net.ipv6.conf.all.forwarding=0"),
          hint: "IPv6 forwarding is off",
        },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const v6rules = async () => parseIptablesSave((await c.run(vm1, "ip6tables-save -c")).stdout, "ipv6");
        const before = await v6rules();
        const r = await c.run(vm1, `docker exec cnt01 ping -6 -c 1 -W 2 ${GOOGLE}`);
        const ok = / 1 packets received/.test(r.stdout);
        c.note(`cnt01 pings ${GOOGLE}`, ok ? "a reply came back" : r.exitCode === 0 || /packet loss/.test(r.stdout) ? "no reply" : (r.stderr || r.stdout).trim(), ok);
        if (ok) return;
        const deltas = counterDeltas(before, await v6rules());
        const masq = deltas.find((d) => d.table === "nat" && d.chain === "POSTROUTING" && d.num !== undefined && (d.target === "MASQUERADE" || d.target === "SNAT"));
        const forwarding = await c.sysctl(vm1, "net.ipv6.conf.all.forwarding");
        c.note("net.ipv6.conf.all.forwarding", forwarding, forwarding === "1");
        c.need(forwarding === "1", "cnt01's ping got no reply: IPv6 forwarding is off on vm1 (net.ipv6.conf.all.forwarding = 0), so vm1 does not route cnt01's packets out at all — Docker had switched it on");
        const way = await c.routeTo(vm1, GOOGLE);
        c.need(way, `vm1 has no IPv6 route to ${GOOGLE}: this lab has no IPv6 way out (VirtualBox's NAT gives none), so there is nothing to masquerade to`);
        const out = /\bdev (\S+)/.exec(way)?.[1] ?? way;
        c.need(false, masq
          ? `${describeCounter(masq)} rewrote cnt01's ping, yet no reply came back: vm1's way to ${GOOGLE} is out of ${out} — does your rule apply there?`
          : `cnt01's ping to ${GOOGLE} got no reply: no ip6tables nat POSTROUTING rule rewrote it, so it left vm1 (out of ${out}) with the ULA source ${CNT01}, which nobody routes back`);
      },
      passed: `cnt01's ping to ${GOOGLE} leaves with vm1's own IPv6 address, by your ip6tables MASQUERADE, and the reply comes back.`,
    },
    {
      id: "link-local",
      title: "A neighbour by its link-local address",
      task:
        `Start a second container, **cnt02**, on **br_ipv6_nw**, and from it ping **cnt01 by its link-local address** (${CNT01_LL}, made from its MAC as in step 3). ` +
        "The check reads cnt02's neighbour table: NDP must have found cnt01's link-local address there.",
      start: `br_ipv6_nw with cnt01 on it (${CNT01}, link-local ${CNT01_LL}); no cnt02 yet.`,
      setup: NETWORK,
      hints: [
        "`docker run -dit --network br_ipv6_nw --name cnt02 busybox`, then `docker exec cnt02 ping -6 …`.",
        "Every interface has a fe80:: address, so a link-local address alone does not say which link: give the zone, `%eth0`, as step 4 did.",
      ],
      solution: onVm1(
        "docker run -dit --network br_ipv6_nw --name cnt02 busybox >/dev/null",
        "for i in $(seq 50); do [ -z \"$(docker exec cnt02 ip -6 addr show tentative)\" ] && break; sleep 0.1; done",
        `docker exec cnt02 ping -6 -c 1 -W 1 ${CNT01_LL}%eth0`,
      ),
      wrong: [
        {
          name: "on docker0",
          steps: onVm1("docker run -dit --name cnt02 busybox >/dev/null"),
          hint: "cnt02 is not on br_ipv6_nw",
        },
        {
          name: "the global address",
          steps: onVm1(
            "docker run -dit --network br_ipv6_nw --name cnt02 busybox >/dev/null",
            "for i in $(seq 50); do [ -z \"$(docker exec cnt02 ip -6 addr show tentative)\" ] && break; sleep 0.1; done",
            `docker exec cnt02 ping -6 -c 1 -W 1 ${CNT01}`,
          ),
          hint: "not its link-local address",
        },
      ],
      async check(c: Checker) {
        const vm1 = await c.vm("vm1");
        const nets = await c.run(vm1, "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' cnt02");
        const names = nets.exitCode === 0 ? nets.stdout.trim().split(/\s+/).filter(Boolean) : [];
        c.note("cnt02's networks (docker inspect)", nets.exitCode === 0 ? names.join(", ") || "none" : "no container cnt02", names.includes("br_ipv6_nw"));
        c.need(nets.exitCode === 0, "there is no container cnt02 yet: start it on br_ipv6_nw (`docker run -dit --network br_ipv6_nw --name cnt02 busybox`)");
        c.need(names.includes("br_ipv6_nw"), `cnt02 is not on br_ipv6_nw (it is on ${names.join(", ") || "no network"}): a link-local address reaches only the same link, and cnt01 is on br_ipv6_nw`);
        const neigh = (await c.run(vm1, "docker exec cnt02 ip -6 neigh show dev eth0")).stdout.trim();
        const lines = neigh.split("\n").filter(Boolean);
        const entry = lines.find((l) => l.startsWith(`${CNT01_LL} `));
        c.note("cnt02: ip -6 neigh show dev eth0", neigh || "empty", !!entry && !/FAILED|INCOMPLETE/.test(entry));
        c.need(entry && !/FAILED|INCOMPLETE/.test(entry),
          entry
            ? `cnt02 asked for ${CNT01_LL} but got no answer (${entry}): is that cnt01's link-local address?`
            : lines.some((l) => l.startsWith(`${CNT01} `))
              ? `cnt02 has found cnt01's global address ${CNT01} by NDP, but not its link-local address ${CNT01_LL}: ping that one (with \`%eth0\`)`
              : `cnt02's neighbour table has no entry for ${CNT01_LL}: nothing from cnt02 has been sent to it yet — ping it, with the zone \`%eth0\``);
      },
      passed: `cnt02, on br_ipv6_nw, found cnt01's link-local address ${CNT01_LL} by NDP and reached it.`,
    },
  ],
  cleanup: [...RESET, ...RESET_V6, ...onVm1(`rm -f ${SAVED}`)],
};
