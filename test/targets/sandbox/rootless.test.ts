// The sandbox lab as a normal user: no privilege on the machine at all (setpriv: the user's
// own uid, gid and groups, every capability dropped). The lab lives in a user namespace the
// user owns; what it cannot do there that the root lab does is measured here, one gap at a time.
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxSkip } from "../../helpers/sandbox.js";
import { learner, learnersSkip, readableCheckout, runAs, type Learner } from "../../helpers/learners.js";
import { describeUnless } from "../../helpers/skip.js";
import type { LabState } from "../../../src/targets/sandbox/lab.js";

/** Every process whose user namespace is `userns`, with its real uid. */
function processesIn(userns: string): Array<{ pid: number; uid: number; comm: string }> {
  const found: Array<{ pid: number; uid: number; comm: string }> = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/ns/user`) !== userns) continue;
      const uid = Number(readFileSync(`/proc/${d}/status`, "utf8").match(/^Uid:\s+(\d+)/m)![1]);
      found.push({ pid: Number(d), uid, comm: readFileSync(`/proc/${d}/comm`, "utf8").trim() });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

function subStart(l: Learner): number {
  const line = readFileSync("/etc/subuid", "utf8").split("\n").find((x) => x.startsWith(`${l.name}:`))!;
  return Number(line.split(":")[1]);
}

describeUnless(sandboxSkip ?? learnersSkip)("a rootless lab, as a normal user", () => {
  let l: Learner;
  let vethbook: (...args: string[]) => ReturnType<typeof runAs>;
  let state: LabState;

  beforeAll(() => {
    l = learner("vethbook-l1");
    const cli = join(readableCheckout(l), "dist/src/cli/index.js");
    vethbook = (...args) => runAs(l, [process.execPath, cli, ...args]);
  });

  it("doctor says this user gets a rootless lab, and with which ids", () => {
    const r = vethbook("doctor");
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`✔ mode\\s+rootless: a user namespace of ${l.name}'s own \\(root = ${l.name}, uids 1-65536 = ${subStart(l)}-`));
    expect(r.stdout).toContain("this machine can run the sandbox lab");
  }, 60_000);

  it("where user namespaces are forbidden, doctor and lab up say exactly why and the fix", () => {
    // user.max_user_namespaces is per user namespace: set to 0 in one of the test's own, it
    // forbids every user namespace below it, as a machine's sysctl would (the machine's is untouched).
    const inForbidding = (...args: string[]) => runAs(l, ["unshare", "--user", "--map-root-user", "sh", "-c",
      'echo 0 >/proc/sys/user/max_user_namespaces && exec "$@"', "sh", process.execPath, join(readableCheckout(l), "dist/src/cli/index.js"), ...args]);
    const doc = inForbidding("doctor");
    expect(doc.status).toBe(1);
    expect(doc.stdout).toMatch(/✘ mode\s+neither root \(no CAP_NET_ADMIN and CAP_SYS_ADMIN: sudo npx vethbook lab up\) nor rootless: user.max_user_namespaces=0 allows no user namespaces at all \(fix, as root: sysctl -w user.max_user_namespaces=15000\)/);
    const up = inForbidding("lab", "up");
    expect(up.status).toBe(1);
    expect(up.stderr).toContain("which this machine forbids: user.max_user_namespaces=0");
  }, 60_000);

  it("a user without subordinate ids is told which ones and how to add them", () => {
    // nobody (65534) has no /etc/subuid range on a Debian machine.
    const r = runAs({ name: "nobody", uid: 65534, gid: 65534, home: "/tmp", state: "/tmp/vethbook-65534-none" }, [process.execPath, join(readableCheckout(l), "dist/src/cli/index.js"), "doctor"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("/etc/subuid gives nobody no range of 65536 uids (as root: usermod --add-subuids");
  }, 60_000);

  describeUnless(undefined)("with `lab up`", () => {
    beforeAll(() => {
      const r = vethbook("lab", "up");
      expect(r.status, r.stderr + r.stdout).toBe(0);
      const file = readdirSync(join(l.state, "labs")).find((f) => f.endsWith(".json"))!;
      state = JSON.parse(readFileSync(join(l.state, "labs", file), "utf8"));
    }, 180_000);
    afterAll(() => {
      vethbook("lab", "down");
    }, 60_000);

    it("is the course's lab: hostnames, addresses, the emulated internet, DNS", () => {
      expect(state.mode).toBe("rootless");
      const r = vethbook("lab", "status");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/vm1\s+docker1\s+192\.168\.50\.10\/24\s+10\.0\.2\.15\/24\s+20\.10/);
      expect(r.stdout).toMatch(/vm3\s+gw\s+192\.168\.50\.254\/24/);
      const ping = vethbook("exec", "vm2", "--", "ping", "-c", "1", "-W", "2", "192.168.50.254");
      expect(ping.stdout).toContain("1 received");
      const web = vethbook("exec", "vm3", "--", "curl", "-4", "-sS", "-m", "3", "http://dns.google/");
      expect(web.stdout).toContain("Hello from 8.8.8.8 on the vethbook emulated internet");
      expect(vethbook("exec", "vm1", "--", "id", "-un").stdout.trim()).toBe("root");
    }, 120_000);

    it("no process of it is the machine's root: each has the learner's uid or one of their subordinate uids", () => {
      const userns = readlinkSync(`/proc/${state.labPid}/ns/user`);
      expect(userns).not.toBe(readlinkSync("/proc/self/ns/user"));
      const procs = processesIn(userns);
      expect(procs.map((p) => p.comm)).toEqual(expect.arrayContaining(["dockerd", "containerd", "dnsmasq"]));
      const start = subStart(l);
      const foreign = procs.filter((p) => p.uid !== l.uid && !(p.uid >= start && p.uid < start + 65536));
      expect(foreign).toEqual([]);
      // dnsmasq runs as the lab's nobody: a subordinate uid, not the machine's nobody.
      expect(procs.find((p) => p.comm === "dnsmasq")!.uid).toBe(start + 65534 - 1);
    }, 120_000);

    it("runs Docker's real engine in vm1 and vm2: FORWARD DROP, the DOCKER chains, containers, published ports", () => {
      for (const vm of ["vm1", "vm2"]) {
        const rules = vethbook("exec", vm, "--", "iptables", "-S");
        expect(rules.stdout).toContain("-P FORWARD DROP");
        expect(rules.stdout).toContain("-N DOCKER-ISOLATION-STAGE-1");
        expect(rules.stdout).toContain("-A FORWARD -o docker0 -j DOCKER");
      }
      const run = vethbook("exec", "vm1", "--", "docker", "run", "--rm", "busybox", "ip", "-4", "addr", "show", "eth0");
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/inet 172\.17\.0\.\d+\/16/);
      // another user inside a container works too: the lab maps uids 1-65536
      expect(vethbook("exec", "vm1", "--", "docker", "run", "--rm", "--user", "1000:1000", "busybox", "id").stdout.trim()).toBe("uid=1000 gid=1000 groups=1000");
      const pub = vethbook("exec", "vm1", "--", "bash", "-c",
        "docker run -d --name web -p 8080:80 busybox sh -c 'echo published >/index.html; httpd -f -p 80 -h /' >/dev/null && sleep 1 && docker port web 80/tcp");
      expect(pub.status, pub.stderr).toBe(0);
      expect(vethbook("exec", "vm2", "--", "curl", "-sS", "-m", "3", "http://192.168.50.10:8080/").stdout).toContain("published");
      expect(vethbook("exec", "vm1", "--", "iptables", "-t", "nat", "-S", "DOCKER").stdout).toMatch(/--dport 8080 -j DNAT --to-destination 172\.17\.0\.\d+:80/);
      vethbook("exec", "vm1", "--", "docker", "rm", "-f", "web");
    }, 120_000);

    it("has the gaps from the root lab the README names, and only as measured", () => {
      // 1. Docker runs rootless: containers get no cgroup, so no resource limit takes effect.
      const info = vethbook("exec", "vm1", "--", "docker", "info");
      expect(info.stdout).toMatch(/Security Options:[\s\S]*rootless/);
      expect(info.stderr + info.stdout).toContain("Running in rootless-mode without cgroups");
      const mem = vethbook("exec", "vm1", "--", "docker", "run", "--rm", "--memory", "64m", "busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes");
      expect(mem.status, mem.stderr).toBe(0);
      expect(Number(mem.stdout.trim())).toBeGreaterThan(64 * 1024 * 1024);
      // 2. The machine's own files belong to an owner the lab has no number for: nobody.
      expect(vethbook("exec", "vm1", "--", "stat", "-c", "%u:%g", "/usr/sbin/iptables").stdout.trim()).toBe("65534:65534");
      // 3. Under /etc, only what the VM makes is writable; the machine's own subfolders are not.
      expect(vethbook("exec", "vm1", "--", "bash", "-c", "echo '{}' >/etc/docker/daemon.json && echo ok").stdout.trim()).toBe("ok");
      const etc = vethbook("exec", "vm1", "--", "bash", "-c", "echo 200 lab >>/etc/iproute2/rt_tables");
      expect(etc.status).not.toBe(0);
      expect(etc.stderr).toContain("Permission denied");
      vethbook("exec", "vm1", "--", "rm", "-f", "/etc/docker/daemon.json");
    }, 120_000);

    it("lab down leaves no process of it behind", () => {
      const userns = readlinkSync(`/proc/${state.labPid}/ns/user`);
      const r = vethbook("lab", "down");
      expect(r.status, r.stderr).toBe(0);
      expect(processesIn(userns)).toEqual([]);
    }, 60_000);
  });
});

describeUnless(sandboxSkip ?? learnersSkip)("a rootless lab owned by a process", () => {
  it("dies with its owner on SIGKILL, leaving no process and no record", async () => {
    const l = learner("vethbook-l1");
    const checkout = readableCheckout(l);
    const { spawn } = await import("node:child_process");
    const { asLearner } = await import("../../helpers/learners.js");
    const out = join(l.state, "out");
    const [bin, ...args] = asLearner(l, [process.execPath, join(checkout, "dist/src/cli/index.js"), "run", join(checkout, "notebooks/01-netns-veth.ipynb"), "--out", out]);
    const owner = spawn(bin!, args, { cwd: "/", stdio: "ignore" });
    const labs = join(l.state, "labs");
    let file: string | undefined;
    for (let i = 0; i < 1200 && !file; i++) {
      try {
        file = readdirSync(labs).find((f) => f.endsWith(".json"));
      } catch {
        /* not yet */
      }
      if (!file) await new Promise((r) => setTimeout(r, 100));
    }
    expect(file).toBeDefined();
    const st: LabState = JSON.parse(readFileSync(join(labs, file!), "utf8"));
    expect(st.owner.pid).toBe(owner.pid);
    const userns = readlinkSync(`/proc/${st.labPid}/ns/user`);
    expect(processesIn(userns).length).toBeGreaterThan(5);
    owner.kill("SIGKILL");
    let left = processesIn(userns);
    for (let i = 0; i < 100 && (left.length || readdirSync(labs).includes(file!)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = processesIn(userns);
    }
    expect(left).toEqual([]);
    expect(readdirSync(labs)).not.toContain(file);
  }, 180_000);
});

describeUnless(sandboxSkip ?? learnersSkip)("rootless labs of two users at once", () => {
  let a: Learner, b: Learner;
  let as: (l: Learner, ...args: string[]) => ReturnType<typeof runAs>;
  const labOf = (l: Learner): LabState => {
    const file = readdirSync(join(l.state, "labs")).find((f) => f.endsWith(".json"))!;
    return JSON.parse(readFileSync(join(l.state, "labs", file), "utf8"));
  };

  beforeAll(async () => {
    a = learner("vethbook-l1");
    b = learner("vethbook-l2");
    const cli = join(readableCheckout(a), "dist/src/cli/index.js");
    as = (l, ...args) => runAs(l, [process.execPath, cli, ...args]);
    // both at the same time
    const { execFile } = await import("node:child_process");
    const { asLearner } = await import("../../helpers/learners.js");
    const up = (l: Learner) => new Promise<void>((resolve, reject) => {
      const [bin, ...args] = asLearner(l, [process.execPath, cli, "lab", "up"]);
      execFile(bin!, args, { cwd: "/", timeout: 300_000 }, (err, _out, stderr) => (err ? reject(new Error(`${l.name}: ${stderr}`)) : resolve()));
    });
    await Promise.all([up(a), up(b)]);
  }, 320_000);
  afterAll(() => {
    as(a, "lab", "down");
    as(b, "lab", "down");
  }, 60_000);

  it("each has its own lab: the same addresses, rules one makes are not in the other", () => {
    expect(as(a, "exec", "vm1", "--", "iptables", "-N", "ONLY-IN-A").status).toBe(0);
    expect(as(a, "exec", "vm1", "--", "ip", "netns", "add", "RED-A").status).toBe(0);
    expect(as(a, "exec", "vm1", "--", "iptables", "-S").stdout).toContain("-N ONLY-IN-A");
    expect(as(b, "exec", "vm1", "--", "iptables", "-S").stdout).not.toContain("ONLY-IN-A");
    expect(as(b, "exec", "vm1", "--", "ip", "netns", "list").stdout).not.toContain("RED-A");
    expect(as(b, "exec", "vm1", "--", "ip", "-4", "-br", "addr", "show", "enp0s8").stdout).toContain("192.168.50.10/24");
    // b's processes are not in a's VM, nor a's in b's
    expect(as(b, "exec", "vm1", "--", "ps", "-eo", "args").stdout).not.toContain("RED-A");
    expect(labOf(a).labPid).not.toBe(labOf(b).labPid);
  }, 120_000);

  it("one user cannot enter, signal or read the other's lab", () => {
    const other = labOf(a);
    const enter = runAs(b, ["nsenter", "-t", String(other.labPid), "-U", "-n", "--", "true"]);
    expect(enter.status).not.toBe(0);
    expect(enter.stderr).toMatch(/Permission denied|Operation not permitted/);
    const kill = runAs(b, ["kill", "-0", String(other.labPid)]);
    expect(kill.status).not.toBe(0);
    expect(kill.stderr).toMatch(/Operation not permitted/);
    expect(runAs(b, ["cat", join(a.state, "labs", `${other.labId}.json`)]).status).not.toBe(0);
    expect(runAs(b, ["ls", `/proc/${other.labPid}/root/run`]).status).not.toBe(0);
  }, 60_000);

  it("traffic in one lab is not seen in the other", async () => {
    const { spawn } = await import("node:child_process");
    const { asLearner } = await import("../../helpers/learners.js");
    const cli = join(readableCheckout(a), "dist/src/cli/index.js");
    // tcpdump on vm2's enp0s8 in both labs; then b pings 192.168.50.20 (b's vm2) from b's vm1
    const watch = (l: Learner) => {
      const [bin, ...args] = asLearner(l, [process.execPath, cli, "exec", "vm2", "--", "timeout", "8", "tcpdump", "-l", "-n", "-i", "enp0s8", "icmp"]);
      const p = spawn(bin!, args, { cwd: "/" });
      let out = "", err = "";
      p.stdout.on("data", (c) => (out += c));
      p.stderr.on("data", (c) => (err += c));
      return { listening: () => err.includes("listening on"), done: new Promise<string>((r) => p.on("exit", () => r(out))) };
    };
    const wa = watch(a), wb = watch(b);
    for (let i = 0; i < 100 && !(wa.listening() && wb.listening()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(as(b, "exec", "vm1", "--", "ping", "-c", "2", "-W", "1", "192.168.50.20").stdout).toContain("2 received");
    const [sawA, sawB] = await Promise.all([wa.done, wb.done]);
    expect(sawB).toContain("192.168.50.10 > 192.168.50.20: ICMP echo request");
    expect(sawA).not.toContain("ICMP");
  }, 60_000);
});
