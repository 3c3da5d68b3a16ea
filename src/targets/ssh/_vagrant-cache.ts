// `vagrant ssh-config <machine>` costs seconds (it boots Ruby and asks the provider), so
// it runs once and its parsed answer is kept in .vagrant/vethbook-ssh-config.json beside
// the Vagrantfile, keyed by the Vagrantfile's mtime+size and the machine's id file (which
// `vagrant destroy` + `vagrant up` rewrites). The vagrant target also refreshes it once
// when a cached answer no longer connects (a forwarded port that moved).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { execa } from "execa";
import { parseVagrantSshConfig, type VagrantSshEntry } from "./_vagrant-config.js";

export const CACHE_FILE = "vethbook-ssh-config.json";

export interface VagrantProject {
  /** The folder holding the Vagrantfile (vagrant runs there). */
  dir: string;
  vagrantfile: string;
}

interface CacheFile {
  version: 1;
  machines: Record<string, { key: string; entry: VagrantSshEntry; savedAt: string }>;
}

/** Find the Vagrantfile the way vagrant does: in `cwd`, else in the folders above it. */
export function findVagrantProject(cwd: string): VagrantProject {
  const name = process.env.VAGRANT_VAGRANTFILE ?? "Vagrantfile";
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const n of [name, name.toLowerCase()]) {
      const f = join(dir, n);
      if (existsSync(f)) return { dir, vagrantfile: f };
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `no Vagrantfile in ${resolve(cwd)} or above it: the vagrant target runs \`vagrant ssh-config\` where the Vagrantfile is; ` +
      "point it there (--vagrant-dir DIR, or VETHBOOK_VAGRANT_DIR=DIR; the course's is in notebooks/)",
  );
}

/** What must not have changed for a cached answer to hold. */
export function cacheKey(project: VagrantProject, machine: string): string {
  const v = statSync(project.vagrantfile);
  const parts = [`vagrantfile:${v.mtimeMs}:${v.size}`];
  const mdir = join(project.dir, ".vagrant", "machines", machine);
  for (const provider of safeList(mdir)) {
    const id = join(mdir, provider, "id");
    if (existsSync(id)) parts.push(`${provider}:${statSync(id).mtimeMs}`);
  }
  return parts.join(" ");
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function cachePath(project: VagrantProject): string {
  return join(project.dir, ".vagrant", CACHE_FILE);
}

function readCache(project: VagrantProject): CacheFile {
  try {
    const c = JSON.parse(readFileSync(cachePath(project), "utf8")) as CacheFile;
    if (c.version === 1 && c.machines) return c;
  } catch {
    /* none yet, or unreadable: start over */
  }
  return { version: 1, machines: {} };
}

export function cachedEntry(project: VagrantProject, machine: string): VagrantSshEntry | undefined {
  const hit = readCache(project).machines[machine];
  return hit && hit.key === cacheKey(project, machine) ? hit.entry : undefined;
}

function saveEntry(project: VagrantProject, machine: string, entry: VagrantSshEntry): void {
  const c = readCache(project);
  c.machines[machine] = { key: cacheKey(project, machine), entry, savedAt: new Date().toISOString() };
  try {
    mkdirSync(join(project.dir, ".vagrant"), { recursive: true });
    const tmp = `${cachePath(project)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(c, null, 2) + "\n");
    renameSync(tmp, cachePath(project));
  } catch {
    // A read-only project still works; it just asks vagrant every time.
  }
}

/** Run `vagrant ssh-config <machine>` in the project and keep the answer. */
export async function fetchEntry(project: VagrantProject, machine: string): Promise<VagrantSshEntry> {
  const args = ["ssh-config", machine];
  const ran = `vagrant ${args.join(" ")} (in ${project.dir})`;
  const r = await execa("vagrant", args, { cwd: project.dir, reject: false, timeout: 180_000, env: { VAGRANT_NO_COLOR: "1" } });
  const printed = [r.stderr, r.stdout].filter((s) => typeof s === "string" && s.trim()).join("\n").trim();
  const said = printed ? `\nit printed${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ""}:\n${printed.split("\n").map((l) => `  ${l}`).join("\n")}` : "";
  if (r.failed && r.exitCode === undefined) {
    if (/ENOENT/.test(String(r.message ?? ""))) {
      throw new Error(
        `${machine} (vagrant): vagrant is not installed here (ran: ${ran}).\n` +
          "fix: install Vagrant and VirtualBox (https://developer.hashicorp.com/vagrant/install), then `vagrant up` in the folder of the Vagrantfile; " +
          "or use the sandbox target (the default: --target sandbox), which needs neither",
      );
    }
    throw new Error(`${machine} (vagrant): ${ran} did not finish: ${r.shortMessage ?? r.message}${said}`);
  }
  if (r.exitCode !== 0) {
    let what = "vagrant could not say how to reach it";
    let fix = `look at what it printed; \`vagrant status\` in ${project.dir} shows the machines' states`;
    if (/not yet ready for SSH|must be created|not created|is not running|poweroff|saved state/i.test(printed)) {
      what = "the machine is not running (or not created yet)";
      fix = `\`vagrant up ${machine}\` in ${project.dir}, then \`vagrant status\``;
    } else if (/was not found configured|machine with the name/i.test(printed)) {
      what = `the Vagrantfile defines no machine named ${machine}`;
      fix = `\`vagrant status\` in ${project.dir} lists the machines it defines (the course's are vm1, vm2, vm3)`;
    }
    throw new Error(`${machine} (vagrant): ${what}.\nfix: ${fix}.\nran: ${ran}${said}`);
  }
  const parsed = parseVagrantSshConfig(r.stdout);
  const entry = parsed.machines[machine] ?? Object.values(parsed.machines)[0];
  if (!entry) throw new Error(`${machine} (vagrant): ${ran} printed no \`Host\` entry to read.${said}`);
  saveEntry(project, machine, entry);
  return entry;
}

/** The machine's ssh entry: from the cache while the project is unchanged, else from vagrant. */
export async function vagrantEntry(project: VagrantProject, machine: string): Promise<{ entry: VagrantSshEntry; cached: boolean }> {
  const hit = cachedEntry(project, machine);
  if (hit) return { entry: hit, cached: true };
  return { entry: await fetchEntry(project, machine), cached: false };
}
