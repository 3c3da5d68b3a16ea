// The seeds' Docker commands run verbatim in the sandbox's Docker VMs: `systemctl restart
// docker` restarts that VM's dockerd with its own /etc/docker/daemon.json — and with it,
// chapter 6's way out: an IPv6 Docker network whose containers reach 2001:4860:4860::8844.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSandbox, ownLab } from "../../helpers/sandbox.js";
import type { Lab } from "../../../src/targets/connect.js";
import type { Vm } from "../../../src/command/vm.js";

const DAEMON_JSON = `{
  "ipv6": true,
  "fixed-cidr-v6": "2001:db8:1::/64"
}
`;

describeSandbox("sandbox: systemctl in the Docker VMs", () => {
  let lab: Lab;
  let vm1: Vm, vm2: Vm, vm3: Vm;
  const machineDaemonJson = () => { try { return readFileSync("/etc/docker/daemon.json", "utf8"); } catch (e: any) { return e.code as string; } };
  const before = machineDaemonJson();

  const pid = async (vm: Vm) => Number(await vm.sh`cat /run/docker.pid`.quiet().text());

  beforeAll(async () => {
    lab = await ownLab();
    [vm1, vm2, vm3] = await Promise.all(["vm1", "vm2", "vm3"].map((v) => lab.vm(v)));
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  });

  it("status says what systemd would: active (running), since when, and dockerd's PID", async () => {
    const r = await vm2.sh`systemctl status docker`.quiet();
    expect(r.stdout).toMatch(/^● docker\.service - Docker Application Container Engine$/m);
    expect(r.stdout).toMatch(/^ {5}Active: active \(running\) since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+; \d+s ago$/m);
    expect(r.stdout).toContain(`   Main PID: ${await pid(vm2)} (dockerd)`);
    expect(await vm2.sh`systemctl is-active docker.service`.quiet().text()).toBe("active");
  });

  it("restart picks up a daemon.json written to the VM's own /etc/docker, and the machine's stays as it was", async () => {
    expect(await vm1.sh`docker network inspect bridge --format '{{.EnableIPv6}}'`.quiet().text()).toBe("false");
    const old = await pid(vm1);
    await vm1.sh`printf '%s' ${DAEMON_JSON} > /etc/docker/daemon.json`.quiet();
    await vm1.sh`systemctl restart docker`.timeout("40s");
    expect(await pid(vm1)).not.toBe(old);
    expect(await vm1.sh`docker network inspect bridge --format '{{.EnableIPv6}} {{range .IPAM.Config}}{{.Subnet}} {{end}}'`.quiet().text()).toBe("true 172.17.0.0/16 2001:db8:1::/64");
    expect(await vm1.sh`ip -6 -br addr show docker0`.quiet().text()).toContain("2001:db8:1::1/64");
    // vm2 has its own /etc/docker, and so has the machine.
    expect((await vm2.sh`test -e /etc/docker/daemon.json`.quiet().nothrow()).exitCode).not.toBe(0);
    expect(machineDaemonJson()).toBe(before);
  }, 60_000);

  it("an IPv6 Docker network's container reaches 2001:4860:4860::8844 when vm1 masquerades it, and docker0's routed prefix reaches it as it is", async () => {
    await vm1.sh`docker network create --ipv6 --driver=bridge --subnet=fd5a:ceb9:ed8d:1::/64 -o com.docker.network.bridge.name=br_ipv6_nw br_ipv6_nw`.quiet();
    await vm1.sh`ip6tables -t nat -A POSTROUTING -s fd5a:ceb9:ed8d:1::/64 ! -o br_ipv6_nw -j MASQUERADE`.quiet();
    // A new bridge's addresses are tentative for a moment (DAD), as on any Linux host.
    const probe = "for i in 1 2 3 4 5; do ping -c 1 -W 1 2001:4860:4860::8844 >/dev/null && break; done; ping -6 -c 1 -W 2 dns.google && wget -qO- http://[2001:4860:4860::8844]/";
    try {
      const masq = await vm1.sh`docker run --rm --network br_ipv6_nw busybox sh -c ${probe}`.timeout("30s").quiet();
      expect(masq.stdout).toContain("Hello from 2001:4860:4860::8844");
      expect(masq.stdout).toMatch(/PING dns\.google \(2001:4860:4860::88(88|44)\)/);
      expect(await vm1.sh`conntrack -L -f ipv6 -p tcp 2>/dev/null`.quiet().text()).toMatch(/src=fd5a:ceb9:ed8d:1::2 dst=2001:4860:4860::8844 .* src=2001:4860:4860::8844 dst=2001:db8:0:1::15 /);
      const routed = await vm1.sh`docker run --rm busybox sh -c ${probe}`.timeout("30s").quiet();
      expect(routed.stdout).toContain("Hello from 2001:4860:4860::8844");
    } finally {
      await vm1.sh`ip6tables -t nat -D POSTROUTING -s fd5a:ceb9:ed8d:1::/64 ! -o br_ipv6_nw -j MASQUERADE; docker network rm br_ipv6_nw`.quiet().nothrow();
    }
  }, 90_000);

  it("reload sends dockerd SIGHUP; stop waits for it and its containers; start brings it back", async () => {
    const p = await pid(vm2);
    await vm2.sh`systemctl reload docker`.quiet();
    await vm2.sh`for i in $(seq 50); do grep -q 'Got signal to reload configuration' /run/vethbook/dockerd.log && break; sleep 0.1; done`.quiet();
    expect(await vm2.sh`grep -c 'Got signal to reload configuration' /run/vethbook/dockerd.log`.quiet().text()).not.toBe("0");
    expect(await pid(vm2)).toBe(p);

    await vm2.sh`docker run -d --name keeper --stop-timeout 1 busybox sleep 1000`.quiet();
    await vm2.sh`systemctl stop docker`.timeout("40s");
    const stopped = await vm2.sh`systemctl is-active docker`.quiet().nothrow();
    expect([stopped.stdout.trim(), stopped.exitCode]).toEqual(["inactive", 3]);
    expect(await vm2.sh`pgrep -x 'dockerd|containerd|containerd-shim.*|sleep' -a | grep -v 'sleep 86400' || true`.quiet().text()).toBe("");
    expect((await vm2.sh`systemctl status docker`.quiet().nothrow()).stdout).toMatch(/^○ docker\.service[\s\S]*Active: inactive \(dead\) since /m);
    expect((await vm2.sh`docker info`.quiet().nothrow()).exitCode).not.toBe(0);

    await vm2.sh`systemctl start docker`.timeout("40s");
    // "live-restore" is off: the container was stopped with the engine, as on the course VMs.
    expect(await vm2.sh`docker inspect -f '{{.State.Running}}' keeper`.quiet().text()).toBe("false");
    await vm2.sh`docker rm keeper`.quiet();
  }, 90_000);

  it("a daemon.json dockerd rejects fails the restart the way systemd reports it", async () => {
    await vm2.sh`echo '{"ipv6": tru' > /etc/docker/daemon.json`.quiet();
    try {
      const r = await vm2.sh`systemctl restart docker`.timeout("40s").quiet().nothrow();
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("Job for docker.service failed");
      const s = await vm2.sh`systemctl status docker`.quiet().nothrow();
      expect([s.exitCode, s.stdout]).toEqual([3, expect.stringMatching(/Active: failed \(Result: exit-code\)[\s\S]*daemon\.json/)]);
    } finally {
      await vm2.sh`rm -f /etc/docker/daemon.json && systemctl start docker`.timeout("40s").quiet();
    }
    expect(await vm2.sh`systemctl is-active docker`.quiet().text()).toBe("active");
  }, 90_000);

  it("works inside `ip netns exec` too: dockerd stays in the VM's own namespaces", async () => {
    await vm1.sh`ip netns add SYSTEMCTL-NS`.quiet();
    try {
      await vm1.netns("SYSTEMCTL-NS").sh`systemctl restart docker`.timeout("40s").quiet();
      const p = await pid(vm1);
      expect(await vm1.sh`readlink /proc/${p}/ns/net`.quiet().text()).toBe(await vm1.sh`readlink /proc/1/ns/net`.quiet().text());
    } finally {
      await vm1.sh`ip netns del SYSTEMCTL-NS`.quiet();
    }
  }, 60_000);

  it("says plainly what it cannot do: other units, other verbs, and vm3's missing engine", async () => {
    const other = await vm1.sh`systemctl restart nginx`.quiet().nothrow();
    expect(other.exitCode).toBe(5);
    expect(other.stderr).toContain("Unit nginx.service not found");
    expect(other.stderr).toContain("has no systemd");
    const verb = await vm1.sh`systemctl list-units`.quiet().nothrow();
    expect(verb.exitCode).toBe(1);
    expect(verb.stderr).toMatch(/this sandbox VM \(docker1\) has no systemd; vethbook's systemctl knows: docker\.service/);
    const gw = await vm3.sh`systemctl status docker`.quiet().nothrow();
    expect([gw.exitCode, gw.stderr]).toEqual([4, expect.stringContaining("Unit docker.service could not be found.")]);
  });
});
