// The emulated internet: one namespace, `inet`, whose loopback holds the well-known
// addresses of two public resolvers. Every address answers ping, serves HTTP on port 80
// (busybox httpd) and answers DNS on port 53, UDP and TCP (Debian's dnsmasq), from a
// zone of two names. Every other name is NXDOMAIN at once, and dnsmasq has no upstream
// server: no lookup ever leaves the lab.
import { INTERNET_HOSTS, INTERNET_HOSTS6, INTERNET_NAMES } from "./course.js";

export const DNSMASQ_LOG = "/run/vethbook/dnsmasq.log";

/** dnsmasq's command line: the zone and nothing else (no /etc/hosts, no resolv.conf, no DHCP). */
export function dnsmasqArgs(): string[] {
  const records = INTERNET_NAMES.flatMap((n) =>
    Array.from({ length: Math.max(n.ipv4.length, n.ipv6.length) }, (_, i) =>
      // One name with an IPv4 and an IPv6 address: its A, AAAA and both PTR records.
      `--host-record=${[n.name, n.ipv4[i], n.ipv6[i]].filter(Boolean).join(",")}`),
  );
  return [
    "dnsmasq",
    "--keep-in-foreground",
    "--pid-file=",
    "--user=nobody",
    "--group=nogroup",
    "--no-resolv",
    "--no-hosts",
    "--no-poll",
    "--bind-interfaces",
    `--listen-address=${[...INTERNET_HOSTS, ...INTERNET_HOSTS6].join(",")}`,
    ...records,
    // Every name the zone lacks is local, hence NXDOMAIN, instead of a query forwarded nowhere.
    "--local=/#/",
    "--local-ttl=300",
    "--log-facility=-",
    "--log-queries",
  ];
}

/** The part of the lab script that builds `inet`. Needs `ip netns add inet` first. */
export function internetScript(): string {
  const httpd = (addr: string) => {
    const bind = addr.includes(":") ? `[${addr}]:80` : `${addr}:80`;
    return `mkdir -p /run/vethbook/www/${addr}
echo "Hello from ${addr} on the vethbook emulated internet" >/run/vethbook/www/${addr}/index.html
ip netns exec inet busybox httpd -f -p ${bind} -h /run/vethbook/www/${addr} &`;
  };
  return [
    ...INTERNET_HOSTS.map((ip) => `ip -n inet addr add ${ip}/32 dev lo`),
    ...INTERNET_HOSTS6.map((ip) => `ip -n inet addr add ${ip}/128 dev lo nodad`),
    ...[...INTERNET_HOSTS, ...INTERNET_HOSTS6].map(httpd),
    `ip netns exec inet ${dnsmasqArgs().join(" ")} >${DNSMASQ_LOG} 2>&1 &`,
  ].join("\n");
}

/** Lab-script lines that wait until dnsmasq listens on every address (UDP and TCP). */
export function internetReadyScript(): string {
  const want = 2 * (INTERNET_HOSTS.length + INTERNET_HOSTS6.length);
  return `for k in $(seq 250); do [ "$(ip netns exec inet ss -Hltun 'sport = :53' | wc -l)" -ge ${want} ] && break; sleep 0.01; done
[ "$(ip netns exec inet ss -Hltun 'sport = :53' | wc -l)" -ge ${want} ] || fail "the emulated internet's DNS server did not start: $(tail -5 ${DNSMASQ_LOG})"`;
}
