// vm.container("red"): commands inside a Docker container of a sandbox VM, with netns()'s API,
// against the real engine in vm1: its files, network and hostname; a timeout stops what ran in
// the container too (a `docker exec` client would leave it running); background jobs; and what
// a learner sees for a name that is not a container.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSandbox, ownLab } from "../../helpers/sandbox.js";
import type { Lab } from "../../../src/targets/connect.js";
import type { Vm } from "../../../src/command/vm.js";
import { CommandError } from "../../../src/command/result.js";
import { promptParts } from "../../../src/render/terminal.js";

describeSandbox("vm.container(name)", () => {
  let lab: Lab;
  let vm1: Vm;

  beforeAll(async () => {
    lab = await ownLab();
    vm1 = await lab.vm("vm1");
    await vm1.sh`docker run -d --name ctr-red --hostname red busybox sleep 1000`.quiet();
  }, 60_000);
  afterAll(async () => {
    if (vm1) await vm1.sh`docker rm -f ctr-red ctr-gone`.nothrow().quiet();
    await lab?.close();
  });

  it("runs in the container: its hostname, its busybox files, its eth0 address on docker0", async () => {
    const red = vm1.container("ctr-red");
    const inspect = await vm1.sh`docker inspect -f '{{.NetworkSettings.IPAddress}}' ctr-red`.text();
    expect(inspect).toMatch(/^172\.17\.0\.\d+$/);
    // (the image's applets are hard links to its busybox, as in Docker Hub's busybox image)
    const r = await red.sh`hostname; [ /bin/sh -ef /bin/busybox ] && echo "sh is busybox"; ip -4 -o addr show eth0`;
    const [host, sh, addr] = r.stdout.trim().split("\n");
    expect(host).toBe("red");
    expect(sh).toBe("sh is busybox"); // the image's sh, not the VM's bash
    expect(addr).toContain(`inet ${inspect}/16`);
    expect(r.container).toBe("ctr-red");
    expect(r.where).toBe("vm1 container ctr-red");
    // in its own PID namespace: the image's sleep is PID 1 there
    expect(await red.sh`cat /proc/1/cmdline | tr '\\0' ' '`.text()).toBe("sleep 1000");
    // and the prompt says it the way a learner would type it
    expect(promptParts({ hostname: "docker1", container: "ctr-red", command: "ping -c 1 8.8.8.8", stdout: "", stderr: "", exitCode: 0 }).command).toBe("docker exec ctr-red ping -c 1 8.8.8.8");
  });

  it("a timeout stops the command inside the container, and the container goes on", async () => {
    const red = vm1.container("ctr-red");
    const r = await red.sh`sleep 77`.timeout("500ms").nothrow();
    expect(r.timedOut).toBe(true);
    // nothing of it is left: neither in the container nor in the VM
    expect(await red.sh`ps -o args | grep -c '^sleep 77' || true`.text()).toBe("0");
    expect(await red.sh`echo still here`.text()).toBe("still here");
  });

  it("runs background jobs in the container", async () => {
    const job = await vm1.container("ctr-red").bg`ping -c 2 172.17.0.1`;
    for (let i = 0; i < 50 && !(await job.output()).includes("bytes from"); i++) await new Promise((r) => setTimeout(r, 100));
    const done = await job.stop();
    expect(done.container).toBe("ctr-red");
    // busybox's ping (the container's own), from the container's address
    expect(done.stdout).toMatch(/PING 172\.17\.0\.1 \(172\.17\.0\.1\): 56 data bytes/);
  });

  it("says which container is missing or stopped, and how to see or start it", async () => {
    const missing = await vm1.container("ctr-nope").sh`true`.nothrow();
    expect(missing.exitCode).toBe(125);
    expect(missing.stderr).toContain("no container named ctr-nope on docker1 (docker ps -a lists the containers there)");
    await vm1.sh`docker create --name ctr-gone busybox true`.quiet();
    const stopped = await vm1.container("ctr-gone").sh`true`.nothrow();
    expect(stopped.stderr).toContain("container ctr-gone on docker1 is not running (docker start ctr-gone starts it again)");
    const e = await vm1.container("ctr-nope").sh`true`.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CommandError);
    expect(() => vm1.container("red; reboot")).toThrow(/not a Docker container name/);
  });
});
