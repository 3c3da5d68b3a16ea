// The course's three VMs, as the Vagrantfile defines them. The sandbox mirrors this
// table exactly; the Vagrantfile in notebooks/ is written from it too.

export interface VmSpec {
  /** The Vagrant machine name: vm1, vm2, vm3. */
  name: string;
  hostname: string;
  /** enp0s8, on the private network every VM shares. */
  privateIp: string;
  /** enp0s3, behind the VM's own NAT gateway. */
  natIp: string;
  natGateway: string;
  /** enp0s3's IPv6 address (a /64 of its own); the gateway is NAT_GATEWAY6 on that link. */
  natIp6: string;
  /** The prefix the VM's provider routes to natIp6, as a provider delegates one to a customer. */
  routedPrefix6: string;
  /** Docker's engine runs inside this VM. */
  docker: boolean;
  /** The host port Vagrant forwards to the VM's sshd. */
  sshPort: number;
  role: string;
}

export const PRIVATE_PREFIX = 24;
export const NAT_PREFIX = 24;
export const NAT_PREFIX6 = 64;
/** Each NAT gateway's link-local address on enp0s3's link: the VMs' IPv6 default gateway. */
export const NAT_GATEWAY6 = "fe80::2";
/** VirtualBox's NAT DNS address: each NAT gateway answers it by relaying to the emulated internet's resolver. */
export const NAT_DNS = "10.0.2.3";

export const COURSE_VMS: readonly VmSpec[] = [
  { name: "vm1", hostname: "docker1", privateIp: "192.168.50.10", natIp: "10.0.2.15", natGateway: "10.0.2.2", natIp6: "2001:db8:0:1::15", routedPrefix6: "2001:db8:1::/48", docker: true, sshPort: 60610, role: "the lab host" },
  { name: "vm2", hostname: "docker2", privateIp: "192.168.50.20", natIp: "10.0.2.15", natGateway: "10.0.2.2", natIp6: "2001:db8:0:2::15", routedPrefix6: "2001:db8:2::/48", docker: true, sshPort: 60620, role: "a second host" },
  { name: "vm3", hostname: "gw", privateIp: "192.168.50.254", natIp: "10.0.2.15", natGateway: "10.0.2.2", natIp6: "2001:db8:0:3::15", routedPrefix6: "2001:db8:3::/48", docker: false, sshPort: 60630, role: "gateway" },
];

/** A name of the emulated internet and its hosts' addresses. */
export interface InternetName {
  name: string;
  ipv4: readonly string[];
  ipv6: readonly string[];
}

/** The emulated internet's DNS zone. Its hosts answer ping, serve HTTP on port 80 and
 *  answer DNS on port 53 (UDP and TCP): every other name is NXDOMAIN, at once. */
export const INTERNET_NAMES: readonly InternetName[] = [
  { name: "dns.google", ipv4: ["8.8.8.8", "8.8.4.4"], ipv6: ["2001:4860:4860::8888", "2001:4860:4860::8844"] },
  { name: "one.one.one.one", ipv4: ["1.1.1.1"], ipv6: ["2606:4700:4700::1111"] },
];

/** Hosts of the emulated internet (IPv4): each answers ping and serves HTTP on port 80. */
export const INTERNET_HOSTS: readonly string[] = INTERNET_NAMES.flatMap((n) => n.ipv4);
/** The same hosts' IPv6 addresses. */
export const INTERNET_HOSTS6: readonly string[] = INTERNET_NAMES.flatMap((n) => n.ipv6);

/** A VM's /etc/resolv.conf: what the course's provisioning makes of it. Its resolvconf
 *  head line comes first; then the resolver VirtualBox's NAT hands out by DHCP. */
export const VM_RESOLV_CONF = `nameserver 1.1.1.1\nnameserver ${NAT_DNS}\n`;

/** A VM's /etc/hosts: Debian's, with the line Vagrant adds for the VM's own name (so a
 *  program that looks up its host's name, as Python's http.server does, needs no DNS). */
export function vmEtcHosts(hostname: string): string {
  return `127.0.0.1\tlocalhost
127.0.1.1\t${hostname}\t${hostname}

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
`;
}

export function findVm(name: string): VmSpec {
  const vm = COURSE_VMS.find((v) => v.name === name || v.hostname === name);
  if (!vm) {
    throw new Error(`unknown VM "${name}": the lab has ${COURSE_VMS.map((v) => `${v.name} (${v.hostname})`).join(", ")}`);
  }
  return vm;
}
