// `lab`: the notebook's way to its machines. One lab per kernel process. Where it runs is
// decided here, at the notebook's edge: the notebook's parameters (`target`, `ssh`), else
// what a headless run was told (`vethbook run --target ssh ...`), else the environment
// ($VETHBOOK_TARGET, $VETHBOOK_SSH, ...), else the sandbox.
//
// Two notebooks at once: the lab of `vethbook lab up` is driven by one notebook at a time
// (the first to ask). Another notebook gets a lab of its own and says so once, naming the
// one that has the shared lab; `lab.configure({ sandbox: "shared" })` takes it over.
// A lab that ends under an open notebook (`vethbook lab down`) is not the end of the
// notebook: its next command connects to whatever lab there is then, and says so.
import { openLab, type Lab } from "../src/targets/connect.js";
import { resolveLabOptions, type LabOptions, type SandboxChoice } from "../src/targets/options.js";
import { Vm } from "../src/command/vm.js";
import type { CommandResult } from "../src/command/result.js";
import type { RunOptions, Target, TargetKind } from "../src/command/target.js";
import { notebookLabel } from "./_notebook-name.js";
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
  /** sandbox: "auto" (the default: `lab up`'s lab unless another notebook drives it), "own"
   *  (a lab of this notebook's own) or "shared" (`lab up`'s lab, taken over). */
  sandbox?: SandboxChoice;
}

/** A line for the learner, in the cell that is running. */
function say(text: string): void {
  process.stdout.write(`note: ${text}\n`);
}

/** A lab machine as the notebook holds it: each command goes to the machine of the lab that
 *  is in use now, so a `vm1` from an earlier cell survives a lab that was replaced. */
class NotebookTarget implements Target {
  constructor(private owner: NotebookLab, readonly name: string, readonly kind: TargetKind) {}
  run(command: string | readonly string[], options?: RunOptions): Promise<CommandResult> {
    return this.owner.machine(this.name).then((t) => t.run(command, options));
  }
  hostname(): Promise<string> {
    return this.owner.machine(this.name).then((t) => t.hostname());
  }
  /** The lab closes its machines (lab.close()). */
  close(): Promise<void> {
    return Promise.resolve();
  }
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

  private async labNow(): Promise<Lab> {
    this.options ??= this.resolve({});
    const old = this.current;
    const gone = old?.gone;
    if (old && gone) {
      this.current = undefined;
      void old.close();
      const id = old.sandboxLab!.state.labId;
      say(
        (gone.why === "ended"
          ? `the lab this notebook used (${id}) has ended (\`vethbook lab down\`, or whatever started it stopped), so this command runs in the lab there is now.`
          : `${gone.by.label} (pid ${gone.by.pid}) took over the shared lab ${id} (lab.configure({ sandbox: "shared" })), so this notebook goes on in a lab of its own.`) +
          ` What you made before is not there: run this chapter's cells again from the top.`,
      );
    }
    if (!this.current) {
      const label = await notebookLabel();
      // Taken over: a lab of its own from now on (no second notice about the shared one).
      const options: LabOptions = gone?.why === "taken" ? { ...this.options, sandbox: "own" } : this.options;
      this.current ??= openLab(options, { label, notice: say });
    }
    return this.current;
  }

  /** The machine `name` of the lab in use now (NotebookTarget's way in). */
  async machine(name: string): Promise<Target> {
    return (await this.labNow()).target(name);
  }

  /** Where commands run now: sandbox, vagrant, ssh or local. */
  get target(): TargetKind {
    this.options ??= this.resolve({});
    return this.options.target;
  }

  /** A lab machine: vm1 (docker1), vm2 (docker2) or vm3 (gw). */
  async vm(name: string): Promise<Vm> {
    const lab = await this.labNow();
    const real = await lab.target(name);
    const vm = new Vm(new NotebookTarget(this, real.name, real.kind));
    // The executed notebook records where its outputs really came from.
    recordRunMetadata({ target: lab.kind, hostnames: { [vm.name]: await vm.hostname() } });
    return vm;
  }

  /** Which sandbox lab this notebook uses now (undefined before its first command, and off
   *  the sandbox): its id, and whether it is this notebook's own. */
  get sandbox(): { labId: string; own: boolean } | undefined {
    const used = this.current?.sandboxLab;
    return used && { labId: used.state.labId, own: used.owned };
  }

  /** Close the shells (and a sandbox this kernel started). */
  async close(): Promise<void> {
    const l = this.current;
    this.current = undefined;
    await l?.close();
  }
}

export const lab = new NotebookLab();
