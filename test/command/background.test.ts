// Background jobs in a real sandbox VM: tcpdump watching a veth while a ping crosses
// it, and a server that must stop promptly.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";
import type { Lab } from "../../src/targets/connect.js";
import type { Vm } from "../../src/command/vm.js";

describeSandbox("vm.bg", () => {
  let lab: Lab;
  let vm1: Vm;
  beforeAll(async () => {
    lab = await ownLab();
    vm1 = await lab.vm("vm1");
    await vm1.sh`ip netns add RED && ip netns add BLUE && ip link add veth0 netns RED type veth peer name veth1 netns BLUE && ip -n RED addr add 11.11.11.2/24 dev veth0 && ip -n BLUE addr add 11.11.11.3/24 dev veth1 && ip -n RED link set veth0 up && ip -n BLUE link set veth1 up`;
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  });

  it("tcpdump on the peer sees the ARP exchange, then the ICMP echo", async () => {
    const dump = await vm1.netns("BLUE").bg`tcpdump -l -n -i veth1 arp or icmp`;
    await dump.waitFor(/listening on veth1/);
    await vm1.netns("RED").sh`ping -c 1 -W 1 11.11.11.3`;
    await dump.waitFor(/ICMP echo reply/);
    const stopped = await dump.stop();
    const out = stopped.stdout;
    const order = ["ARP, Request who-has 11.11.11.3 tell 11.11.11.2", "ARP, Reply 11.11.11.3 is-at", "IP 11.11.11.2 > 11.11.11.3: ICMP echo request", "IP 11.11.11.3 > 11.11.11.2: ICMP echo reply"].map((s) => out.indexOf(s));
    expect(order.every((i) => i >= 0), out).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // SIGINT first: tcpdump prints its summary (on stderr) and exits 0 by itself
    expect(stopped.stderr).toMatch(/packets captured/);
    expect(stopped.exitCode).toBe(0);
    expect(stopped.signal).toBeNull();
  });

  it("a server stops promptly, says how it ended, and nothing of it is left", async () => {
    const server = await vm1.netns("RED").bg`python3 -u -m http.server 8000 --bind 11.11.11.2`;
    await server.waitFor(/Serving HTTP/);
    expect((await vm1.netns("BLUE").sh`curl -s -o /dev/null -w '%{http_code}' http://11.11.11.2:8000/`).stdout).toBe("200");
    const t = performance.now();
    const stopped = await server.stop();
    expect(performance.now() - t).toBeLessThan(1500);
    // SIGINT reached it: Python's server exits 0 on KeyboardInterrupt, and its request log
    // (stderr) comes back apart from stdout.
    expect(stopped).toMatchObject({ exitCode: 0, signal: null });
    expect(stopped.stdout).toContain("Keyboard interrupt received, exiting.");
    expect(stopped.stderr).toContain('"GET / HTTP/1.1" 200');
    expect((await vm1.sh`pgrep -f 'http.server 8000'`.nothrow()).exitCode).toBe(1);
  });

  it("waitFor says what the job printed when the pattern never comes", async () => {
    const job = await vm1.bg`echo starting; exit 3`;
    await expect(job.waitFor(/ready/, 2000)).rejects.toThrow(/ended before printing \/ready\/; it printed:\nstarting/);
  });

  it("stop() returns the job's own exit code and its stderr apart from its stdout", async () => {
    const job = await vm1.netns("RED").bg`echo out; echo err >&2; exit 3`;
    await expect(job.waitFor(/never/, 1500)).rejects.toThrow(/ended before printing/);
    const r = await job.stop();
    expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: "out\n", stderr: "err\n", netns: "RED", command: "echo out; echo err >&2; exit 3" });
    expect(r.ok).toBe(false);
  });

  it("leaves nothing of a stopped job on the VM", async () => {
    const job = await vm1.bg`sleep 60`;
    await job.stop();
    expect((await vm1.sh`pgrep -x sleep -s ${job.pid}`.nothrow()).exitCode).toBe(1);
    // its folder (pid, out, err, rc) is gone too
    expect((await vm1.sh`cat /run/vethbook/jobs/*/pid 2>/dev/null`.nothrow()).stdout.split("\n")).not.toContain(String(job.pid));
  });
});
