// The ssh target for one lab machine, from the lab's map of VM name -> destination
// (`--ssh vm1=root@192.168.50.10`, $VETHBOOK_SSH). Connecting happens at the first command.
import { parseDestination } from "./_destination.js";
import { SshTarget } from "./ssh-target.js";
import type { SshOptions } from "./_ssh-args.js";

export interface SshTargetForOptions {
  /** An ssh_config file to use instead of ~/.ssh/config. */
  configFile?: string;
  identityFile?: string | readonly string[];
  /** Extra `-o` options, e.g. { UserKnownHostsFile: "/path" }. */
  options?: SshOptions["options"];
}

export async function sshTargetFor(name: string, map: Record<string, string>, opts: SshTargetForOptions = {}): Promise<SshTarget> {
  const text = map[name];
  if (!text) {
    const known = Object.keys(map);
    throw new Error(
      `no ssh destination for ${name}: ${known.length ? `the ssh map names only ${known.join(", ")}` : "the ssh map is empty"}; ` +
        `give one as --ssh ${name}=root@192.168.50.10 (or ${name}=user@host:port, or an ssh_config alias), ` +
        `or in the environment: VETHBOOK_SSH="${name}=root@192.168.50.10"`,
    );
  }
  const dest = parseDestination(text);
  return new SshTarget(name, {
    ...dest,
    configFile: opts.configFile,
    identityFile: opts.identityFile,
    options: opts.options,
    upHint: `if it is the course's Vagrant VM: \`vagrant up ${name}\`, then \`vagrant status\``,
  });
}
