// A study group on one server: Debian's JupyterHub 3.0 with configurable-http-proxy, run from
// the repo's jupyterhub/jupyterhub_config.py on 127.0.0.1, three local users, their servers
// spawned through the hub's REST API, and chapter 01 run by all three at the same time through
// their own tslab kernels. Checks: all green, three labs that are each their owner's, and no
// process of any learner running as root on the machine.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxSkip } from "../helpers/sandbox.js";
import { learner, learnersSkip, readableCheckout, type Learner } from "../helpers/learners.js";
import { describeUnless, requirement } from "../helpers/skip.js";

const repo = join(import.meta.dirname, "../..");
// configurable-http-proxy comes from npm (a devDependency): Debian's runs only on Debian's nodejs.
const hubSkip = requirement(existsSync("/usr/bin/jupyterhub") && existsSync(join(import.meta.dirname, "../../node_modules/.bin/configurable-http-proxy")),
  "no JupyterHub here (fix: `vethbook doctor --fix --tests` installs Debian's jupyterhub; `npm ci` brings configurable-http-proxy)");

async function freePort(): Promise<number> {
  // the hub takes port, port+1 (proxy API) and port+2 (hub)
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const ok = await Promise.all([0, 1, 2].map((d) => new Promise<boolean>((r) => {
      const s = createServer().once("error", () => r(false)).listen(port + d, "127.0.0.1", () => s.close(() => r(true)));
    })));
    if (ok.every(Boolean)) return port;
  }
}

function procs(): Array<{ pid: number; ppid: number; uid: number; euid: number; comm: string; userns: string }> {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, "utf8");
      const [uid, euid] = status.match(/^Uid:\s+(\d+)\s+(\d+)/m)!.slice(1).map(Number);
      const ppid = Number(status.match(/^PPid:\s+(\d+)/m)![1]);
      out.push({ pid: Number(d), ppid, uid: uid!, euid: euid!, comm: readFileSync(`/proc/${d}/comm`, "utf8").trim(), userns: readlinkSync(`/proc/${d}/ns/user`) });
    } catch {
      /* gone */
    }
  }
  return out;
}

function descendants(root: number, all: ReturnType<typeof procs>): ReturnType<typeof procs> {
  const out: ReturnType<typeof procs> = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop()!;
    for (const c of all.filter((x) => x.ppid === p)) {
      out.push(c);
      todo.push(c.pid);
    }
  }
  return out;
}

describeUnless(sandboxSkip ?? learnersSkip ?? hubSkip)("JupyterHub: three learners, chapter 01 at once, rootless labs", () => {
  let hub: ChildProcess;
  let hubLog = "";
  let url = "";
  const token = randomBytes(16).toString("hex");
  let learners: Learner[] = [];

  const api = async (method: string, path: string) => {
    const r = await fetch(`${url}/hub/api${path}`, { method, headers: { Authorization: `token ${token}` } });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    learners = ["vethbook-l1", "vethbook-l2", "vethbook-l3"].map(learner);
    const checkout = readableCheckout(learners[0]!);
    // the tslab kernel, registered where every learner's server looks
    const kernels = mkdtempSync(join(tmpdir(), "vethbook-hub-kernels-"));
    chmodSync(kernels, 0o755);
    const k = spawnSync(process.execPath, [join(checkout, "dist/src/cli/index.js"), "kernel", "install", "--prefix", kernels], { encoding: "utf8" });
    expect(k.status, k.stderr + k.stdout).toBe(0);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const dir = mkdtempSync(join(tmpdir(), "vethbook-hub-"));
    hub = spawn("/usr/bin/jupyterhub", ["-f", join(repo, "jupyterhub/jupyterhub_config.py")], {
      cwd: dir,
      env: { PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", LANG: "C.UTF-8", VETHBOOK_CHECKOUT: checkout, VETHBOOK_HUB_PORT: String(port),
        VETHBOOK_HUB_USERS: learners.map((l) => l.name).join(","), VETHBOOK_HUB_TOKEN: token, VETHBOOK_KERNELS: join(kernels, "share/jupyter") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    hub.stdout!.on("data", (c) => (hubLog += c));
    hub.stderr!.on("data", (c) => (hubLog += c));
    for (let i = 0; i < 600; i++) {
      try {
        if ((await api("GET", "/")).status === 200) break;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await api("GET", "/")).status, hubLog).toBe(200);
  }, 120_000);

  afterAll(async () => {
    for (const l of learners) await api("DELETE", `/users/${l.name}/server`).catch(() => {});
    hub?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 3000));
    if (hub && hub.exitCode === null) hub.kill("SIGKILL");
  }, 60_000);

  it("spawns each learner's server through the REST API and runs chapter 01 in all three at once", async () => {
    for (const l of learners) {
      const made = await fetch(`${url}/hub/api/users/${l.name}`, { method: "POST", headers: { Authorization: `token ${token}` } });
      expect([201, 409]).toContain(made.status);
      const s = await api("POST", `/users/${l.name}/server`);
      expect([201, 202], JSON.stringify(s.body) + hubLog.slice(-3000)).toContain(s.status);
    }
    for (const l of learners) {
      let ready = false;
      for (let i = 0; i < 1200 && !ready; i++) {
        const u = await api("GET", `/users/${l.name}`);
        ready = u.body?.servers?.[""]?.ready === true;
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, hubLog.slice(-3000)).toBe(true);
    }
    // chapter 01, in three kernels at once
    const runs = learners.map((l) => {
      const p = spawn("/usr/bin/python3", [join(repo, "test/hub/run-chapter.py"), url, l.name, token, "vethbook/notebooks/01-netns-veth.ipynb"], { stdio: ["pipe", "pipe", "pipe"] });
      let out = "", err = "";
      p.stdout!.on("data", (c) => (out += c));
      p.stderr!.on("data", (c) => (err += c));
      const result = new Promise<{ user: string; cells: number; errors: unknown[]; kernel_pid: number }>((resolve, reject) => {
        const check = setInterval(() => {
          if (out.includes("\n")) {
            clearInterval(check);
            resolve(JSON.parse(out.split("\n")[0]!));
          }
        }, 100);
        p.on("exit", (code) => {
          clearInterval(check);
          if (!out.includes("\n")) reject(new Error(`${l.name}: exit ${code}\n${err}\n${hubLog.slice(-2000)}`));
        });
      });
      return { p, result };
    });
    const results = await Promise.all(runs.map((r) => r.result));
    try {
      for (const r of results) {
        expect(r.errors, r.user).toEqual([]);
        expect(r.cells).toBeGreaterThan(5);
      }
      // each kernel runs as its learner, with a lab of its own in a user namespace of its own
      const all = procs();
      const userns = new Set<string>();
      learners.forEach((l, i) => {
        const kernel = all.find((p) => p.pid === results[i]!.kernel_pid)!;
        expect(kernel.uid).toBe(l.uid);
        const labs = readdirSync(join(`/tmp/vethbook-${l.uid}`, "labs")).filter((f) => f.endsWith(".json"));
        const mine = labs.map((f) => JSON.parse(readFileSync(join(`/tmp/vethbook-${l.uid}`, "labs", f), "utf8")))
          .filter((s) => s.owner.pid === kernel.pid);
        expect(mine.length, `${l.name}'s kernel has one lab`).toBe(1);
        expect(mine[0].mode).toBe("rootless");
        userns.add(readlinkSync(`/proc/${mine[0].labPid}/ns/user`));
      });
      expect(userns.size).toBe(3);
      // no learner process runs as the machine's root: everything under each learner's server
      for (const l of learners) {
        const server = all.find((p) => p.uid === l.uid && /jupyterhub-sing|python3?/.test(p.comm) && all.find((q) => q.pid === p.ppid)?.uid === 0);
        expect(server, `${l.name}'s server`).toBeDefined();
        const tree = [server!, ...descendants(server!.pid, all)];
        expect(tree.length).toBeGreaterThan(10);
        // in the machine's user namespace, the learner's uid; in the lab's, their subordinate ids
        const rootOnMachine = tree.filter((p) => p.uid === 0 || p.euid === 0);
        expect(rootOnMachine, l.name).toEqual([]);
      }
    } finally {
      for (const r of runs) r.p.stdin!.end("\n");
      await Promise.all(runs.map((r) => new Promise((res) => (r.p.exitCode !== null ? res(0) : r.p.on("exit", res)))));
    }
  }, 600_000);
});
