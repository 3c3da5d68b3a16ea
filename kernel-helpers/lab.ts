// `lab`: the notebook's way to its machines. One lab per kernel process. Where it runs is
// decided here, at the notebook's edge: the notebook's parameters (`target`, `ssh`), else
// what a headless run was told (`vethbook run --target ssh ...`), else the environment
// ($VETHBOOK_TARGET, $VETHBOOK_SSH, ...), else the sandbox.
import { openLab, type Lab } from "../src/targets/connect.js";
import { resolveLabOptions, type LabOptions } from "../src/targets/options.js";
import type { Vm } from "../src/command/vm.js";
import type { TargetKind } from "../src/command/target.js";
import { currentRun, recordRunMetadata } from "../src/notebook/run-context.js";
import "./terminal.js";
import { forgetPictures } from "./show.js";

/** What a notebook's parameters cell may pass; empty values mean "not given". */
export interface NotebookLabOptions {
  target?: TargetKind | string;
  /** "vm1=root@host,vm2=..." or a map. */
  ssh?: Record<string, string> | string;
  sshConfig?: string;
  vagrantDir?: string;
}

class NotebookLab {
  private current?: Lab;
  private options?: LabOptions;

  /** Choose where commands run (from the notebook's parameters cell). Takes effect for VMs
   *  asked for afterwards. It also starts the notebook's pictures afresh (no diff against
   *  an earlier notebook's). */
  configure(options: NotebookLabOptions = {}): this {
    forgetPictures();
    const next = this.resolve(options);
    if (JSON.stringify(next) !== JSON.stringify(this.options)) {
      const old = this.current;
      this.current = undefined;
      void old?.close();
    }
    this.options = next;
    return this;
  }

  private resolve(options: NotebookLabOptions): LabOptions {
    // A headless run's own resolution of its flags stands in for the environment.
    const base = (currentRun()?.settings.lab as LabOptions | undefined) ?? resolveLabOptions({}, process.env, process.cwd());
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== "" && !(typeof v === "object" && Object.keys(v).length === 0)));
    return resolveLabOptions({ ...base, ...given }, {}, process.cwd());
  }

  private get lab(): Lab {
    this.options ??= this.resolve({});
    this.current ??= openLab(this.options);
    return this.current;
  }

  /** Where commands run now: sandbox, vagrant, ssh or local. */
  get target(): TargetKind {
    return this.lab.kind;
  }

  /** A lab machine: vm1 (docker1), vm2 (docker2) or vm3 (gw). */
  async vm(name: string): Promise<Vm> {
    const vm = await this.lab.vm(name);
    // The executed notebook records where its outputs really came from.
    recordRunMetadata({ target: this.lab.kind, hostnames: { [vm.name]: await vm.hostname() } });
    return vm;
  }

  /** Close the shells (and a sandbox this kernel started). */
  async close(): Promise<void> {
    const l = this.current;
    this.current = undefined;
    await l?.close();
  }
}

export const lab = new NotebookLab();
