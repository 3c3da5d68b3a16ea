// vethbook's public API: explicit re-exports of each concern's public face, nothing internal.
export {
  openLab, Lab, resolveLabOptions, parseSshMap, formatSshMap, TARGET_KINDS, LAB_ENV, LabOptionsError,
  type LabOptions, type LabOptionsInput,
  SandboxTarget, COURSE_VMS, INTERNET_HOSTS, findVm, type VmSpec,
  startLab, teardown, labStatus, LabAlreadyUpError, type LabStatus, type LabState,
  checkSandboxSupport, SandboxUnsupportedError,
  SshTarget, sshTargetFor, SshConnectError, vagrantTarget, VagrantTarget, LocalTarget,
} from "./targets/index.js";
export {
  type Target, type TargetKind, type RunOptions, Vm, CommandPromise, CommandResult, CommandError, BackgroundJob,
  quote, buildCommand, argvToCommand, onCommand, type CommandEvent,
} from "./command/index.js";
export * as inspect from "./inspect/index.js";
export * as model from "./model/index.js";
export * as render from "./render/index.js";
export * as notebook from "./notebook/index.js";
export * as notes from "./export/index.js";
