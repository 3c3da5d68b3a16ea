// Where commands run: the sandbox lab on this machine, ssh hosts, Vagrant VMs, or this
// machine itself when asked; the lab that hands them out; the machine check.
export { openLab, Lab } from "./connect.js";
export {
  resolveLabOptions, parseSshMap, formatSshMap, parseTargetKind, TARGET_KINDS, LAB_ENV, LabOptionsError,
  type LabOptions, type LabOptionsInput,
} from "./options.js";
export { SandboxTarget } from "./sandbox/sandbox-target.js";
export { COURSE_VMS, INTERNET_HOSTS, INTERNET_HOSTS6, INTERNET_NAMES, VM_RESOLV_CONF, findVm, type VmSpec, type InternetName } from "./sandbox/course.js";
export { startLab, teardown, labStatus, LabAlreadyUpError, type LabStatus, type StartOptions, type StartedLab } from "./sandbox/lab.js";
export type { LabState, LabOwner } from "./sandbox/lab.js";
export { checkSandboxSupport, SandboxUnsupportedError } from "./sandbox/preflight.js";
export { SshTarget } from "./ssh/ssh-target.js";
export { sshTargetFor } from "./ssh/connect-ssh.js";
export { SshConnectError } from "./ssh/errors.js";
export { vagrantTarget, VagrantTarget } from "./ssh/vagrant.js";
export { LocalTarget } from "./local.js";
export { runChecks, missingPackages, installCommand, type Check, type Need } from "./doctor.js";
