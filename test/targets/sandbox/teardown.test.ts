// Nothing is left behind: not after `lab down`, not after the owner is SIGKILLed,
// and the machine's own network namespace never changes.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { describeSandbox } from "../../helpers/sandbox.js";
import { labCgroups } from "../../../src/targets/sandbox/_cleanup.js";

const root = join(import.meta.dirname, "../../..");
const cli = join(root, "dist/src/cli/index.js");

function machineNetworkState(): string {
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
  return [
    run("ip", ["-d", "link"]).replace(/^\s+(RX|TX).*$/gm, ""),
    run("ip", ["addr"]),
    run("ip", ["route", "show", "table", "all"]),
    run("ip", ["netns", "list"]),
    run("iptables-save", []).replace(/^#.*$/gm, ""),
    run("ip6tables-save", []).replace(/^#.*$/gm, ""),
    readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8"),
    readFileSync("/proc/sys/net/ipv6/conf/all/forwarding", "utf8"),
  ].join("\n---\n");
}

/** The network namespaces the given processes are in (default: every process on the machine). */
function netnsInodes(pids: Array<number | string> = readdirSync("/proc").filter((p) => /^\d+$/.test(p))): Set<string> {
  const seen = new Set<string>();
  for (const pid of pids) {
    try {
      seen.add(readlinkSync(`/proc/${pid}/ns/net`));
    } catch {
      /* gone */
    }
  }
  return seen;
}

/** Every process below `pid` in the process tree. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) if (pp === p) { out.push(child); walk(child); }
  };
  walk(pid);
  return out;
}

function processesOf(pids: number[]): number[] {
  return pids.filter((p) => existsSync(`/proc/${p}`));
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (let t = 0; t < ms; t += 50) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

describeSandbox("sandbox teardown", () => {
  it("SIGKILL of the owning process leaves no process, namespace, cgroup or state behind", async () => {
    const before = machineNetworkState();
    const owner = spawn(process.execPath, ["--input-type=module", "-e", `
      import { openLab } from ${JSON.stringify(join(root, "dist/src/targets/connect.js"))};
      const lab = openLab({ target: "sandbox", sandbox: "own" });
      const { state } = await lab.sandboxState();
      const vm1 = await lab.vm("vm1");
      // An engine restarted the way a learner does it, with a container of the new engine's.
      await vm1.sh\`systemctl restart docker && docker run -d --name victim busybox sleep 1000 && ip netns add RED\`;
      console.log(JSON.stringify(state));
      setInterval(() => {}, 1000);
    `], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
      let buf = "";
      owner.stdout!.on("data", (c) => { buf += c; if (buf.includes("\n")) resolve(buf.trim()); });
      owner.on("exit", (code) => reject(new Error(`owner exited early with ${code}`)));
    });
    const state = JSON.parse(line);
    const labNet = readlinkSync(`/proc/${state.labPid}/ns/net`);
    const labProcs = descendants(state.unsharePid);
    expect(labProcs.length).toBeGreaterThan(5); // the lab, three VMs, dockerd, containerd, the container...
    // Every namespace the lab's processes live in: the lab's, the VMs', the NAT gateways', the
    // container's (other labs may come and go meanwhile: only this lab's are judged).
    const labNamespaces = netnsInodes(labProcs);
    expect(labNamespaces.size).toBeGreaterThanOrEqual(5);
    expect(labCgroups(state.labId).length).toBeGreaterThan(0);

    owner.kill("SIGKILL");
    expect(await waitFor(() => processesOf([state.labPid, state.unsharePid, ...labProcs]).length === 0, 10_000)).toBe(true);
    expect(await waitFor(() => !existsSync(`/proc/${state.janitorPid}`), 10_000)).toBe(true);
    expect(labCgroups(state.labId)).toEqual([]);
    expect(netnsInodes().has(labNet)).toBe(false);
    const inodesAfter = netnsInodes();
    expect([...labNamespaces].filter((i) => inodesAfter.has(i))).toEqual([]);
    expect(machineNetworkState()).toBe(before);
  }, 60_000);

  it("`lab down` cleans up after a lab whose holder was SIGKILLed, and a second `lab up` is refused", async () => {
    const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-state-")) };
    const before = machineNetworkState();
    const up = execFileSync(process.execPath, [cli, "lab", "up"], { env, encoding: "utf8" });
    expect(up).toMatch(/vm1\s+docker1\s+192\.168\.50\.10\/24\s+10\.0\.2\.15\/24/);
    const again = execFileSync(process.execPath, [cli, "lab", "up"], { env, encoding: "utf8" });
    expect(again).toMatch(/already up/);
    const [record] = readdirSync(join(env.VETHBOOK_STATE_DIR, "labs")).filter((f) => f.endsWith(".json"));
    const state = JSON.parse(readFileSync(join(env.VETHBOOK_STATE_DIR, "labs", record!), "utf8"));
    process.kill(state.labPid, "SIGKILL");
    expect(await waitFor(() => !existsSync(`/proc/${state.labPid}`), 5000)).toBe(true);
    let status = "";
    try {
      execFileSync(process.execPath, [cli, "lab", "status"], { env, encoding: "utf8" });
    } catch (e: any) {
      status = e.stdout;
      expect(e.status).toBe(3);
    }
    expect(status === "" || /no lab is up/.test(status)).toBe(true);
    execFileSync(process.execPath, [cli, "lab", "down"], { env, encoding: "utf8" });
    expect(labCgroups(state.labId)).toEqual([]);
    expect(existsSync(join(env.VETHBOOK_STATE_DIR, "labs", record!))).toBe(false);
    expect(machineNetworkState()).toBe(before);
  }, 60_000);

  it("two `lab up` at once leave exactly one lab, and `lab down` leaves no process of it", async () => {
    const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-state-")), NO_COLOR: "1" };
    const up = () => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, "lab", "up"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (c) => (out += c));
      child.stderr.on("data", (c) => (out += c));
      child.on("exit", (code) => resolve({ code, out }));
    });
    const [a, b] = await Promise.all([up(), up()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const said = [a.out, b.out];
    expect(said.filter((o) => /sandbox lab \w+ is up; it stays up/.test(o)), said.join("\n---\n")).toHaveLength(1);
    expect(said.filter((o) => /already up \(lab \w+, started .* by a `lab up` that ran at the same time\)/.test(o))).toHaveLength(1);
    const labs = readdirSync(join(env.VETHBOOK_STATE_DIR, "labs")).filter((f) => f.endsWith(".json"));
    expect(labs).toHaveLength(1);
    const state = JSON.parse(readFileSync(join(env.VETHBOOK_STATE_DIR, "labs", labs[0]!), "utf8"));
    const procs = descendants(state.unsharePid);
    const dockerds = procs.filter((p) => readFileSync(`/proc/${p}/comm`, "utf8").trim() === "dockerd");
    expect(dockerds).toHaveLength(2); // vm1's and vm2's: one lab's worth
    execFileSync(process.execPath, [cli, "lab", "down"], { env, encoding: "utf8" });
    expect(await waitFor(() => processesOf([state.labPid, state.unsharePid, ...procs]).length === 0, 10_000)).toBe(true);
    expect(readdirSync(join(env.VETHBOOK_STATE_DIR, "labs")).filter((f) => f.endsWith(".json"))).toEqual([]);
  }, 90_000);

  it("a lab a process owns is listed by `lab status`, reached with `exec --lab`, and removed by `lab down --all`", async () => {
    const env = { ...process.env, VETHBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), "vethbook-state-")), NO_COLOR: "1" };
    const owner = spawn(process.execPath, ["--input-type=module", "-e", `
      import { openLab } from ${JSON.stringify(join(root, "dist/src/targets/connect.js"))};
      const lab = openLab({ target: "sandbox", sandbox: "own" });
      const { state } = await lab.sandboxState();
      console.log(JSON.stringify(state));
      setInterval(() => {}, 1000);
    `], { env, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const state = JSON.parse(await new Promise<string>((resolve) => {
        let buf = "";
        owner.stdout!.on("data", (c) => { buf += c; if (buf.includes("\n")) resolve(buf.trim()); });
      }));
      const status = spawnSync(process.execPath, [cli, "lab", "status"], { env, encoding: "utf8" });
      expect(status.status).toBe(3); // no lab of `lab up`
      expect(status.stdout).toContain("no lab is up");
      expect(status.stdout).toMatch(new RegExp(`another lab of yours:\\n  ${state.labId}  owned by .*\\(pid ${owner.pid}\\), up \\d+ s`));
      const host = spawnSync(process.execPath, [cli, "exec", "vm2", "--lab", state.labId, "--", "hostname"], { env, encoding: "utf8" });
      expect(host.stdout).toBe("docker2\n");
      const down = spawnSync(process.execPath, [cli, "lab", "down", "--all"], { env, encoding: "utf8" });
      expect(down.stdout).toContain(`pid ${owner.pid}), ${state.labId} is down`);
      expect(await waitFor(() => !existsSync(`/proc/${state.labPid}`), 5000)).toBe(true);
    } finally {
      owner.kill("SIGKILL");
    }
  }, 60_000);
});
