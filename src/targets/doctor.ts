// `vethbook doctor`: is this machine able to run the lab, and if not, what to install.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { describeSandboxMode } from "./sandbox/preflight.js";

/** Who needs it: the sandbox lab itself, the test suite (real sshd, Jupyter, a browser), or
 *  only a feature some users want. */
export type Need = "lab" | "tests" | "extra";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Debian package that provides it, when installing it is the fix. */
  pkg?: string;
  need: Need;
}

interface Tool { bin: string; pkg: string; need: Need; why: string; version?: string[] }

const TOOLS: Tool[] = [
  { bin: "ip", pkg: "iproute2", need: "lab", why: "namespaces, links, addresses, routes", version: ["-V"] },
  { bin: "bridge", pkg: "iproute2", need: "lab", why: "bridge fdb" },
  { bin: "iptables", pkg: "iptables", need: "lab", why: "firewall and NAT rules", version: ["--version"] },
  { bin: "unshare", pkg: "util-linux", need: "lab", why: "the sandbox's namespaces" },
  { bin: "nsenter", pkg: "util-linux", need: "lab", why: "entering a sandbox VM" },
  { bin: "ping", pkg: "iputils-ping", need: "lab", why: "reachability checks" },
  { bin: "tcpdump", pkg: "tcpdump", need: "lab", why: "watching packets on a veth", version: ["--version"] },
  { bin: "nft", pkg: "nftables", need: "lab", why: "removing the raw table a packet trace made", version: ["--version"] },
  { bin: "conntrack", pkg: "conntrack", need: "lab", why: "showing NAT translations", version: ["--version"] },
  { bin: "curl", pkg: "curl", need: "lab", why: "HTTP checks", version: ["--version"] },
  { bin: "python3", pkg: "python3", need: "lab", why: "HTTP servers inside namespaces", version: ["--version"] },
  { bin: "busybox", pkg: "busybox-static", need: "lab", why: "the emulated internet's web servers and the busybox image" },
  { bin: "dnsmasq", pkg: "dnsmasq-base", need: "lab", why: "the emulated internet's DNS server", version: ["--version"] },
  { bin: "dockerd", pkg: "docker.io", need: "lab", why: "Docker's engine inside vm1 and vm2", version: ["--version"] },
  { bin: "newuidmap", pkg: "uidmap", need: "tests", why: "rootless labs: a normal user's subordinate ids in the lab's user namespace" },
  { bin: "ssh", pkg: "openssh-client", need: "tests", why: "the ssh and vagrant targets", version: ["-V"] },
  { bin: "sshd", pkg: "openssh-server", need: "tests", why: "the ssh target's tests against a real sshd in a sandbox VM" },
  { bin: "sudo", pkg: "sudo", need: "tests", why: "the ssh target's tests of a non-root login with sudo" },
  { bin: "jupyter", pkg: "jupyter-notebook", need: "tests", why: "opening the chapters in Jupyter (and the tests that do)", version: ["--version"] },
  { bin: "jupyter-nbconvert", pkg: "jupyter-nbconvert", need: "tests", why: "running a notebook through a real Jupyter kernel", version: ["--version"] },
  { bin: "chromium", pkg: "chromium", need: "tests", why: "the browser tests of Jupyter and the exported notes" },
  { bin: "jupyterhub", pkg: "jupyterhub", need: "tests", why: "the study group's test: three learners' servers behind one JupyterHub", version: ["--version"] },
];

async function which(bin: string): Promise<string | undefined> {
  const r = await execa("bash", ["-c", `PATH="$PATH:/usr/sbin:/sbin" command -v ${bin}`], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

async function toolCheck(t: (typeof TOOLS)[number]): Promise<Check> {
  const path = await which(t.bin);
  if (!path) return { name: t.bin, ok: false, detail: `missing (${t.why})`, pkg: t.pkg, need: t.need };
  let detail = path;
  if (t.bin === "busybox") {
    const r = await execa("file", ["-L", path], { reject: false });
    const dyn = await execa("ldd", [path], { reject: false });
    if (/dynamically linked/.test(r.stdout) || (dyn.exitCode === 0 && !/not a dynamic/.test(dyn.stdout + dyn.stderr))) {
      return { name: t.bin, ok: false, detail: `${path} is dynamically linked; the busybox image needs busybox-static`, pkg: t.pkg, need: t.need };
    }
  }
  if (t.bin === "dockerd") {
    const r = await execa(path, ["--version"], { reject: false });
    detail = `${r.stdout.trim()} (${path})`;
    if (!/dfsg/.test(r.stdout)) detail += " — not Debian's docker.io; the lab is tested with docker.io 20.10";
  } else if (t.version) {
    const r = await execa(path, t.version, { reject: false, timeout: 5000 });
    const first = (r.stdout || r.stderr).split("\n")[0]!.trim();
    if (first) detail = `${first} (${path})`;
  }
  return { name: t.bin, ok: true, detail, need: t.need };
}

/** Every check, or only those for what `needs` lists (the lab's are always there). */
export async function runChecks(needs: readonly Need[] = ["lab", "tests", "extra"]): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push({ name: "linux", ok: process.platform === "linux", detail: process.platform === "linux" ? `kernel ${(await execa("uname", ["-r"], { reject: false })).stdout}` : `${process.platform}: use --target vagrant`, need: "lab" });
  checks.push({ name: "netns", ok: existsSync("/proc/self/ns/net"), detail: existsSync("/proc/self/ns/net") ? "network namespaces available" : "kernel without network namespaces", need: "lab" });
  // Which mode this machine allows this user: root, rootless (a user namespace of its own), or
  // neither, and why.
  const mode = describeSandboxMode();
  checks.push({ name: "mode", ok: mode.ok, detail: mode.detail, need: "lab", ...(!mode.ok && /package uidmap/.test(mode.detail) ? { pkg: "uidmap" } : {}) });
  if (mode.ok && existsSync("/proc/self/ns/net")) {
    // veth and br_netfilter, tried in a throwaway namespace (never the machine's own).
    const r = await execa("unshare", [...(mode.mode === "rootless" ? ["--user", "--map-root-user"] : []), "--net", "bash", "-c", "ip link add vbt0 type veth peer name vbt1 && ip link add vbtbr type bridge && cat /proc/sys/net/bridge/bridge-nf-call-iptables"], { reject: false });
    checks.push({ name: "veth+bridge", ok: r.exitCode === 0, detail: r.exitCode === 0 ? "veth pairs and bridges can be made" : r.stderr.trim() || "failed", need: "lab" });
    checks.push({ name: "br_netfilter", ok: r.exitCode === 0 && r.stdout.trim() === "1", detail: r.exitCode === 0 ? `bridge-nf-call-iptables=${r.stdout.trim() || "?"} in a new namespace` : "the br_netfilter module is not loaded (modprobe br_netfilter)", need: "lab" });
  }
  checks.push(...(await Promise.all(TOOLS.filter((t) => t.need === "lab" || needs.includes(t.need)).map(toolCheck))));
  if (needs.includes("tests")) checks.push(await pythonModuleCheck("jupyter_client", "jupyter-client", "talking to a real Jupyter kernel in the tests"));
  return checks;
}

/** A module of the system's Python (Debian's Jupyter runs on /usr/bin/python3; a pyenv or
 *  venv python3 first on PATH may lack it). */
async function pythonModuleCheck(module: string, pkg: string, why: string): Promise<Check> {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const r = await execa(python, ["-c", `import ${module}; print(${module}.__version__)`], { reject: false });
    if (r.exitCode === 0) return { name: module, ok: true, detail: `${python} module ${module} ${r.stdout.trim()}`, need: "tests" };
  }
  return { name: module, ok: false, detail: `missing (${why})`, pkg, need: "tests" };
}

export function missingPackages(checks: Check[]): string[] {
  return [...new Set(checks.filter((c) => !c.ok && c.pkg).map((c) => c.pkg!))];
}

export function installCommand(pkgs: string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(" ")}`;
}
