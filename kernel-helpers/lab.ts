// `lab`: the notebook's way to its machines. One lab per kernel process; the target is
// chosen by the notebook's `target` parameter, else $VETHBOOK_TARGET, else the sandbox.
import { openLab, type Lab, type LabOptions } from "../src/targets/connect.js";
import type { Vm } from "../src/command/vm.js";
import type { TargetKind } from "../src/targets/types.js";
import "./terminal.js";
import { forgetPictures } from "./show.js";

class NotebookLab {
  private current?: Lab;
  private options: LabOptions = {};

  /** Choose where commands run (from the notebook's parameters cell). Takes effect
   *  for VMs asked for afterwards; an empty value keeps the default. It also starts the
   *  notebook's pictures afresh (no diff against an earlier notebook's). */
  configure(options: { target?: TargetKind | string; ssh?: Record<string, string> | string; vagrantDir?: string } = {}): this {
    forgetPictures();
    const next: LabOptions = {};
    if (options.target) next.target = options.target as TargetKind;
    if (typeof options.ssh === "string" && options.ssh) {
      process.env.VETHBOOK_SSH = options.ssh;
    } else if (options.ssh && typeof options.ssh === "object") next.ssh = options.ssh;
    if (options.vagrantDir) next.vagrantDir = options.vagrantDir;
    if (JSON.stringify(next) !== JSON.stringify(this.options)) {
      const old = this.current;
      this.current = undefined;
      this.options = next;
      void old?.close();
    }
    return this;
  }

  private get lab(): Lab {
    this.current ??= openLab(this.options);
    return this.current;
  }

  /** Where commands run now: sandbox, vagrant, ssh or local. */
  get target(): TargetKind {
    return this.lab.kind;
  }

  /** A lab machine: vm1 (docker1), vm2 (docker2) or vm3 (gw). */
  vm(name: string): Promise<Vm> {
    return this.lab.vm(name);
  }

  /** Close the shells (and a sandbox this kernel started). */
  async close(): Promise<void> {
    const l = this.current;
    this.current = undefined;
    await l?.close();
  }
}

export const lab = new NotebookLab();
