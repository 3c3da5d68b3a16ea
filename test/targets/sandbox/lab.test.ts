// The sandbox lab against the course's table: addresses, hostnames, who reaches whom,
// Docker's engine and its rules, and isolation from the machine and between VMs.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSandbox, ownLab } from "../../helpers/sandbox.js";
import type { Lab } from "../../../src/targets/connect.js";
import type { Vm } from "../../../src/command/vm.js";
import { COURSE_VMS } from "../../../src/targets/sandbox/course.js";

describeSandbox("sandbox lab", () => {
  let lab: Lab;
  const vms: Record<string, Vm> = {};

  beforeAll(async () => {
    lab = await ownLab();
    for (const v of COURSE_VMS) vms[v.name] = await lab.vm(v.name);
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  });

  it.each(COURSE_VMS.map((v) => [v.name, v] as const))("%s has the course's hostname, addresses and default route", async (name, spec) => {
    const vm = vms[name]!;
    expect(await vm.sh`hostname`.text()).toBe(spec.hostname);
    const addrs = await vm.sh`ip -j -4 addr`.json<Array<{ ifname: string; address: string; addr_info: Array<{ local: string; prefixlen: number }> }>>();
    const by = Object.fromEntries(addrs.map((a) => [a.ifname, a]));
    expect(by.enp0s8!.addr_info[0]).toMatchObject({ local: spec.privateIp, prefixlen: 24 });
    expect(by.enp0s3!.addr_info[0]).toMatchObject({ local: "10.0.2.15", prefixlen: 24 });
    const links = await vm.sh`ip -j link show enp0s3`.json<Array<{ address: string }>>();
    expect(links[0]!.address).toBe(`08:00:27:00:0${COURSE_VMS.indexOf(spec) + 1}:03`);
    expect(await vm.sh`ip route show default`.text()).toMatch(/^default via 10\.0\.2\.2 dev enp0s3/);
  });

  it("every VM reaches every other over the private network, its NAT gateway and the emulated internet", async () => {
    const checks = COURSE_VMS.flatMap((from) =>
      [...COURSE_VMS.filter((to) => to !== from).map((to) => to.privateIp), "10.0.2.2", "8.8.8.8", "1.1.1.1"].map(async (ip) => {
        const r = await vms[from.name]!.sh`ping -c 1 -W 2 ${ip}`.nothrow().quiet();
        return `${from.name}->${ip}:${r.exitCode === 0 ? "ok" : "FAIL"}`;
      }),
    );
    const results = await Promise.all(checks);
    expect(results.filter((r) => r.endsWith("FAIL"))).toEqual([]);
    expect(results).toHaveLength(15);
  });

  it("the emulated internet serves HTTP on port 80, and says which host answered", async () => {
    expect(await vms.vm3!.sh`curl -s --max-time 3 http://8.8.8.8/`.text()).toBe("Hello from 8.8.8.8 on the vethbook emulated internet");
    expect(await vms.vm1!.sh`curl -s --max-time 3 http://1.1.1.1/`.text()).toContain("1.1.1.1");
  });

  it("the NAT gateway masquerades: the internet sees the gateway, not 10.0.2.15", async () => {
    // From inside a VM the source after NAT is not visible, but conntrack-free proof is: the
    // internet has no route back to 10.0.2.0/24, so a reply can only arrive through SNAT.
    const r = await vms.vm1!.sh`ping -c 1 -W 2 8.8.8.8`.nothrow();
    expect(r.exitCode).toBe(0);
    expect(await vms.vm1!.sh`ip route get 8.8.8.8`.text()).toMatch(/via 10\.0\.2\.2 dev enp0s3 src 10\.0\.2\.15/);
  });

  it.each(["vm1", "vm2"])("Docker's own engine runs in %s with its rules in force", async (name) => {
    const vm = vms[name]!;
    expect(await vm.sh`docker info --format '{{.ServerVersion}}'`.text()).toMatch(/^20\.10/);
    expect(await vm.sh`docker images --format '{{.Repository}}:{{.Tag}}'`.text()).toContain("busybox:latest");
    const filter = await vm.sh`iptables -S`.text();
    expect(filter).toContain("-P FORWARD DROP");
    for (const chain of ["DOCKER", "DOCKER-USER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2"]) expect(filter).toContain(`-N ${chain}`);
    expect(await vm.sh`iptables -t nat -S POSTROUTING`.text()).toContain("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    expect(await vm.sh`cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/bridge/bridge-nf-call-iptables`.lines()).toEqual(["1", "1"]);
    expect(await vm.sh`ip -4 -br addr show docker0`.text()).toContain("172.17.0.1/16");
  });

  it("vm3 (gw) has no Docker engine", async () => {
    expect((await vms.vm3!.sh`test -S /run/docker.sock`.nothrow()).exitCode).not.toBe(0);
    expect(await vms.vm3!.sh`iptables -S FORWARD`.text()).toBe("-P FORWARD ACCEPT");
  });

  it("a busybox container on docker0 reaches its gateway and the emulated internet", async () => {
    const r = await vms.vm1!.sh`docker run --rm busybox sh -c 'ping -c 1 -W 2 172.17.0.1 && ping -c 1 -W 2 8.8.8.8 && wget -qO- http://1.1.1.1/'`.timeout("30s");
    expect(r.stdout).toContain("Hello from 1.1.1.1");
  });

  it("`ip netns add` inside a VM stays inside it", async () => {
    await vms.vm1!.sh`ip netns add ISOLATION-PROBE`;
    try {
      expect(await vms.vm1!.sh`ip netns list`.text()).toContain("ISOLATION-PROBE");
      expect(await vms.vm2!.sh`ip netns list`.text()).not.toContain("ISOLATION-PROBE");
      expect(execFileSync("ip", ["netns", "list"], { encoding: "utf8" })).not.toContain("ISOLATION-PROBE");
      const r = await vms.vm1!.netns("ISOLATION-PROBE").sh`ip -br link`;
      expect(r.stdout.trim()).toMatch(/^lo\s+DOWN/);
    } finally {
      await vms.vm1!.sh`ip netns del ISOLATION-PROBE`;
    }
  });

  it("a timed-out command is killed and the VM stays usable", async () => {
    const r = await vms.vm2!.sh`sleep 20`.timeout("500ms").nothrow();
    expect(r.timedOut).toBe(true);
    expect(await vms.vm2!.sh`hostname`.text()).toBe("docker2");
    expect(await vms.vm2!.sh`pgrep -x sleep | wc -l`.text()).toBe("1"); // only the VM holder's own sleep
  });

  it("persistent shells answer quickly", async () => {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) times.push((await vms.vm1!.sh`true`.quiet()).durationMs);
    times.sort((a, b) => a - b);
    expect(times[25]).toBeLessThan(50); // a loose sanity bound; the benchmark holds the real target
  });
});
