// Normal Unix users for the rootless tests: made (as root) when missing, each with the
// subordinate ids a rootless lab maps (useradd gives every new user a range of its own).
// Commands run as them through setpriv: their uid, gid and groups, no capability at all.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requirement } from "./skip.js";

const repo = join(import.meta.dirname, "../..");

export interface Learner {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** A state folder of this learner's own (labs/ records), fresh per call of learner(). */
  state: string;
}

function onPath(bin: string): boolean {
  try {
    accessSync(`/usr/bin/${bin}`, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const isRoot = process.getuid?.() === 0;
/** Why these tests cannot run here (undefined: they can). */
export const learnersSkip = requirement(isRoot && onPath("setpriv") && onPath("newuidmap") && onPath("newgidmap"),
  "making test users and running as them needs root, setpriv and newuidmap/newgidmap (package uidmap)");

function hasSubids(name: string, file: "/etc/subuid" | "/etc/subgid"): boolean {
  try {
    return readFileSync(file, "utf8").split("\n").some((l) => l.startsWith(`${name}:`) && Number(l.split(":")[2]) >= 65536);
  } catch {
    return false;
  }
}

/** The user `name` (made if missing, with a home and 65536 subordinate uids and gids). */
export function learner(name: string): Learner {
  if (spawnSync("id", ["-u", name]).status !== 0) {
    const r = spawnSync("useradd", ["--create-home", "--shell", "/bin/bash", "--comment", "vethbook test learner", name], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr}`);
  }
  if (!hasSubids(name, "/etc/subuid") || !hasSubids(name, "/etc/subgid")) {
    // A range after every range already given out, so no two users share an id.
    const used = ["/etc/subuid", "/etc/subgid"].flatMap((f) => (existsSync(f) ? readFileSync(f, "utf8").split("\n") : []))
      .map((l) => l.split(":")).filter((p) => p.length === 3).map((p) => Number(p[1]) + Number(p[2]));
    const start = Math.max(100000, ...used);
    const r = spawnSync("usermod", ["--add-subuids", `${start}-${start + 65535}`, "--add-subgids", `${start}-${start + 65535}`, name], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`usermod ${name}: ${r.stderr}`);
  }
  const uid = Number(spawnSync("id", ["-u", name], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", name], { encoding: "utf8" }).stdout.trim());
  const home = spawnSync("getent", ["passwd", name], { encoding: "utf8" }).stdout.split(":")[5]!;
  const state = mkdtempSync(join(tmpdir(), `vethbook-${name}-`));
  spawnSync("chown", [`${uid}:${gid}`, state]);
  return { name, uid, gid, home, state };
}

/** argv that runs `cmd` as the learner: setpriv with their ids and groups, no capability
 *  (a new uid clears them; none inherited), and an environment of theirs. The bounding set
 *  stays a login's: setuid newuidmap needs it. */
export function asLearner(l: Learner, cmd: string[], env: Record<string, string> = {}): string[] {
  const vars = { PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", HOME: l.home, USER: l.name, LOGNAME: l.name, LANG: "C.UTF-8", NO_COLOR: "1", VETHBOOK_STATE_DIR: l.state, ...env };
  return ["setpriv", `--reuid=${l.uid}`, `--regid=${l.gid}`, "--init-groups", "--inh-caps=-all", "--",
    "env", "-i", ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), ...cmd];
}

export function runAs(l: Learner, cmd: string[], opts: { env?: Record<string, string>; timeout?: number; cwd?: string } = {}): SpawnSyncReturns<string> {
  const [bin, ...args] = asLearner(l, cmd, opts.env);
  return spawnSync(bin!, args, { encoding: "utf8", timeout: opts.timeout ?? 120_000, cwd: opts.cwd ?? "/" });
}

let copy: string | undefined;
/** A checkout the learner can read: this one when it can, else a copy (dist, notebooks,
 *  node_modules) in a world-readable folder, as a fresh clone in root's 0700 home needs. */
export function readableCheckout(l: Learner): string {
  if (runAs(l, ["test", "-r", join(repo, "dist/src/cli/index.js")]).status === 0) return repo;
  if (!copy) {
    copy = mkdtempSync(join(tmpdir(), "vethbook-checkout-"));
    chmodSync(copy, 0o755);
    for (const part of ["dist", "notebooks", "node_modules", "package.json"]) cpSync(join(repo, part), join(copy, part), { recursive: true });
    mkdirSync(join(copy, "test"), { recursive: true });
    process.on("exit", () => rmSync(copy!, { recursive: true, force: true }));
  }
  return copy;
}
