// The ssh target's persistent shell against one `ssh` process per command, both talking
// to the same real sshd inside a sandbox VM.
import { execa } from "execa";
import type { Lab } from "../../src/targets/connect.js";
import { startLabSshd } from "../helpers/lab-sshd.js";
import { sshArgv } from "../../src/targets/ssh/_ssh-args.js";
import { SshTarget } from "../../src/targets/ssh/ssh-target.js";
import { percentiles, sample } from "./stats.js";

export async function benchSsh(lab: Lab) {
  const sshd = await startLabSshd(lab, "vm3");
  try {
    const options = sshd.sshOptions();
    const target = new SshTarget("vm3", options);
    await target.run("true");
    const persistent = percentiles(await sample(300, () => target.run("true")));
    await target.close();
    const spawn = percentiles(await sample(20, () => execa("ssh", sshArgv(options, "true"))));
    return { persistent, spawn };
  } finally {
    await sshd.close();
  }
}
