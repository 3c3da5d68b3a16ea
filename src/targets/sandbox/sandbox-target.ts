// One VM of the sandbox lab: a persistent bash inside the VM's namespaces, entered
// through the lab's PID 1 (so the lab's own /proc names the VM's holder).
import { execa } from "execa";
import { ShellTarget } from "../_shell-target.js";
import { shellEnv } from "../_env.js";
import { findVm } from "./course.js";
import { isAlive, type LabState } from "./_state.js";

export class SandboxTarget extends ShellTarget {
  readonly kind = "sandbox" as const;
  readonly name: string;

  constructor(private state: LabState, vm: string) {
    super();
    this.name = findVm(vm).name;
    if (state.vms[this.name] === undefined) throw new Error(`the sandbox lab ${state.labId} has no ${this.name}`);
  }

  protected spawn() {
    return execa(
      "nsenter",
      // A rootless lab's user namespace first (-U): in it, this user is the lab's root.
      ["-t", String(this.state.labPid), ...(this.state.mode === "rootless" ? ["-U"] : []), "-p", "-m", "-n", "-u", "--",
        "nsenter", "-t", String(this.state.vms[this.name]), "-n", "-m", "-u", "-p",
        // nsenter opens --wd's folder before it enters the VM: a rootless VM's /root (a folder of
        // its own) is reached only by a cd inside.
        ...(this.state.mode === "rootless"
          ? ["--", "bash", "--noprofile", "--norc", "-c", "cd /root && exec bash --noprofile --norc"]
          : ["--wd=/root", "--", "bash", "--noprofile", "--norc"])],
      // detached: a process group of its own, out of reach of an interrupt meant for this
      // process (Jupyter signals the kernel's whole group); it ends when its stdin closes.
      { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: shellEnv(), extendEnv: false, buffer: false, reject: false, cwd: "/", detached: true },
    );
  }

  protected explainStartFailure(err: Error): Error {
    if (!isAlive(this.state)) {
      return new Error(`the sandbox lab ${this.state.labId} is no longer running (\`vethbook lab down\`, or whatever started it stopped): in a notebook, the next command connects to the lab there is then, or starts one of its own; in a terminal, run \`vethbook lab up\` again (${err.message})`);
    }
    return err;
  }
}
