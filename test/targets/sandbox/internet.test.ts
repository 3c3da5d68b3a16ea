// The emulated internet's names and IPv6, as the VMs see them: resolvers that answer at
// 10.0.2.3, 1.1.1.1 and 8.8.8.8 (UDP and TCP) from a zone of two names, NXDOMAIN at once
// for every other name, no lookup that ever leaves the lab, and a dual-stack way out.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSandbox, ownLab } from "../../helpers/sandbox.js";
import type { Lab } from "../../../src/targets/connect.js";
import type { Vm } from "../../../src/command/vm.js";
import type { LabState } from "../../../src/targets/sandbox/_state.js";
import { COURSE_VMS, INTERNET_HOSTS, INTERNET_HOSTS6, INTERNET_NAMES, VM_RESOLV_CONF, vmEtcHosts } from "../../../src/targets/sandbox/course.js";

const DNS_PY = readFileSync(join(import.meta.dirname, "../../helpers/dns-query.py"), "utf8");

interface Answer { query: string; rcode?: number; answers?: string[]; ms?: number; id_ok?: boolean; error?: string }

/** The machine's own files the lab must never change. */
function machineFiles(): string {
  const read = (f: string) => { try { return readFileSync(f, "utf8"); } catch (e: any) { return `(${e.code})`; } };
  return [read("/etc/resolv.conf"), read("/etc/hosts"), read("/etc/hostname"), execFileSync("ls", ["-la", "--time-style=full-iso", "/etc/docker"], { encoding: "utf8" })].join("\n--\n");
}

/** PTR name of an address (in-addr.arpa or nibble ip6.arpa). */
function ptrName(ip: string): string {
  if (!ip.includes(":")) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  const [head, tail] = ip.split("::") as [string, string?];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t].map((g) => g.padStart(4, "0"));
  return `${groups.join("").split("").reverse().join(".")}.ip6.arpa`;
}

describeSandbox("sandbox: the emulated internet's names and IPv6", () => {
  let lab: Lab;
  let state: LabState;
  const vms: Record<string, Vm> = {};
  const before = machineFiles();

  const dns = async (vm: Vm, specs: string[]): Promise<Answer[]> =>
    (await vm.sh`python3 -c ${DNS_PY} ${specs}`.quiet().lines()).map((l) => JSON.parse(l) as Answer);

  /** A command in the lab's `inet` namespace, run from the test (the VMs cannot see it). */
  const inInet = (argv: string[]) => ["-t", String(state.labPid), "-m", "-n", "-p", "--", "ip", "netns", "exec", "inet", ...argv];

  beforeAll(async () => {
    lab = await ownLab();
    state = (await lab.sandboxState()).state;
    for (const v of COURSE_VMS) vms[v.name] = await lab.vm(v.name);
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  });

  it.each(COURSE_VMS.map((v) => [v.name, v] as const))("%s has the course's resolv.conf, hosts and hostname files, in an /etc of its own", async (name, spec) => {
    const vm = vms[name]!;
    expect(await vm.sh`cat /etc/resolv.conf`.quiet().then((r) => r.stdout)).toBe(VM_RESOLV_CONF);
    expect(await vm.sh`cat /etc/hosts`.quiet().then((r) => r.stdout)).toBe(vmEtcHosts(spec.hostname));
    expect(await vm.sh`cat /etc/hostname`.quiet().text()).toBe(spec.hostname);
    expect(await vm.sh`findmnt -n -o FSTYPE /etc`.quiet().text()).toBe("overlay");
  });

  it("10.0.2.3, 1.1.1.1 and 8.8.8.8 answer A, AAAA and PTR records over UDP and TCP", async () => {
    const expected = new Map<string, string[]>();
    for (const n of INTERNET_NAMES) {
      expected.set(`${n.name},A`, [...n.ipv4].sort());
      expected.set(`${n.name},AAAA`, [...n.ipv6].sort());
      for (const ip of [...n.ipv4, ...n.ipv6]) expected.set(`${ptrName(ip)},PTR`, [n.name]);
    }
    const servers = ["10.0.2.3", "1.1.1.1", "8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2606:4700:4700::1111"];
    const specs = servers.flatMap((s) => ["udp", "tcp"].flatMap((p) => [...expected.keys()].map((q) => `${s},${q},${p}`)));
    for (const vm of ["vm1", "vm3"]) {
      const got = await dns(vms[vm]!, specs);
      const wrong = got.filter((a) => {
        const [, name, type] = a.query.split(",");
        return a.error || a.rcode !== 0 || !a.id_ok || JSON.stringify(a.answers) !== JSON.stringify(expected.get(`${name},${type}`));
      });
      expect(wrong, `${vm}: answers that differ from the zone`).toEqual([]);
      expect(got).toHaveLength(specs.length);
    }
  });

  it("every other name is NXDOMAIN at once, for dig-style queries and for the VM's own resolver", async () => {
    const names = ["example.com,A", "docker1,A", "nosuch.dns.google,AAAA", "15.2.0.10.in-addr.arpa,PTR", "3.0.17.172.in-addr.arpa,PTR"];
    const specs = ["10.0.2.3", "1.1.1.1", "8.8.8.8"].flatMap((s) => ["udp", "tcp"].flatMap((p) => names.map((n) => `${s},${n},${p}`)));
    const got = await dns(vms.vm2!, specs);
    expect(got.filter((a) => a.rcode !== 3).map((a) => `${a.query}: ${a.error ?? a.rcode}`)).toEqual([]);
    expect(Math.max(...got.map((a) => a.ms!))).toBeLessThan(200);
    // glibc through resolv.conf, as every program in the VM asks.
    const r = await vms.vm1!.sh`s=$(date +%s%N); getent hosts nosuch.example; rc=$?; echo "$rc $(( ($(date +%s%N) - s) / 1000000 ))"`.quiet().text();
    const [rc, ms] = r.split(" ").map(Number);
    expect(rc).toBe(2); // getent: not found
    expect(ms).toBeLessThan(200);
    expect(await vms.vm1!.sh`getent hosts one.one.one.one`.quiet().text()).toMatch(/^2606:4700:4700::1111\s+one\.one\.one\.one$/);
  });

  it("python3 -m http.server in a namespace with a default route listens within 1 s", async () => {
    // Chapter 4's situation: FORWARD still drops the namespace's traffic, so any lookup it
    // sent would wait in vain; the server names its host from /etc/hosts, as on the course VMs.
    // Then with another host name, which only DNS can answer, and a path that lets it through.
    const script = String.raw`
set -e
ip netns add HTTPNS
ip link add hveth0 netns HTTPNS type veth peer name hveth1
ip addr add 11.11.99.1/24 dev hveth1 && ip link set hveth1 up
ip -n HTTPNS addr add 11.11.99.2/24 dev hveth0 && ip -n HTTPNS link set hveth0 up && ip -n HTTPNS link set lo up
ip -n HTTPNS route add default via 11.11.99.1
mkdir -p /tmp/httpns
listen_ms() {
  local s=$(date +%s%N) p k
  ip netns exec HTTPNS "$@" >/tmp/httpns/log 2>&1 &
  p=$!
  for k in $(seq 1000); do ip netns exec HTTPNS ss -Hltn 'sport = :80' | grep -q . && break; sleep 0.005; done
  echo $(( ($(date +%s%N) - s) / 1000000 ))
  kill $p; wait $p 2>/dev/null || true
}
a=$(listen_ms python3 -m http.server 80 --directory /tmp/httpns)
iptables -I DOCKER-USER -s 11.11.99.0/24 -j ACCEPT
iptables -I DOCKER-USER -d 11.11.99.0/24 -j ACCEPT
iptables -t nat -I POSTROUTING -s 11.11.99.0/24 -j MASQUERADE
b=$(listen_ms unshare --uts sh -c 'hostname not-in-hosts && exec python3 -m http.server 80 --directory /tmp/httpns')
echo "$a $b"
`;
    const cleanup = String.raw`
for p in $(ip netns pids HTTPNS 2>/dev/null); do kill $p; done
ip netns del HTTPNS 2>/dev/null; ip link del hveth1 2>/dev/null
iptables -D DOCKER-USER -s 11.11.99.0/24 -j ACCEPT 2>/dev/null; iptables -D DOCKER-USER -d 11.11.99.0/24 -j ACCEPT 2>/dev/null
iptables -t nat -D POSTROUTING -s 11.11.99.0/24 -j MASQUERADE 2>/dev/null
rm -rf /tmp/httpns; true`;
    try {
      const [chapter4, viaDns] = (await vms.vm1!.script(script).timeout("30s").quiet().text()).split(" ").map(Number);
      expect(chapter4).toBeLessThan(1000);
      expect(viaDns).toBeLessThan(1000);
    } finally {
      await vms.vm1!.script(cleanup).quiet().nothrow();
    }
    // The second server's lookups did reach the resolver, through vm1's MASQUERADE.
    const log = execFileSync("nsenter", ["-t", String(state.labPid), "-m", "--", "cat", "/run/vethbook/dnsmasq.log"], { encoding: "utf8" });
    expect(log).toMatch(/query\[A+\] not-in-hosts from 100\.64\.1\.2/);
  });

  it("tcpdump without -n names the internet's hosts, as the course's captures do", async () => {
    const job = await vms.vm1!.bg`tcpdump -l -i enp0s3 icmp`;
    await job.waitFor(/listening on/);
    await vms.vm1!.sh`ping -c 1 -W 2 8.8.8.8`.quiet();
    await job.waitFor(/dns\.google > 10\.0\.2\.15: ICMP echo reply/, 5000);
    const out = (await job.stop()).stdout;
    expect(out).toMatch(/IP 10\.0\.2\.15 > dns\.google: ICMP echo request/);
  });

  it.each(COURSE_VMS.map((v) => [v.name, v] as const))("%s reaches the internet's IPv6 hosts (ping6 and HTTP) from its enp0s3 address", async (name, spec) => {
    const vm = vms[name]!;
    expect(await vm.sh`ip -6 -br addr show dev enp0s3 scope global`.quiet().text()).toMatch(new RegExp(`\\s${spec.natIp6}/64`));
    expect(await vm.sh`ip -6 route show default`.quiet().text()).toMatch(/^default via fe80::2 dev enp0s3/);
    for (const ip of INTERNET_HOSTS6) {
      expect((await vm.sh`ping -6 -c 1 -W 2 ${ip}`.quiet().nothrow()).exitCode, `${name}: ping6 ${ip}`).toBe(0);
      expect(await vm.sh`curl -sS -m 3 http://[${ip}]/`.quiet().text()).toBe(`Hello from ${ip} on the vethbook emulated internet`);
    }
    expect(await vm.sh`curl -sS -m 3 http://8.8.4.4/`.quiet().text()).toBe("Hello from 8.8.4.4 on the vethbook emulated internet");
    // Routed, not translated: the internet sees the VM's own address.
    expect(await vm.sh`ip -6 route get 2001:4860:4860::8844`.quiet().text()).toContain(`src ${spec.natIp6}`);
  });

  it("no lookup leaves the lab: the resolver has no upstream, and every DNS packet is between the VMs and the lab's resolvers", async () => {
    const resolvers = new Set([...INTERNET_HOSTS, ...INTERNET_HOSTS6]);
    const capture = spawn("nsenter", inInet(["timeout", "3", "tcpdump", "-l", "-n", "-i", "any", "port", "53"]), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    capture.stdout.setEncoding("utf8").on("data", (c: string) => { out += c; });
    await new Promise<void>((resolve) => capture.stderr.setEncoding("utf8").on("data", (c: string) => { if (c.includes("listening on")) resolve(); }));
    await dns(vms.vm2!, ["10.0.2.3,www.example.org,A,udp", "1.1.1.1,dns.google,AAAA,tcp", "8.8.8.8,nosuch.test,A,udp"]);
    await vms.vm3!.sh`getent hosts vethbook.invalid; getent hosts 8.8.4.4`.quiet().nothrow();
    await new Promise((resolve) => capture.on("exit", resolve));
    const packets = out.split("\n").filter((l) => l.trim());
    expect(packets.length).toBeGreaterThan(6);
    const strays = packets.filter((l) => {
      const m = l.match(/ IP6? (\S+)\.(\d+) > (\S+)\.(\d+):/);
      if (!m) return true;
      const [, src, sport, dst, dport] = m;
      return !((dport === "53" && resolvers.has(dst!)) || (sport === "53" && resolvers.has(src!)));
    });
    expect(strays).toEqual([]);
    const log = execFileSync("nsenter", ["-t", String(state.labPid), "-m", "--", "cat", "/run/vethbook/dnsmasq.log"], { encoding: "utf8" });
    expect(log).toContain("no upstream servers configured");
    expect(log).not.toMatch(/forwarded /);
  });

  it("leaves the machine's own resolv.conf, hosts and /etc/docker alone", () => {
    expect(machineFiles()).toBe(before);
  });
});
