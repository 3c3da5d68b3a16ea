// Choosing where a lab's commands run. A notebook asks for `vm1`; this decides whether
// that is a sandbox VM, a Vagrant VM or an SSH host, from options, then environment.
import { Vm } from "../command/vm.js";
import { COURSE_VMS, findVm } from "./sandbox/course.js";
import { labStatus, startLab, teardown } from "./sandbox/lab.js";
import { SandboxTarget } from "./sandbox/sandbox-target.js";
import type { LabState } from "./sandbox/state.js";
import { LocalTarget } from "./local.js";
import type { Target, TargetKind } from "./types.js";

export const TARGET_KINDS: readonly TargetKind[] = ["sandbox", "ssh", "vagrant", "local"];

export interface LabOptions {
  /** Where commands run; default: $VETHBOOK_TARGET, else "sandbox". */
  target?: TargetKind;
  /** ssh: lab VM name -> destination (`user@host`, `host:port`, or an ssh_config alias). */
  ssh?: Record<string, string>;
  /** ssh: an ssh_config file to use (default: $VETHBOOK_SSH_CONFIG, else ssh's own). */
  sshConfig?: string;
  /** vagrant: the folder holding the Vagrantfile (default: $VETHBOOK_VAGRANT_DIR, else cwd). */
  vagrantDir?: string;
  /** local: required opt-in to run in this machine's own namespace. */
  allowLocal?: boolean;
  /** sandbox: "auto" uses a detached lab when one is up, else starts one owned by this
   *  process; "own" always starts a private one (tests). */
  sandbox?: "auto" | "own";
}

export function resolveTargetKind(value: string | undefined): TargetKind {
  const v = (value ?? process.env.VETHBOOK_TARGET ?? "sandbox").trim() || "sandbox";
  if (!(TARGET_KINDS as readonly string[]).includes(v)) {
    throw new Error(`unknown target "${v}": choose one of ${TARGET_KINDS.join(", ")}`);
  }
  return v as TargetKind;
}

/** Parse "vm1=root@host,vm2=host2:2222" (the form of --ssh and $VETHBOOK_SSH). */
export function parseSshMap(text: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of (text ?? "").split(/[,\s]+/).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) throw new Error(`cannot read "${part}" as VM=DESTINATION (e.g. vm1=root@192.168.50.10)`);
    map[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return map;
}

export class Lab {
  readonly kind: TargetKind;
  private targets = new Map<string, Target>();
  private sandbox?: Promise<{ state: LabState; owned: boolean }>;

  constructor(private options: LabOptions = {}) {
    this.kind = resolveTargetKind(options.target);
  }

  /** The names of the lab's machines. */
  get vmNames(): string[] {
    if (this.kind === "ssh") return Object.keys(this.sshMap());
    return COURSE_VMS.map((v) => v.name);
  }

  private sshMap(): Record<string, string> {
    return { ...parseSshMap(process.env.VETHBOOK_SSH), ...this.options.ssh };
  }

  /** The sandbox in use: a detached lab if one is up, else one owned by this process. */
  sandboxState(): Promise<{ state: LabState; owned: boolean }> {
    this.sandbox ??= (async () => {
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
        return new LocalTarget(name, { allowLocal: this.options.allowLocal || process.env.VETHBOOK_ALLOW_LOCAL === "1" });
      case "ssh": {
        const { sshTargetFor } = await import("./ssh/connect-ssh.js");
        return sshTargetFor(name, this.sshMap(), { configFile: this.options.sshConfig ?? (process.env.VETHBOOK_SSH_CONFIG || undefined) });
      }
      case "vagrant": {
        const { vagrantTarget } = await import("./vagrant.js");
        return vagrantTarget(findVm(name).name, { cwd: this.options.vagrantDir ?? process.env.VETHBOOK_VAGRANT_DIR ?? process.cwd() });
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

export function openLab(options: LabOptions = {}): Lab {
  return new Lab(options);
}
