// A lab: the machines a notebook or a command talks to. Asked for `vm1`, it gives a sandbox
// VM, a Vagrant VM or an SSH host, as the resolved options (./options.ts) say.
import { Vm } from "../command/vm.js";
import { COURSE_VMS, findVm } from "./sandbox/course.js";
import { allLabs, claimLab, isAlive, labLease, labStatus, releaseLab, startLab, teardown, type LabLease } from "./sandbox/lab.js";
import { SandboxTarget } from "./sandbox/sandbox-target.js";
import type { LabState } from "./sandbox/lab.js";
import { LocalTarget } from "./local.js";
import type { Target, TargetKind } from "../command/target.js";
import { resolveLabOptions, type LabOptions, type LabOptionsInput } from "./options.js";

/** Who is driving the lab, for a notebook: shared labs are driven by one at a time. */
export interface LabSession {
  /** How `lab status` and the other notebooks name this one ("02-bridge.ipynb"). */
  label: string;
  /** A line for the learner (that this notebook got a lab of its own, and why). */
  notice?: (text: string) => void;
}

interface SandboxInUse {
  state: LabState;
  owned: boolean;
  /** This session holds the shared lab's lease. */
  claimed: boolean;
}

export class Lab {
  readonly kind: TargetKind;
  private targets = new Map<string, Target>();
  private sandbox?: Promise<SandboxInUse>;
  private sandboxNow?: SandboxInUse;

  readonly options: LabOptions;

  constructor(options: LabOptions, private session?: LabSession) {
    this.options = options;
    this.kind = options.target;
  }

  /** Why the sandbox lab in use can serve no more commands from here: it has ended
   *  (`vethbook lab down`, a crash), or another notebook took the shared lab over. */
  get gone(): { why: "ended" } | { why: "taken"; by: LabLease } | undefined {
    const now = this.sandboxNow;
    if (!now) return undefined;
    if (!isAlive(now.state)) return { why: "ended" };
    if (now.claimed) {
      const lease = labLease(now.state);
      if (lease && lease.pid !== process.pid) return { why: "taken", by: lease };
    }
    return undefined;
  }

  /** The sandbox lab in use, once one is (its id, who owns it). */
  get sandboxLab(): { state: LabState; owned: boolean } | undefined {
    return this.sandboxNow;
  }

  /** The names of the lab's machines. */
  get vmNames(): string[] {
    if (this.kind === "ssh") return Object.keys(this.options.ssh);
    return COURSE_VMS.map((v) => v.name);
  }

  /** The sandbox in use: the lab of `lab up` if one is up (for a notebook: unless another
   *  notebook drives it), else one owned by this process. */
  sandboxState(): Promise<{ state: LabState; owned: boolean }> {
    if (!this.sandbox) {
      const choosing = this.chooseSandbox().then((s) => (this.sandboxNow = s));
      // A failed start is not remembered: the next command tries again.
      choosing.catch(() => {
        if (this.sandbox === choosing) this.sandbox = undefined;
      });
      this.sandbox = choosing;
    }
    return this.sandbox;
  }

  private async chooseSandbox(): Promise<SandboxInUse> {
    if (this.options.labId) return { state: runningLab(this.options.labId), owned: false, claimed: false };
    const st = labStatus();
    const choice = this.options.sandbox;
    if (st.up && choice !== "own") {
      if (!this.session) return { state: st.state, owned: false, claimed: false };
      const holder = claimLab(st.state, this.session.label, choice === "shared");
      if (!holder) return { state: st.state, owned: false, claimed: true };
      this.session.notice?.(
        `the lab of \`vethbook lab up\` (${st.state.labId}) is in use by ${holder.label} (pid ${holder.pid}), ` +
          `so this notebook gets a lab of its own, which ends with its kernel. ` +
          `To drive the shared lab from here instead, run lab.configure({ sandbox: "shared" }) (${holder.label} then gets a lab of its own when it next needs one).`,
      );
    }
    const started = await startLab({ detached: false, ownerLabel: this.session?.label });
    return { state: started.state, owned: true, claimed: false };
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
      const pending = this.sandbox;
      this.sandbox = undefined;
      this.sandboxNow = undefined;
      const used = await pending.catch(() => undefined);
      if (used?.claimed) releaseLab(used.state);
      if (used?.owned) await teardown(used.state);
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
export function openLab(options: LabOptionsInput = {}, session?: LabSession): Lab {
  return new Lab(resolveLabOptions(options, {}, process.cwd()), session);
}
