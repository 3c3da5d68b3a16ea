// The script the sandbox's holder runs as PID 1 of a fresh PID + network + mount + UTS
// namespace. It builds the whole lab inside that namespace, reports each VM as it comes
// up, then holds. When it exits, the kernel kills every process of the lab and frees
// every namespace, interface and mount with it: nothing can be left behind.
import { quote } from "../../command/quote.js";
import {
  COURSE_VMS, INTERNET_HOSTS, INTERNET_HOSTS6, NAT_DNS, NAT_GATEWAY6, NAT_PREFIX, NAT_PREFIX6, PRIVATE_PREFIX,
  VM_RESOLV_CONF, vmEtcHosts, type VmSpec,
} from "./course.js";
import { internetReadyScript, internetScript } from "./_internet.js";
import { DOCKER_PIDFILE, DOCKER_SOCKET, DOCKERD_LOG, systemctlShim } from "./_systemctl.js";

export interface InitOptions {
  labId: string;
  vms?: readonly VmSpec[];
  /** "stdin": exit when stdin closes (the owning process died); "forever": until killed. */
  hold: "stdin" | "forever";
  /** The lab runs in a user namespace of its own, whose root is the user who started it. */
  rootless?: boolean;
}

/** Where a rootless VM's dockerd keeps what rootless mode puts in $XDG_RUNTIME_DIR. */
const ROOTLESS_XDG = "/run/vethbook/xdg";

/** Deterministic, VirtualBox-like MAC addresses: 08:00:27:00:<vm>:<nic>. */
export function vmMac(index: number, nic: "03" | "08"): string {
  return `08:00:27:00:${String(index + 1).padStart(2, "0")}:${nic}`;
}

export function cgroupParent(labId: string, vm: string): string {
  return `vethbook-${labId}-${vm}`;
}

/** The /64 of enp0s3's IPv6 link, and the gateway's own address on it (::2, as 10.0.2.2 is). */
function link6(vm: VmSpec): { prefix: string; gateway: string } {
  const net = vm.natIp6.slice(0, vm.natIp6.indexOf("::"));
  return { prefix: `${net}::/${NAT_PREFIX6}`, gateway: `${net}::2` };
}

/** dockerd's command line in a VM: its own data-root, exec-root, socket, pidfile and cgroup
 *  parent. Everything else comes from the VM's /etc/docker/daemon.json, if it has one.
 *  Rootless, the engine runs in rootless mode: no cgroup of the machine is the lab's to
 *  write, so its containers get none (and no resource limits). */
export function dockerdArgs(labId: string, vm: string, rootless = false): string[] {
  const common = ["--data-root", "/run/vethbook/docker", "--exec-root", "/run/docker", "-H", `unix://${DOCKER_SOCKET}`, "--pidfile", DOCKER_PIDFILE];
  if (rootless) return ["env", `XDG_RUNTIME_DIR=${ROOTLESS_XDG}`, "dockerd", ...common, "--rootless"];
  return ["dockerd", ...common, "--cgroup-parent", `/${cgroupParent(labId, vm)}`];
}

/** Inside the VM's new mount namespace: its own /run, and its own copy-on-write /etc. */
function vmHolder(vm: VmSpec, rootless: boolean): string {
  const q = quote;
  return [
    "mount -t proc proc /proc",
    "mount -t tmpfs -o mode=755 vethbook-vm /run",
    `mkdir -p /run/netns /run/vethbook/etc-upper /run/vethbook/etc-work${rootless ? ` ${ROOTLESS_XDG}` : ""}`,
    // Whatever the VM writes under /etc (daemon.json, hosts, resolv.conf) stays in the VM.
    // (In a user namespace, overlayfs keeps its own attributes as user.* xattrs.)
    `mount -t overlay vethbook-etc -o lowerdir=/etc,upperdir=/run/vethbook/etc-upper,workdir=/run/vethbook/etc-work${rootless ? ",userxattr" : ""} /etc`,
    `hostname ${vm.hostname}`,
    // Replaced, not rewritten: a copy-up would have to keep the machine's owner, whom a
    // rootless lab cannot name.
    "rm -f /etc/hostname",
    `echo ${vm.hostname} >/etc/hostname`,
    "rm -f /etc/resolv.conf /etc/hosts",
    `printf %s ${q(VM_RESOLV_CONF)} >/etc/resolv.conf`,
    `printf %s ${q(vmEtcHosts(vm.hostname))} >/etc/hosts`,
    // A fresh VM's Docker has no daemon.json and no key of the machine's.
    `rm -rf /etc/docker${vm.docker ? " && mkdir /etc/docker" : ""}`,
    "mkdir -p /run/vethbook/home && cd /",
    // The machine's /root is not the lab root's to enter: a rootless VM has a /root of its own.
    ...(rootless ? ["mkdir -m 700 /run/vethbook/root && mount --bind /run/vethbook/root /root"] : []),
    "trap '' TERM HUP INT",
    "echo > /run/vethbook/ready",
    "while :; do sleep 86400 & wait $!; done",
  ].join("\n");
}

function vmBlock(vm: VmSpec, i: number, labId: string, rootless: boolean): string {
  const n = i + 1;
  const q = quote;
  const inVm = (script: string) => `nsenter -t "$pid" -n -m -u -p -- bash -c ${q(script)}`;
  const vmSetup = [
    "set -e",
    "ip link set lo up",
    `ip link set enp0s3 up`,
    `ip link set enp0s8 up`,
    `ip addr add ${vm.natIp}/${NAT_PREFIX} dev enp0s3`,
    `ip addr add ${vm.natIp6}/${NAT_PREFIX6} dev enp0s3 nodad`,
    `ip addr add ${vm.privateIp}/${PRIVATE_PREFIX} dev enp0s8`,
    `ip route add default via ${vm.natGateway}`,
    `ip -6 route add default via ${NAT_GATEWAY6} dev enp0s3`,
    // The VM's systemctl, over the machine's (or first on PATH where the machine has none).
    "if [ -e /usr/bin/systemctl ]; then mount --bind /run/vethbook/systemctl /usr/bin/systemctl",
    "else mkdir -p /run/vethbook/sbin && cp -a /usr/local/sbin/. /run/vethbook/sbin/ 2>/dev/null; cp /run/vethbook/systemctl /run/vethbook/sbin/ && mount --bind /run/vethbook/sbin /usr/local/sbin; fi",
  ].join("\n");
  const dockerStart = [
    // Debian's client matches Debian's engine; a newer client elsewhere on PATH would shadow it.
    "if [ -e /usr/local/bin/docker ] && [ -x /usr/bin/docker ]; then mount --bind /usr/bin/docker /usr/local/bin/docker; fi",
    // The same way a learner restarts it: the VM's systemctl.
    `/run/vethbook/systemctl start docker || { echo 'dockerd did not start:' >&2; tail -20 ${DOCKERD_LOG} >&2; exit 1; }`,
    "docker import -c 'CMD [\"sh\"]' - busybox:latest </run/vethbook/busybox.tar >/dev/null",
    "rm -f /run/vethbook/busybox.tar",
  ].join("\n");
  // The gateway: NAT for IPv4 (VirtualBox's NAT engine, with its DNS relay at 10.0.2.3);
  // plain routing for IPv6, as a dual-stack provider routes a customer's prefixes.
  return `
# --- ${vm.name} (${vm.hostname}) ---
unshare --pid --fork --net --mount --uts --propagation private -- bash -c ${q(vmHolder(vm, rootless))} &
u=$!
pid=
for k in $(seq 500); do pid=$(cat /proc/$u/task/$u/children 2>/dev/null | tr -d ' '); [ -n "$pid" ] && [ -e /proc/$pid/root/run/vethbook/ready ] && break; sleep 0.005; done
[ -n "$pid" ] || fail "${vm.name}: its namespace holder did not start"
VM_PIDS="$VM_PIDS\\"${vm.name}\\":$pid,"
cat >/proc/$pid/root/run/vethbook/systemctl <<'EOSYSTEMCTL'
${systemctlShim({ hostname: vm.hostname, dockerd: vm.docker ? dockerdArgs(labId, vm.name, rootless) : undefined })}EOSYSTEMCTL
chmod 755 /proc/$pid/root/run/vethbook/systemctl
ip netns add nat-${vm.name}
ip link add enp0s8 netns "$pid" address ${vmMac(i, "08")} type veth peer name ${vm.name}-p8
ip link set ${vm.name}-p8 master sw0 up
ip link add enp0s3 netns "$pid" address ${vmMac(i, "03")} type veth peer name eth0 netns nat-${vm.name}
ip link add wan netns nat-${vm.name} type veth peer name ${vm.name}-wan netns inet
ip -n nat-${vm.name} -b - <<EOB
link set lo up
link set eth0 up
link set wan up
addr add ${vm.natGateway}/${NAT_PREFIX} dev eth0
addr add ${NAT_DNS}/${NAT_PREFIX} dev eth0
addr add ${link6(vm).gateway}/${NAT_PREFIX6} dev eth0 nodad
addr add ${NAT_GATEWAY6}/64 dev eth0 nodad
addr add 100.64.${n}.2/30 dev wan
addr add fe80::2/64 dev wan nodad
route add default via 100.64.${n}.1
route add ::/0 via fe80::1 dev wan
route add ${vm.routedPrefix6} via ${vm.natIp6} dev eth0
EOB
ip netns exec nat-${vm.name} sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip netns exec nat-${vm.name} iptables-restore <<EOR
*nat
-A PREROUTING -d ${NAT_DNS}/32 -p udp --dport 53 -j DNAT --to-destination ${INTERNET_HOSTS[0]}
-A PREROUTING -d ${NAT_DNS}/32 -p tcp --dport 53 -j DNAT --to-destination ${INTERNET_HOSTS[0]}
-A POSTROUTING -o wan -j MASQUERADE
COMMIT
EOR
ip -n inet -b - <<EOB
addr add 100.64.${n}.1/30 dev ${vm.name}-wan
addr add fe80::1/64 dev ${vm.name}-wan nodad
link set ${vm.name}-wan up
route add ${link6(vm).prefix} via fe80::2 dev ${vm.name}-wan
route add ${vm.routedPrefix6} via fe80::2 dev ${vm.name}-wan
EOB
${inVm(vmSetup)} || fail "${vm.name}: network setup failed"
${vm.docker ? `cp /run/vethbook/busybox.tar /proc/$pid/root/run/vethbook/busybox.tar
( ${inVm(dockerStart)} && echo "VM ${vm.name} docker" || echo "FAIL ${vm.name}: Docker's engine did not start" ) &
DOCKER_JOBS="$DOCKER_JOBS $!"` : ""}
echo "VM ${vm.name} network"
`;
}

/** The whole lab as one bash script. Pure: same options, same text. */
export function labInitScript(options: InitOptions): string {
  const vms = options.vms ?? COURSE_VMS;
  return `set -e
fail() { echo "FAIL $*"; exit 1; }
exec 9>&1
mount -t proc proc /proc
mount -t tmpfs -o mode=755 vethbook-lab /run
mkdir -p /run/netns /run/vethbook
hostname vethbook-lab
ip link set lo up
# The emulated internet: ${[...INTERNET_HOSTS, ...INTERNET_HOSTS6].join(", ")},
# reached only through each VM's NAT gateway.
ip netns add inet
ip -n inet link set lo up
${internetScript()}
# A tiny busybox root filesystem for \`docker import\` (no registry is reachable).
mkdir -p /run/vethbook/rootfs/bin /run/vethbook/rootfs/etc /run/vethbook/rootfs/tmp /run/vethbook/rootfs/root
cp "$(command -v busybox)" /run/vethbook/rootfs/bin/busybox
# (one process: every applet as a hard link to the binary; ln per applet is 270 processes)
/run/vethbook/rootfs/bin/busybox --install /run/vethbook/rootfs/bin
tar -C /run/vethbook/rootfs -cf /run/vethbook/busybox.tar .
# The private network's switch (192.168.50.0/24).
ip link add sw0 type bridge
ip link set sw0 up
VM_PIDS=
DOCKER_JOBS=
${vms.map((vm, i) => vmBlock(vm, i, options.labId, options.rootless ?? false)).join("")}
for j in $DOCKER_JOBS; do wait $j; done
${internetReadyScript()}
echo "READY {${"$"}{VM_PIDS%,}}"
exec >/dev/null 2>&1 9>&-
trap '' TERM HUP INT
${options.hold === "stdin" ? "while read -r _; do :; done" : "exec 0</dev/null\nwhile :; do sleep 86400 & wait $!; done"}
`;
}
