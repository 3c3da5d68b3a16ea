// A learner at the keyboard, against the real thing: a tslab kernel started and driven the
// way Jupyter's notebook server does it (jupyter_client: ZMQ, SIGINT for Interrupt,
// shutdown-then-kill for Restart), with the sandbox lab the kernel starts for itself.
// Each kernel gets a state folder of its own, so labs of other runs on this machine are
// neither seen nor touched.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { alive, HELPERS, Kernel, kernelSkip, labsIn, ROOT, stateDir, until, type Execution } from "../helpers/kernel.js";
import { sandboxSkip } from "../helpers/sandbox.js";
import { describeUnless } from "../helpers/skip.js";

const skip = kernelSkip ?? sandboxSkip;

const IMPORT = `import { lab, show, expect } from "${HELPERS}";`;

/** What a learner reads in the cell: its text, without the terminal blocks. */
function said(r: Execution): string {
  return r.text;
}

/** The text of the last state of each terminal block the cell showed. */
function blocks(r: Execution): string[] {
  const last = new Map<string, string>();
  let n = 0;
  for (const o of r.outputs) {
    const plain = o.data?.["text/plain"];
    if (typeof plain !== "string" || !o.data?.["application/vnd.vethbook.terminal+json"]) continue;
    last.set(o.display_id ?? `once-${n++}`, plain);
  }
  return [...last.values()];
}

describeUnless(skip)("a learner's kernel: interrupt, live output, failures", () => {
  const state = stateDir();
  let k: Kernel;

  beforeAll(async () => {
    k = await Kernel.start({ env: { VETHBOOK_STATE_DIR: state } });
    const r = await k.execute(`${IMPORT}\nconst vm1 = await lab.vm("vm1");\n(await vm1.sh\`hostname\`.quiet()).stdout`, { timeoutS: 90 });
    expect(r.status, said(r)).toBe("ok");
    expect(said(r)).toContain("docker1");
  }, 120_000);
  afterAll(async () => {
    await k?.shutdown();
  });

  it("Interrupt ends a forgotten endless ping within a second, in one line, and the next cell runs", async () => {
    const r = await k.execute("await vm1.sh`ping 8.8.8.8`", { interruptAfterS: 2.5, timeoutS: 20 });
    expect(r.interrupted_at).not.toBeNull();
    console.info(`SIGINT to the kernel's idle: ${((r.elapsed - r.interrupted_at!) * 1000).toFixed(0)} ms`);
    expect(r.elapsed - r.interrupted_at!).toBeLessThan(1);
    expect(said(r)).toMatch(/^interrupted: `ping 8\.8\.8\.8` on docker1 after \d\.\d s\n/);
    expect(said(r)).not.toMatch(/Interrupted asynchronously|createExecutor|node_modules|\n\s+at /);
    // The block shows what ping printed until then, and says it was interrupted.
    const [block] = blocks(r);
    expect(block).toMatch(/icmp_seq=2 .*\n[\s\S]*\[interrupted\]/);

    const next = await k.execute("await vm1.sh`pgrep -x ping || echo 'no ping'; hostname`");
    expect(next.status).toBe("ok");
    expect(blocks(next)[0]).toMatch(/no ping\ndocker1\n/);
    // A cell that ends in a command's result shows its block and nothing else.
    expect(said(next)).toBe("");
  }, 60_000);

  it("Interrupt also stops the background jobs the cell started, and the lab goes on", async () => {
    const r = await k.execute("const dump = await vm1.bg`tcpdump -l -n -i enp0s8`;\nawait vm1.sh`sleep 30`", { interruptAfterS: 2, timeoutS: 20 });
    expect(r.elapsed - r.interrupted_at!).toBeLessThan(1);
    expect(said(r)).toContain("interrupted: `sleep 30` on docker1");
    const next = await k.execute("(await vm1.sh`pgrep -x tcpdump || echo 'no tcpdump'; pgrep -fx 'sleep 30' || echo 'no sleep'`.quiet()).stdout");
    expect(next.status).toBe("ok");
    expect(said(next)).toContain("no tcpdump\nno sleep");
  }, 60_000);

  it("streams a command's output into its block while it runs, and keeps the final state", async () => {
    const r = await k.execute("await vm1.sh`ping -c 5 -i 0.4 8.8.8.8`", { timeoutS: 20 });
    expect(r.status).toBe("ok");
    const live = r.outputs.filter((o) => o.display_id && o.data?.["application/vnd.vethbook.terminal+json"]);
    expect(new Set(live.map((o) => o.display_id)).size).toBe(1);
    expect(live[0]!.output_type).toBe("display_data");
    // Seen while it ran: the first reply long before the end, then more, then the summary.
    const firstReply = live.find((o) => /icmp_seq=1 /.test(String(o.data!["text/plain"])))!;
    expect(firstReply.t).toBeLessThan(r.elapsed - 1);
    expect(live.filter((o) => o.output_type === "update_display_data").length).toBeGreaterThanOrEqual(3);
    expect(String(live.at(-1)!.data!["text/plain"])).toMatch(/5 packets transmitted, 5 received[\s\S]*\(\d\.\d+ s\)\n$/);
    expect(String(live.at(-1)!.data!["text/plain"])).not.toContain("running");
  }, 60_000);

  it("shows a background tcpdump's lines as they come, before it is stopped", async () => {
    const r = await k.execute(
      "const icmp = await vm1.bg`tcpdump -l -n -i enp0s8 icmp`;\nawait icmp.waitFor(/listening on/);\nawait vm1.sh`ping -c 3 -i 0.3 192.168.50.20`.quiet();\nawait new Promise((r) => setTimeout(r, 1500));\nawait icmp.stop();",
      { timeoutS: 30 },
    );
    expect(r.status, said(r)).toBe("ok");
    const job = r.outputs.filter((o) => o.display_id && String(o.data?.["text/plain"] ?? "").includes("tcpdump -l -n"));
    const stoppedAt = job.at(-1)!.t;
    const sawReplyEarly = job.find((o) => /ICMP echo reply/.test(String(o.data!["text/plain"])) && /running/.test(String(o.data!["text/plain"])));
    expect(sawReplyEarly, JSON.stringify(job.map((o) => o.data!["text/plain"]))).toBeDefined();
    expect(sawReplyEarly!.t).toBeLessThan(stoppedAt);
    expect(String(job.at(-1)!.data!["text/plain"])).toMatch(/6 packets captured/);
  }, 60_000);

  it("shows a failing command in a few lines: what ran, where, its exit code, the learner's line", async () => {
    const r = await k.execute("const out = await vm1.sh`ip link show nosuchdev`");
    expect(r.status).toBe("error");
    expect(blocks(r)[0]).toContain('Device "nosuchdev" does not exist.');
    expect(said(r)).toBe("✘ `ip link show nosuchdev` on docker1 exited with code 1\n  ↳ in this cell: const out = await vm1.sh`ip link show nosuchdev`\n");
  }, 30_000);

  it("shows a failed expectation as expected against seen, with the learner's line", async () => {
    const r = await k.execute("const who = await vm1.sh`hostname`.quiet();\nexpect(who.stdout).toContain(\"docker2\")");
    expect(r.status).toBe("error");
    const text = said(r);
    expect(text).toContain("docker2");
    expect(text).toContain("docker1");
    expect(text).toContain('↳ in this cell: expect(who.stdout).toContain("docker2")');
    expect(text).not.toMatch(/\n\s+at |node_modules/);
    expect(text.split("\n").length).toBeLessThan(8);
  }, 30_000);

  it("show.watch redraws the counters in place until its limit", async () => {
    const r = await k.execute(
      "const pinger = await vm1.bg`ping -i 0.2 192.168.50.20`;\nconst seen = await show.watch(vm1, { table: \"filter\", chains: [\"OUTPUT\"] }, { every: \"0.5s\", for: \"2.5s\" });\nawait pinger.stop();\nseen.looks",
      { timeoutS: 30 },
    );
    expect(r.status, said(r)).toBe("ok");
    const ids = r.outputs.filter((o) => o.display_id && o.data?.["text/html"] && !o.data?.["application/vnd.vethbook.terminal+json"]);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids.map((o) => o.display_id)).size).toBe(1);
    expect(Number(said(r).trim().split("\n").at(-1))).toBeGreaterThanOrEqual(4);
  }, 60_000);
});

describeUnless(skip)("a learner's kernel: restart and a server that dies", () => {
  it("Restart gives a working lab and leaves nothing of the old kernel's lab behind", async () => {
    const state = stateDir();
    const k = await Kernel.start({ env: { VETHBOOK_STATE_DIR: state } });
    try {
      const first = await k.execute(`${IMPORT}\nconst vm1 = await lab.vm("vm1");\nawait vm1.bg\`sleep 600\`;\n(await vm1.sh\`hostname\`.quiet()).stdout`, { timeoutS: 90 });
      expect(first.status, said(first)).toBe("ok");
      const [old] = labsIn(state).filter((l) => l.owner.pid === k.pid);
      expect(old, `labs in ${state}: ${JSON.stringify(labsIn(state))}`).toBeDefined();
      const oldPids = [k.pid, old!.labPid, old!.unsharePid, old!.janitorPid];

      await k.restart();
      expect(k.pid).not.toBe(oldPids[0]);
      expect(await until(() => oldPids.every((p) => !alive(p)), 5000), `still running: ${oldPids.filter(alive)}`).toBe(true);

      const again = await k.execute(`${IMPORT}\nconst vm1 = await lab.vm("vm1");\n(await vm1.sh\`hostname; pgrep -fx 'sleep 600' || echo 'no sleep'\`.quiet()).stdout`, { timeoutS: 90 });
      expect(again.status, said(again)).toBe("ok");
      expect(said(again)).toContain("docker1\nno sleep");
    } finally {
      await k.shutdown();
    }
  }, 180_000);

  it("a kernel whose notebook server was killed ends its lab and exits", async () => {
    const state = stateDir();
    const k = await Kernel.start({ env: { VETHBOOK_STATE_DIR: state } });
    const r = await k.execute(`${IMPORT}\nconst vm1 = await lab.vm("vm1");\n(await vm1.sh\`hostname\`.quiet()).stdout`, { timeoutS: 90 });
    expect(r.status, said(r)).toBe("ok");
    const [mine] = labsIn(state).filter((l) => l.owner.pid === k.pid);
    expect(mine).toBeDefined();
    k.killServer();
    expect(await until(() => !alive(k.pid) && !alive(mine!.labPid), 8000), "the orphaned kernel or its lab is still running").toBe(true);
    expect(labsIn(state).filter((l) => l.labId === mine!.labId)).toEqual([]);
  }, 120_000);
});

describeUnless(skip)("two notebooks at once", () => {
  const state = stateDir();
  const env = { VETHBOOK_STATE_DIR: state };
  const cli = (...args: string[]) => execFileSync(process.execPath, [join(ROOT, "dist", "src", "cli", "index.js"), ...args], { env: { ...process.env, ...env, NO_COLOR: "1" }, encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
  let a: Kernel;
  let b: Kernel;

  beforeAll(async () => {
    cli("lab", "up");
    [a, b] = await Promise.all([Kernel.start({ env }), Kernel.start({ env })]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.shutdown(), b?.shutdown()]);
    cli("lab", "down", "--all");
  }, 60_000);

  it("the first drives `lab up`'s lab; the second gets a lab of its own and says who has the shared one", async () => {
    const shared = labsIn(state).find((l) => l.owner.kind === "detached")!;
    const first = await a.execute(`${IMPORT}\nconst vm1 = await lab.vm("vm1");\nawait vm1.sh\`ip netns add RED\`.quiet();\nlab.sandbox`, { timeoutS: 60 });
    expect(first.status, said(first)).toBe("ok");
    expect(said(first)).toContain(`labId: '${shared.labId}', own: false`);

    const second = await b.execute(`${IMPORT}\nconst vm1 = await lab.vm("vm1");\n(await vm1.sh\`hostname; ip netns list\`.quiet()).stdout`, { timeoutS: 90 });
    expect(second.status, said(second)).toBe("ok");
    expect(said(second)).toContain(`note: the lab of \`vethbook lab up\` (${shared.labId}) is in use by a notebook kernel (pid ${a.pid}), so this notebook gets a lab of its own`);
    expect(said(second)).toContain('lab.configure({ sandbox: "shared" })');
    // Its own lab: the same machines, and nothing of the first notebook's.
    expect(said(second)).toMatch(/docker1\n(?!RED)/);
    const labs = labsIn(state);
    expect(labs.find((l) => l.owner.pid === b.pid)?.owner.label).toBe("a notebook kernel");
  }, 120_000);

  it("the second can take the shared lab over; the first then goes on in a lab of its own", async () => {
    const shared = labsIn(state).find((l) => l.owner.kind === "detached")!;
    const take = await b.execute(`lab.configure({ sandbox: "shared" });\nconst vm1b = await lab.vm("vm1");\n[(await vm1b.sh\`ip netns list\`.quiet()).stdout, lab.sandbox]`, { timeoutS: 60 });
    expect(take.status, said(take)).toBe("ok");
    expect(said(take)).toContain("RED");
    expect(said(take)).toContain(`labId: '${shared.labId}', own: false`);

    const after = await a.execute("[(await vm1.sh`hostname; ip netns list`.quiet()).stdout, lab.sandbox]", { timeoutS: 90 });
    expect(after.status, said(after)).toBe("ok");
    expect(said(after)).toContain(`note: a notebook kernel (pid ${b.pid}) took over the shared lab ${shared.labId}`);
    expect(said(after)).toContain("own: true");
    expect(said(after)).not.toContain("is in use by");
  }, 120_000);

  it("after `lab down`, the next command connects to the lab there is then, and says so", async () => {
    const shared = labsIn(state).find((l) => l.owner.kind === "detached")!;
    cli("lab", "down");
    const r = await b.execute("[(await vm1b.sh`hostname`.quiet()).stdout, lab.sandbox]", { timeoutS: 90 });
    expect(r.status, said(r)).toBe("ok");
    expect(said(r)).toContain(`note: the lab this notebook used (${shared.labId}) has ended`);
    expect(said(r)).toContain("docker1");
    expect(said(r)).toContain("own: true");
  }, 120_000);

  it("`lab status` names the kernels' labs, and `lab down --all` removes them too", async () => {
    const mine = labsIn(state).find((l) => l.owner.pid === b.pid)!;
    let status = "";
    try {
      status = cli("lab", "status");
    } catch (e) {
      status = String((e as { stdout?: string }).stdout);
    }
    expect(status).toContain(`${mine.labId}  owned by a notebook kernel (pid ${b.pid})`);
    cli("lab", "down", "--all");
    expect(labsIn(state)).toEqual([]);
    expect(await until(() => !alive(mine.labPid), 3000)).toBe(true);
    const r = await b.execute("(await vm1b.sh`hostname`.quiet()).stdout", { timeoutS: 90 });
    expect(r.status, said(r)).toBe("ok");
    expect(said(r)).toContain(`note: the lab this notebook used (${mine.labId}) has ended`);
  }, 120_000);
});
