// A Vagrant VM: `vagrant ssh-config <machine>` once (cached until the Vagrantfile or the
// machine changes), then an ssh target. Never `vagrant ssh -c`: it costs seconds a command.
import type { CommandResult } from "../../command/result.js";
import { SshConnectError } from "./errors.js";
import { SshTarget } from "./ssh-target.js";
import { fetchEntry, findVagrantProject, vagrantEntry, type VagrantProject } from "./_vagrant-cache.js";
import { vagrantSshOptions, type VagrantSshEntry } from "./_vagrant-config.js";
import type { RunOptions } from "../../command/target.js";

export class VagrantTarget extends SshTarget {
  override readonly kind = "vagrant" as const;
  private fromCache: boolean;

  constructor(name: string, readonly project: VagrantProject, entry: { entry: VagrantSshEntry; cached: boolean }) {
    super(name, { ...vagrantSshOptions(entry.entry), upHint: `\`vagrant up ${name}\` in ${project.dir}, then \`vagrant status\`` });
    this.fromCache = entry.cached;
  }

  override async run(command: string | readonly string[], options?: RunOptions): Promise<CommandResult> {
    try {
      return await super.run(command, options);
    } catch (e) {
      // A cached answer may be stale (the forwarded port moved on `vagrant reload`): ask
      // vagrant again, once, and retry. The command never started, so retrying is safe.
      if (!this.fromCache || !(e instanceof SshConnectError) || /^sudo/.test(e.kind)) throw e;
      this.fromCache = false;
      const fresh = await fetchEntry(this.project, this.name);
      this.ssh = { ...vagrantSshOptions(fresh), upHint: this.ssh.upHint };
      return super.run(command, options);
    }
  }
}

export async function vagrantTarget(name: string, opts: { cwd: string }): Promise<VagrantTarget> {
  const project = findVagrantProject(opts.cwd);
  return new VagrantTarget(name, project, await vagrantEntry(project, name));
}
