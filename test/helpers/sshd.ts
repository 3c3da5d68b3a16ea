// A real sshd inside a sandbox VM for the ssh and vagrant target tests (the same one the
// benchmark uses: ./lab-sshd.ts), and an ssh client that runs inside a VM's network
// namespace, to meet real refusals and unreachable addresses on the lab's switch.
import { existsSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { quote } from "../../src/command/quote.js";
import type { Lab } from "../../src/targets/connect.js";
import { sandboxSkip } from "./sandbox.js";
import { describeUnless, requirement } from "./skip.js";

export { startLabSshd, type LabSshd } from "./lab-sshd.js";

const hasSshd = ["/usr/sbin/sshd", "/usr/bin/sshd"].some((p) => existsSync(p)) && ["/usr/bin/ssh"].some((p) => existsSync(p));

/** describe() for suites that need the sandbox and OpenSSH (server and client). */
export const describeSshd = describeUnless(sandboxSkip ?? requirement(hasSshd, "OpenSSH's server or client is not installed (fix: vethbook doctor --fix --tests)"));

/** Write `dir/ssh-in-VM`: `ssh` run inside `vm`'s network namespace (files stay the machine's). */
export async function sshInsideVm(lab: Lab, vm: string, dir: string): Promise<string> {
  const { state } = await lab.sandboxState();
  const file = join(dir, `ssh-in-${vm}`);
  await writeFile(file, `#!/bin/sh\nexec nsenter -t ${state.labPid} -p -m -n -- nsenter -t ${quote(String(state.vms[vm]))} -n -- ssh "$@"\n`);
  await chmod(file, 0o755);
  return file;
}
