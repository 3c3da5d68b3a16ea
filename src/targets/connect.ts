// A lab: the machines a notebook or a command talks to. Asked for `vm1`, it gives a sandbox
// VM, a Vagrant VM or an SSH host, as the resolved options (./options.ts) say.
import { Vm } from "../command/vm.js";
import { COURSE_VMS, findVm } from "./sandbox/course.js";
import { allLabs, labStatus, startLab, teardown } from "./sandbox/lab.js";
import { SandboxTarget } from "./sandbox/sandbox-target.js";
import type { LabState } from "./sandbox/lab.js";
import { LocalTarget } from "./local.js";
import type { Target, TargetKind } from "../command/target.js";
import { resolveLabOptions, type LabOptions, type LabOptionsInput } from "./options.js";

export class Lab {
  readonly kind: TargetKind;
  private targets = new Map<string, Target>();
  private sandbox?: Promise<{ state: LabState; owned: boolean }>;

  readonly options: LabOptions;

  constructor(options: LabOptions) {
    this.options = options;
    this.kind = options.target;
  }

  /** The names of the lab's machines. */
  get vmNames(): string[] {
    if (this.kind === "ssh") return Object.keys(this.options.ssh);
    return COURSE_VMS.map((v) => v.name);
  }

  /** The sandbox in use: a detached lab if one is up, else one owned by this process. */
  sandboxState(): Promise<{ state: LabState; owned: boolean }> {
    this.sandbox ??= (async () => {
      if (this.options.labId) return { state: runningLab(this.options.labId), owned: false };
      const st = labStatus();
      if (st.up && this.options.sandbox !== "own") return { state: st.state, owned: false };
      const started = await startLab({ detached: false });
      return { state: started.state, owned: true };
    })();
    return this.sandbox;
  }

  async target(name: string): Promise<Target> {
    const existing = this.targets.get(name);
    if (existing) return existing;
    const t = await this.makeTarget(name);
    this.targets.set(name, t);
    return t;
  }

  /** A handle on one lab machine: `(await lab.vm("vm1")).sh\`ip -br a\``. */
  async vm(name: string): Promise<Vm> {
    return new Vm(await this.target(name));
  }

  private async makeTarget(name: string): Promise<Target> {
    switch (this.kind) {
      case "sandbox": {
        findVm(name);
        const { state } = await this.sandboxState();
        return new SandboxTarget(state, findVm(name).name);
      }
      case "local":
        return new LocalTarget(name, { allowLocal: this.options.allowLocal });
      case "ssh": {
        const { sshTargetFor } = await import("./ssh/connect-ssh.js");
        return sshTargetFor(name, this.options.ssh, { configFile: this.options.sshConfig });
      }
      case "vagrant": {
        const { vagrantTarget } = await import("./ssh/vagrant.js");
        return vagrantTarget(findVm(name).name, { cwd: this.options.vagrantDir });
      }
    }
  }

  /** Close every shell; a sandbox this lab started itself is torn down. */
  async close(): Promise<void> {
    await Promise.all([...this.targets.values()].map((t) => t.close().catch(() => {})));
    this.targets.clear();
    if (this.sandbox) {
      const { state, owned } = await this.sandbox;
      this.sandbox = undefined;
      if (owned) await teardown(state);
    }
  }
}

/** A running lab of this user's, by id. */
function runningLab(labId: string): LabState {
  const labs = allLabs();
  const found = labs.find((l) => l.state.labId === labId);
  if (found?.alive) return found.state;
  const running = labs.filter((l) => l.alive).map((l) => `${l.state.labId} (${l.state.owner.label})`);
  throw new Error(`no running sandbox lab ${labId}${found ? " (it has died)" : ""}: ${running.length ? `the running ones are ${running.join(", ")}` : "none is running"} (see \`vethbook lab status\`)`);
}

/** A lab from options given in code. The environment is the caller's to pass:
 *  `openLab(resolveLabOptions(flags, process.env))` is what the CLI does. (Resolved options
 *  are valid input too, and resolve to themselves.) */
export function openLab(options: LabOptionsInput = {}): Lab {
  return new Lab(resolveLabOptions(options, {}, process.cwd()));
}
