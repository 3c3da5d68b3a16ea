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
  /** Docker's engine runs inside this VM. */
  docker: boolean;
  /** The host port Vagrant forwards to the VM's sshd. */
  sshPort: number;
  role: string;
}

export const PRIVATE_PREFIX = 24;
export const NAT_PREFIX = 24;

export const COURSE_VMS: readonly VmSpec[] = [
  { name: "vm1", hostname: "docker1", privateIp: "192.168.50.10", natIp: "10.0.2.15", natGateway: "10.0.2.2", docker: true, sshPort: 60610, role: "the lab host" },
  { name: "vm2", hostname: "docker2", privateIp: "192.168.50.20", natIp: "10.0.2.15", natGateway: "10.0.2.2", docker: true, sshPort: 60620, role: "a second host" },
  { name: "vm3", hostname: "gw", privateIp: "192.168.50.254", natIp: "10.0.2.15", natGateway: "10.0.2.2", docker: false, sshPort: 60630, role: "gateway" },
];

/** Hosts of the emulated internet: each answers ping and serves HTTP on port 80. */
export const INTERNET_HOSTS: readonly string[] = ["8.8.8.8", "1.1.1.1"];

export function findVm(name: string): VmSpec {
  const vm = COURSE_VMS.find((v) => v.name === name || v.hostname === name);
  if (!vm) {
    throw new Error(`unknown VM "${name}": the lab has ${COURSE_VMS.map((v) => `${v.name} (${v.hostname})`).join(", ")}`);
  }
  return vm;
}
