// The script the sandbox's holder runs as PID 1 of a fresh PID + network + mount + UTS
// namespace. It builds the whole lab inside that namespace, reports each VM as it comes
// up, then holds. When it exits, the kernel kills every process of the lab and frees
// every namespace, interface and mount with it: nothing can be left behind.
import { quote } from "../../command/quote.js";
import { COURSE_VMS, INTERNET_HOSTS, NAT_PREFIX, PRIVATE_PREFIX, type VmSpec } from "./course.js";

export interface InitOptions {
  labId: string;
  vms?: readonly VmSpec[];
  /** "stdin": exit when stdin closes (the owning process died); "forever": until killed. */
  hold: "stdin" | "forever";
}

/** Deterministic, VirtualBox-like MAC addresses: 08:00:27:00:<vm>:<nic>. */
export function vmMac(index: number, nic: "03" | "08"): string {
  return `08:00:27:00:${String(index + 1).padStart(2, "0")}:${nic}`;
}

export function cgroupParent(labId: string, vm: string): string {
  return `vethbook-${labId}-${vm}`;
}

function vmBlock(vm: VmSpec, i: number, labId: string): string {
  const n = i + 1;
  const q = quote;
  const inVm = (script: string) => `nsenter -t "$pid" -n -m -u -p -- bash -c ${q(script)}`;
  const vmSetup = [
    "set -e",
    "ip link set lo up",
    `ip link set enp0s3 up`,
    `ip link set enp0s8 up`,
    `ip addr add ${vm.natIp}/${NAT_PREFIX} dev enp0s3`,
    `ip addr add ${vm.privateIp}/${PRIVATE_PREFIX} dev enp0s8`,
    `ip route add default via ${vm.natGateway}`,
  ].join("\n");
  const dockerStart = [
    "mkdir -p /run/vethbook/docker",
    // Debian's client matches Debian's engine; a newer client elsewhere on PATH would shadow it.
    "if [ -e /usr/local/bin/docker ] && [ -x /usr/bin/docker ]; then mount --bind /usr/bin/docker /usr/local/bin/docker; fi",
    `dockerd --data-root /run/vethbook/docker --exec-root /run/docker -H unix:///run/docker.sock --pidfile /run/docker.pid --cgroup-parent /${cgroupParent(labId, vm.name)} --log-level warn >/run/vethbook/dockerd.log 2>&1 &`,
    "for k in $(seq 500); do docker version >/dev/null 2>&1 && break; sleep 0.02; done",
    "docker version >/dev/null 2>&1 || { echo 'dockerd did not start:' >&2; tail -20 /run/vethbook/dockerd.log >&2; exit 1; }",
    "docker import -c 'CMD [\"sh\"]' - busybox:latest </run/vethbook/busybox.tar >/dev/null",
    "rm -f /run/vethbook/busybox.tar",
  ].join("\n");
  return `
# --- ${vm.name} (${vm.hostname}) ---
unshare --pid --fork --net --mount --uts --propagation private -- bash -c ${q(
    [
      "mount -t proc proc /proc",
      "mount -t tmpfs -o mode=755 vethbook-vm /run",
      "mkdir -p /run/netns /run/vethbook",
      `hostname ${vm.hostname}`,
      // The machine's resolver is not part of the lab; point the VM at VirtualBox's NAT DNS address.
      "echo 'nameserver 10.0.2.3' >/run/vethbook/resolv.conf && mount --bind /run/vethbook/resolv.conf /etc/resolv.conf",
      "mkdir -p /run/vethbook/home && cd /",
      "trap '' TERM HUP INT",
      "echo > /run/vethbook/ready",
      "while :; do sleep 86400 & wait $!; done",
    ].join("\n"),
  )} &
u=$!
pid=
for k in $(seq 500); do pid=$(cat /proc/$u/task/$u/children 2>/dev/null | tr -d ' '); [ -n "$pid" ] && [ -e /proc/$pid/root/run/vethbook/ready ] && break; sleep 0.005; done
[ -n "$pid" ] || fail "${vm.name}: its namespace holder did not start"
VM_PIDS="$VM_PIDS\\"${vm.name}\\":$pid,"
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
addr add 100.64.${n}.2/30 dev wan
route add default via 100.64.${n}.1
EOB
ip netns exec nat-${vm.name} sysctl -qw net.ipv4.ip_forward=1
ip netns exec nat-${vm.name} iptables -t nat -A POSTROUTING -o wan -j MASQUERADE
ip -n inet addr add 100.64.${n}.1/30 dev ${vm.name}-wan
ip -n inet link set ${vm.name}-wan up
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
  const www = INTERNET_HOSTS.map(
    (ip) => `mkdir -p /run/vethbook/www/${ip}
echo "Hello from ${ip} on the vethbook emulated internet" >/run/vethbook/www/${ip}/index.html
ip netns exec inet busybox httpd -f -p ${ip}:80 -h /run/vethbook/www/${ip} &`,
  );
  return `set -e
fail() { echo "FAIL $*"; exit 1; }
exec 9>&1
mount -t proc proc /proc
mount -t tmpfs -o mode=755 vethbook-lab /run
mkdir -p /run/netns /run/vethbook
hostname vethbook-lab
ip link set lo up
# The emulated internet: ${INTERNET_HOSTS.join(", ")}, reached only through each VM's NAT gateway.
ip netns add inet
ip -n inet link set lo up
${INTERNET_HOSTS.map((ip) => `ip -n inet addr add ${ip}/32 dev lo`).join("\n")}
${www.join("\n")}
# A tiny busybox root filesystem for \`docker import\` (no registry is reachable).
mkdir -p /run/vethbook/rootfs/bin /run/vethbook/rootfs/etc /run/vethbook/rootfs/tmp /run/vethbook/rootfs/root
cp "$(command -v busybox)" /run/vethbook/rootfs/bin/busybox
for a in $(/run/vethbook/rootfs/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox /run/vethbook/rootfs/bin/$a; done
tar -C /run/vethbook/rootfs -cf /run/vethbook/busybox.tar .
# The private network's switch (192.168.50.0/24).
ip link add sw0 type bridge
ip link set sw0 up
VM_PIDS=
DOCKER_JOBS=
${vms.map((vm, i) => vmBlock(vm, i, options.labId)).join("")}
for j in $DOCKER_JOBS; do wait $j; done
echo "READY {${"$"}{VM_PIDS%,}}"
exec >/dev/null 2>&1 9>&-
trap '' TERM HUP INT
${options.hold === "stdin" ? "while read -r _; do :; done" : "exec 0</dev/null\nwhile :; do sleep 86400 & wait $!; done"}
`;
}
