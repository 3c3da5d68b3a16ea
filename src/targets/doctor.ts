// `vethbook doctor`: is this machine able to run the lab, and if not, what to install.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { checkSandboxSupport } from "./sandbox/preflight.js";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Debian package that provides it, when installing it is the fix. */
  pkg?: string;
  /** Needed for the sandbox lab, or only for some features. */
  required: boolean;
}

const TOOLS: Array<{ bin: string; pkg: string; required: boolean; why: string; version?: string[] }> = [
  { bin: "ip", pkg: "iproute2", required: true, why: "namespaces, links, addresses, routes", version: ["-V"] },
  { bin: "bridge", pkg: "iproute2", required: true, why: "bridge fdb" },
  { bin: "iptables", pkg: "iptables", required: true, why: "firewall and NAT rules", version: ["--version"] },
  { bin: "unshare", pkg: "util-linux", required: true, why: "the sandbox's namespaces" },
  { bin: "nsenter", pkg: "util-linux", required: true, why: "entering a sandbox VM" },
  { bin: "ping", pkg: "iputils-ping", required: true, why: "reachability checks" },
  { bin: "tcpdump", pkg: "tcpdump", required: true, why: "watching packets on a veth", version: ["--version"] },
  { bin: "conntrack", pkg: "conntrack", required: true, why: "showing NAT translations", version: ["--version"] },
  { bin: "curl", pkg: "curl", required: true, why: "HTTP checks", version: ["--version"] },
  { bin: "python3", pkg: "python3", required: true, why: "HTTP servers inside namespaces", version: ["--version"] },
  { bin: "busybox", pkg: "busybox-static", required: true, why: "the emulated internet's web servers and the busybox image" },
  { bin: "dnsmasq", pkg: "dnsmasq-base", required: true, why: "the emulated internet's DNS server", version: ["--version"] },
  { bin: "dockerd", pkg: "docker.io", required: true, why: "Docker's engine inside vm1 and vm2", version: ["--version"] },
  { bin: "ssh", pkg: "openssh-client", required: false, why: "the ssh and vagrant targets", version: ["-V"] },
  { bin: "sshd", pkg: "openssh-server", required: false, why: "ssh tests against a real sshd in a sandbox VM" },
  { bin: "jupyter", pkg: "jupyter-notebook", required: false, why: "opening the chapters in Jupyter", version: ["--version"] },
  { bin: "chromium", pkg: "chromium", required: false, why: "browser tests of the exported notes" },
];

async function which(bin: string): Promise<string | undefined> {
  const r = await execa("bash", ["-c", `PATH="$PATH:/usr/sbin:/sbin" command -v ${bin}`], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

async function toolCheck(t: (typeof TOOLS)[number]): Promise<Check> {
  const path = await which(t.bin);
  if (!path) return { name: t.bin, ok: false, detail: `missing (${t.why})`, pkg: t.pkg, required: t.required };
  let detail = path;
  if (t.bin === "busybox") {
    const r = await execa("file", ["-L", path], { reject: false });
    const dyn = await execa("ldd", [path], { reject: false });
    if (/dynamically linked/.test(r.stdout) || (dyn.exitCode === 0 && !/not a dynamic/.test(dyn.stdout + dyn.stderr))) {
      return { name: t.bin, ok: false, detail: `${path} is dynamically linked; the busybox image needs busybox-static`, pkg: t.pkg, required: t.required };
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
  return { name: t.bin, ok: true, detail, required: t.required };
}

export async function runChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push({ name: "linux", ok: process.platform === "linux", detail: process.platform === "linux" ? `kernel ${(await execa("uname", ["-r"], { reject: false })).stdout}` : `${process.platform}: use --target vagrant`, required: true });
  checks.push({ name: "netns", ok: existsSync("/proc/self/ns/net"), detail: existsSync("/proc/self/ns/net") ? "network namespaces available" : "kernel without network namespaces", required: true });
  let privOk = true, privDetail = "root with CAP_NET_ADMIN and CAP_SYS_ADMIN";
  try {
    checkSandboxSupport();
  } catch (e) {
    const msg = (e as Error).message;
    if (/root/.test(msg)) { privOk = false; privDetail = msg; }
  }
  checks.push({ name: "privileges", ok: privOk, detail: privDetail, required: true });
  if (privOk && existsSync("/proc/self/ns/net")) {
    // veth and br_netfilter, tried in a throwaway namespace (never the machine's own).
    const r = await execa("unshare", ["--net", "bash", "-c", "ip link add vbt0 type veth peer name vbt1 && ip link add vbtbr type bridge && cat /proc/sys/net/bridge/bridge-nf-call-iptables"], { reject: false });
    checks.push({ name: "veth+bridge", ok: r.exitCode === 0, detail: r.exitCode === 0 ? "veth pairs and bridges can be made" : r.stderr.trim() || "failed", required: true });
    checks.push({ name: "br_netfilter", ok: r.exitCode === 0 && r.stdout.trim() === "1", detail: r.exitCode === 0 ? `bridge-nf-call-iptables=${r.stdout.trim() || "?"} in a new namespace` : "the br_netfilter module is not loaded (modprobe br_netfilter)", required: true });
  }
  checks.push(...(await Promise.all(TOOLS.map(toolCheck))));
  return checks;
}

export function missingPackages(checks: Check[]): string[] {
  return [...new Set(checks.filter((c) => !c.ok && c.pkg).map((c) => c.pkg!))];
}

export function installCommand(pkgs: string[]): string {
  return `apt-get update && apt-get install -y ${pkgs.join(" ")}`;
}
