// The vagrant target against a stand-in `vagrant` on PATH (test/fixtures/vagrant/bin/vagrant:
// vagrant itself is not installed here) that prints fixture output; in the sandbox part it
// prints an ssh-config for a real sshd inside vm3, so real commands run through it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { openLab, type Lab } from "../../src/targets/connect.js";
import { CACHE_FILE } from "../../src/targets/ssh/_vagrant-cache.js";
import { vagrantTarget } from "../../src/targets/ssh/vagrant.js";
import { ownLab } from "../helpers/sandbox.js";
import { describeSshd, startLabSshd, type LabSshd } from "../helpers/sshd.js";

const fixtures = fileURLToPath(new URL("../fixtures/vagrant/", import.meta.url));
const saved = { PATH: process.env.PATH, ...pick("FAKE_VAGRANT_LOG", "FAKE_VAGRANT_STDOUT", "FAKE_VAGRANT_STDERR", "FAKE_VAGRANT_EXIT") };
function pick(...names: string[]) {
  return Object.fromEntries(names.map((n) => [n, process.env[n]]));
}
function restoreEnv() {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
}

let project: string;
let log: string;
const runs = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").length : 0);

function fakeVagrant(out: { stdout?: string; stderr?: string; exit?: number }) {
  process.env.PATH = `${fixtures}bin:${saved.PATH}`;
  process.env.FAKE_VAGRANT_LOG = log;
  for (const [k, v] of [["FAKE_VAGRANT_STDOUT", out.stdout], ["FAKE_VAGRANT_STDERR", out.stderr]] as const) {
    if (v) process.env[k] = v.startsWith("/") ? v : join(fixtures, v); else delete process.env[k];
  }
  process.env.FAKE_VAGRANT_EXIT = String(out.exit ?? 0);
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "vethbook vagrant "));
  log = join(project, "vagrant-calls.log");
  writeFileSync(join(project, "Vagrantfile"), "Vagrant.configure('2') { |c| }\n");
});
afterEach(() => {
  restoreEnv();
  rmSync(project, { recursive: true, force: true });
});

describe("vagrant target: reading and caching `vagrant ssh-config`", () => {
  test("runs vagrant ssh-config once, in the Vagrantfile's folder, then reads the cache", async () => {
    fakeVagrant({ stdout: "ssh-config-vm1.txt" });
    mkdirSync(join(project, "notebooks"));
    const t = await vagrantTarget("vm1", { cwd: join(project, "notebooks") });
    expect(t.kind).toBe("vagrant");
    expect(t.ssh).toMatchObject({ host: "127.0.0.1", port: 60610, user: "vagrant", options: { StrictHostKeyChecking: "no", UserKnownHostsFile: "/dev/null", LogLevel: "ERROR" } });
    expect(readFileSync(log, "utf8")).toBe(`${project} ssh-config vm1\n`);
    const again = await vagrantTarget("vm1", { cwd: project });
    expect(again.ssh).toEqual(t.ssh);
    expect(runs()).toBe(1);
    const cache = JSON.parse(readFileSync(join(project, ".vagrant", CACHE_FILE), "utf8"));
    expect(cache.machines.vm1.entry.hostName).toBe("127.0.0.1");
  });

  test("asks vagrant again when the Vagrantfile changed, or the machine was re-created", async () => {
    fakeVagrant({ stdout: "ssh-config-vm1.txt" });
    await vagrantTarget("vm1", { cwd: project });
    utimesSync(join(project, "Vagrantfile"), new Date(), new Date(Date.now() + 5_000));
    await vagrantTarget("vm1", { cwd: project });
    expect(runs()).toBe(2);
    await vagrantTarget("vm1", { cwd: project });
    expect(runs()).toBe(2);
    mkdirSync(join(project, ".vagrant/machines/vm1/virtualbox"), { recursive: true });
    writeFileSync(join(project, ".vagrant/machines/vm1/virtualbox/id"), "0b0e5a3c-new-vm\n");
    await vagrantTarget("vm1", { cwd: project });
    expect(runs()).toBe(3);
  });

  test("a machine that is not running: says `vagrant up vm1` and where", async () => {
    fakeVagrant({ stderr: "not-ready.txt", exit: 1 });
    const e = await vagrantTarget("vm1", { cwd: project }).catch((x: Error) => x);
    expect((e as Error).message).toContain("vm1 (vagrant): the machine is not running (or not created yet).");
    expect((e as Error).message).toContain(`fix: \`vagrant up vm1\` in ${project}, then \`vagrant status\``);
    expect((e as Error).message).toContain(`ran: vagrant ssh-config vm1 (in ${project})`);
    expect((e as Error).message).toContain("is not yet ready for SSH");
    expect(existsSync(join(project, ".vagrant", CACHE_FILE))).toBe(false);
  });

  test("a machine the Vagrantfile does not define", async () => {
    fakeVagrant({ stderr: "not-found.txt", exit: 1 });
    await expect(vagrantTarget("vm2", { cwd: project })).rejects.toThrow(/the Vagrantfile defines no machine named vm2\.\nfix: `vagrant status` in .* lists the machines/);
  });

  test("vagrant not installed: says so, how to install it, or to use the sandbox", async () => {
    process.env.PATH = "/nonexistent";
    await expect(vagrantTarget("vm1", { cwd: project })).rejects.toThrow(/vm1 \(vagrant\): vagrant is not installed here \(ran: vagrant ssh-config vm1 .*\n.*developer\.hashicorp\.com\/vagrant\/install.*--target sandbox/);
  });

  test("no Vagrantfile here or above", async () => {
    rmSync(join(project, "Vagrantfile"));
    await expect(vagrantTarget("vm1", { cwd: project })).rejects.toThrow(/no Vagrantfile in .* or above it.*VETHBOOK_VAGRANT_DIR/);
  });
});

describeSshd("vagrant target against a real sshd in vm3", () => {
  let lab: Lab;
  let sshd: LabSshd;
  let key: string;

  beforeAll(async () => {
    lab = await ownLab();
    sshd = await startLabSshd(lab, "vm3");
    key = await sshd.addUser("vagrant", { sudo: true });
  }, 120_000);
  afterAll(async () => {
    await sshd?.close();
    await lab?.close();
  }, 60_000);

  /** What vagrant prints for a machine with config.ssh.proxy_command set. */
  function sshConfigFor(proxyCommand: string): string {
    const keyDir = join(project, ".vagrant/machines/vm3/virtualbox");
    mkdirSync(keyDir, { recursive: true });
    copyFileSync(key, join(keyDir, "private_key"));
    const file = join(project, `ssh-config-${runs()}.txt`);
    writeFileSync(file, [
      "note: made by the test, in the shape of `vagrant ssh-config vm3` with config.ssh.proxy_command",
      "----- output -----",
      "Host vm3",
      `  HostName ${sshd.host}`,
      "  User vagrant",
      "  Port 22",
      "  UserKnownHostsFile /dev/null",
      "  StrictHostKeyChecking no",
      "  PasswordAuthentication no",
      "",
      `  IdentityFile "${join(keyDir, "private_key")}"`,
      "  IdentitiesOnly yes",
      "  LogLevel FATAL",
      `  ProxyCommand ${proxyCommand}`,
      "",
    ].join("\n"));
    return file;
  }

  test("commands run as root through the vagrant user's sudo; vagrant ran once", async () => {
    fakeVagrant({ stdout: sshConfigFor(sshd.proxyCommand) });
    const t = await vagrantTarget("vm3", { cwd: project });
    try {
      expect(t.ssh.identityFile).toEqual([expect.stringContaining("vethbook vagrant ")]);
      const r = await t.run("id -u; hostname");
      expect(r.stdout).toBe("0\ngw\n");
      expect(r.target).toBe("vm3");
      for (let i = 0; i < 10; i++) await t.run("true");
      expect(t.spawnCount).toBe(1);
    } finally {
      await t.close();
    }
    const viaLab = openLab({ target: "vagrant", vagrantDir: project });
    try {
      expect((await (await viaLab.vm("vm3")).sh`hostname`).stdout).toBe("gw\n");
    } finally {
      await viaLab.close();
    }
    expect(runs()).toBe(1);
  });

  test("a cached answer that no longer connects is asked for again, once", async () => {
    fakeVagrant({ stdout: sshConfigFor("sh -c 'echo no such VM >&2; exit 1'") });
    const stale = await vagrantTarget("vm3", { cwd: project });
    await stale.close();
    fakeVagrant({ stdout: sshConfigFor(sshd.proxyCommand) });
    const t = await vagrantTarget("vm3", { cwd: project });
    try {
      expect(runs()).toBe(1);
      expect((await t.run("hostname")).stdout).toBe("gw\n");
      expect(runs()).toBe(2);
    } finally {
      await t.close();
    }
  });

  test("a machine that is down: the ssh error says `vagrant up vm3` in the project", async () => {
    fakeVagrant({ stdout: sshConfigFor("sh -c 'echo ssh: connect to host 127.0.0.1 port 2222: Connection refused >&2; exit 255'") });
    const t = await vagrantTarget("vm3", { cwd: project });
    const e = await t.run("true").catch((x: Error) => x);
    await t.close();
    if (process.env.SHOW_ERRORS) console.log((e as Error).message);
    expect((e as Error).message).toContain(`\`vagrant up vm3\` in ${project}, then \`vagrant status\``);
  });
});
