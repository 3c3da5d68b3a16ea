// What the sandbox needs from the machine, checked before anything is made.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";

export class SandboxUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxUnsupportedError";
  }
}

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

/** Throws a SandboxUnsupportedError that says what is missing and how to get it. */
export function checkSandboxSupport(): void {
  if (process.platform !== "linux") {
    throw new SandboxUnsupportedError(`the sandbox needs Linux network namespaces; this is ${process.platform}. Use the Vagrant VMs instead: --target vagrant (see notebooks/Vagrantfile)`);
  }
  if (!existsSync("/proc/self/ns/net")) {
    throw new SandboxUnsupportedError("this kernel has no network namespaces (/proc/self/ns/net is missing); use --target vagrant or --target ssh");
  }
  if (!hasCapNetAdmin()) {
    throw new SandboxUnsupportedError("the sandbox needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to make namespaces; run it with sudo, e.g. `sudo npx vethbook lab up`, or use --target vagrant");
  }
  const missing = ["unshare", "nsenter", "ip", "iptables", "busybox", "dnsmasq", "dockerd"].filter((t) => !onPath(t));
  if (missing.length) {
    throw new SandboxUnsupportedError(`the sandbox needs ${missing.join(", ")}, not found on PATH; run \`vethbook doctor --fix\` (or: apt-get install -y iproute2 iptables busybox-static dnsmasq-base docker.io util-linux)`);
  }
}
