// A real sshd inside a sandbox VM for the ssh and vagrant target tests (the same one the
// benchmark uses: src/targets/ssh/lab-sshd.ts), and an ssh client that runs inside a VM's
// network namespace, to meet real refusals and unreachable addresses on the lab's switch.
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { quote } from "../../src/command/quote.js";
import type { Lab } from "../../src/targets/connect.js";

export { startLabSshd, type LabSshd } from "../../src/targets/ssh/lab-sshd.js";

/** Write `dir/ssh-in-VM`: `ssh` run inside `vm`'s network namespace (files stay the machine's). */
export async function sshInsideVm(lab: Lab, vm: string, dir: string): Promise<string> {
  const { state } = await lab.sandboxState();
  const file = join(dir, `ssh-in-${vm}`);
  await writeFile(file, `#!/bin/sh\nexec nsenter -t ${state.labPid} -p -m -n -- nsenter -t ${quote(String(state.vms[vm]))} -n -- ssh "$@"\n`);
  await chmod(file, 0o755);
  return file;
}
