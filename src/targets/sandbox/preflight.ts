// What the sandbox needs from the machine, checked before anything is made, and which of its
// two modes this process can use: "root" (the machine's own privileges, as root has them) or
// "rootless" (a user namespace this user owns, where the lab's root is this user).
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";

export class SandboxUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxUnsupportedError";
  }
}

/** "root": the lab's namespaces are made with this process's own privileges. "rootless": inside
 *  a user namespace this user owns (`unshare --user --map-root-user`), with no privilege on the
 *  machine at all. */
export type SandboxMode = "root" | "rootless";

function hasCapNetAdmin(): boolean {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const eff = status.match(/^CapEff:\s*([0-9a-f]+)/m)?.[1];
    if (!eff) return false;
    const caps = BigInt("0x" + eff);
    const CAP_NET_ADMIN = 12n, CAP_SYS_ADMIN = 21n;
    return ((caps >> CAP_NET_ADMIN) & 1n) === 1n && ((caps >> CAP_SYS_ADMIN) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** This process runs in the machine's own user namespace (its uid map is the identity). */
function inInitialUserNamespace(): boolean {
  try {
    return /^\s*0\s+0\s+4294967295\s*$/.test(readFileSync("/proc/self/uid_map", "utf8"));
  } catch {
    return false;
  }
}

function readSysctl(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

function onPath(tool: string): boolean {
  for (const dir of (process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(":").concat(["/usr/sbin", "/sbin"])) {
    try {
      accessSync(`${dir}/${tool}`, constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

/** How many ids the lab's user namespace maps besides its root: enough for every user and
 *  group Debian's programs switch to (tcpdump, dnsmasq's nobody 65534, Docker's tty group 5). */
export const SUBID_COUNT = 65536;

/** This user's first subordinate range of uids or gids (/etc/subuid, /etc/subgid) with at least
 *  SUBID_COUNT ids, as newuidmap reads it. */
export function subidRange(kind: "uid" | "gid"): { start: number; count: number } | undefined {
  const uid = process.getuid?.() ?? 0;
  let name = "";
  try {
    name = userInfo().username;
  } catch {
    /* a uid without a name: only its number can match */
  }
  let text = "";
  try {
    text = readFileSync(`/etc/sub${kind}`, "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    const [who, start, count] = line.trim().split(":");
    if (!who || (who !== name && who !== String(uid))) continue;
    if (Number(count) >= SUBID_COUNT) return { start: Number(start), count: SUBID_COUNT };
  }
  return undefined;
}

/** unshare's options for a rootless lab: this user is the namespace's root (uid and gid 0);
 *  uids and gids 1–65536 are this user's subordinate ids (newuidmap and newgidmap write them). */
export function rootlessUnshareArgs(): string[] {
  const u = subidRange("uid"), g = subidRange("gid");
  if (!u || !g) throw new SandboxUnsupportedError(`a rootless lab needs ${SUBID_COUNT} subordinate uids and gids for ${userName()}: ${subidProblem()}`);
  return ["--map-root-user", `--map-users=${u.start},1,${u.count}`, `--map-groups=${g.start},1,${g.count}`];
}

/** A range of SUBID_COUNT ids after every range /etc/subuid and /etc/subgid already give out. */
function freeSubidRange(): string {
  let start = 100000;
  for (const f of ["/etc/subuid", "/etc/subgid"]) {
    try {
      for (const line of readFileSync(f, "utf8").split("\n")) {
        const [, s, c] = line.trim().split(":");
        if (s && c) start = Math.max(start, Number(s) + Number(c));
      }
    } catch {
      /* no such file: nothing given out */
    }
  }
  return `${start}-${start + SUBID_COUNT - 1}`;
}

function subidProblem(): string | undefined {
  const fixes: string[] = [];
  if (!onPath("newuidmap") || !onPath("newgidmap")) fixes.push("newuidmap and newgidmap are missing (package uidmap; as root: apt-get install uidmap)");
  const who = userName();
  if (!subidRange("uid")) fixes.push(`/etc/subuid gives ${who} no range of ${SUBID_COUNT} uids (as root: usermod --add-subuids ${freeSubidRange()} ${who})`);
  if (!subidRange("gid")) fixes.push(`/etc/subgid gives ${who} no range of ${SUBID_COUNT} gids (as root: usermod --add-subgids ${freeSubidRange()} ${who})`);
  return fixes.length ? fixes.join("; ") : undefined;
}

/** Why this machine forbids this user the lab's user namespace, and the fix; undefined when it
 *  allows one. */
export function userNamespaceProblem(): string | undefined {
  const plain = spawnSync("unshare", ["--user", "--map-root-user", "--net", "--mount", "--", "true"], { encoding: "utf8", timeout: 10_000 });
  if (plain.status === 0) {
    const ids = subidProblem();
    if (ids) return ids;
  }
  const r = plain.status === 0
    ? spawnSync("unshare", ["--user", ...rootlessUnshareArgs(), "--net", "--mount", "--", "true"], { encoding: "utf8", timeout: 10_000 })
    : plain;
  if (r.status === 0) return undefined;
  const said = (r.stderr || r.error?.message || "").trim();
  const reasons: string[] = [];
  if (readSysctl("/proc/sys/kernel/unprivileged_userns_clone") === "0") {
    reasons.push("kernel.unprivileged_userns_clone=0 forbids users their own user namespaces (fix, as root: sysctl -w kernel.unprivileged_userns_clone=1, and the same line in /etc/sysctl.d/90-vethbook.conf)");
  }
  if (readSysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") === "1") {
    reasons.push("AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 23.10 and later); fix, as root: an AppArmor profile granting `userns,` to unshare and nsenter, or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
  }
  if (readSysctl("/proc/sys/user/max_user_namespaces") === "0") {
    reasons.push("user.max_user_namespaces=0 allows no user namespaces at all (fix, as root: sysctl -w user.max_user_namespaces=15000)");
  }
  if (!reasons.length && /No space left on device/.test(said)) {
    reasons.push("the limit of user namespaces (user.max_user_namespaces, or this user's share of it) is used up");
  }
  if (!reasons.length && /newuidmap|newgidmap/.test(said)) {
    reasons.push(`newuidmap/newgidmap may not write the namespace's id maps (${said}): they are setuid root and need CAP_SETUID and CAP_SETGID in this process's capability bounding set, and a file system mounted without nosuid (in a container: allow both capabilities, or run the lab as root)`);
  }
  if (!reasons.length && !onPath("unshare")) reasons.push("unshare (util-linux) is missing");
  if (!reasons.length) reasons.push(`unshare --user --map-root-user failed${said ? `: ${said}` : ""}`);
  return reasons.join("; ");
}

/** Which mode this process gets: root where it holds the machine's CAP_NET_ADMIN and
 *  CAP_SYS_ADMIN, rootless otherwise (or when VETHBOOK_SANDBOX_MODE=rootless asks for it). */
export function sandboxMode(): SandboxMode {
  const asked = process.env.VETHBOOK_SANDBOX_MODE;
  if (asked === "rootless") return "rootless";
  const root = hasCapNetAdmin() && inInitialUserNamespace();
  if (asked === "root" && !root) {
    throw new SandboxUnsupportedError("VETHBOOK_SANDBOX_MODE=root, but this process lacks the machine's CAP_NET_ADMIN and CAP_SYS_ADMIN; run it as root, or unset VETHBOOK_SANDBOX_MODE for a rootless lab");
  }
  return root ? "root" : "rootless";
}

/** Throws a SandboxUnsupportedError that says what is missing and how to get it; returns the
 *  mode the lab will run in. */
export function checkSandboxSupport(): SandboxMode {
  if (process.platform !== "linux") {
    throw new SandboxUnsupportedError(`the sandbox needs Linux network namespaces; this is ${process.platform}. Use the Vagrant VMs instead: --target vagrant (see notebooks/Vagrantfile)`);
  }
  if (!existsSync("/proc/self/ns/net")) {
    throw new SandboxUnsupportedError("this kernel has no network namespaces (/proc/self/ns/net is missing); use --target vagrant or --target ssh");
  }
  const mode = sandboxMode();
  if (mode === "rootless") {
    const why = userNamespaceProblem();
    if (why) {
      throw new SandboxUnsupportedError(`the sandbox needs either root (CAP_NET_ADMIN and CAP_SYS_ADMIN: sudo npx vethbook lab up) or a user namespace of ${userName()}'s own, which this machine forbids: ${why}; or use --target vagrant`);
    }
  }
  const missing = ["unshare", "nsenter", "ip", "iptables", "busybox", "dnsmasq", "dockerd"].filter((t) => !onPath(t));
  if (missing.length) {
    throw new SandboxUnsupportedError(`the sandbox needs ${missing.join(", ")}, not found on PATH; run \`vethbook doctor --fix\` (or: apt-get install -y iproute2 iptables busybox-static dnsmasq-base docker.io util-linux)`);
  }
  return mode;
}

/** For `vethbook doctor`: the mode this process gets and why, or why neither is allowed. */
export function describeSandboxMode(): { ok: boolean; mode?: SandboxMode; detail: string } {
  let mode: SandboxMode;
  try {
    mode = sandboxMode();
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
  if (mode === "root") return { ok: true, mode, detail: "root: the lab's namespaces are made with this process's CAP_NET_ADMIN and CAP_SYS_ADMIN" };
  const why = userNamespaceProblem();
  if (why) {
    return { ok: false, detail: `neither root (no CAP_NET_ADMIN and CAP_SYS_ADMIN: sudo npx vethbook lab up) nor rootless: ${why}` };
  }
  const u = subidRange("uid")!, g = subidRange("gid")!;
  return { ok: true, mode, detail: `rootless: a user namespace of ${userName()}'s own (root = ${userName()}, uids 1-${u.count} = ${u.start}-${u.start + u.count - 1}, gids = ${g.start}-${g.start + g.count - 1}); Docker's engine in rootless mode` };
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.()}`;
  }
}
