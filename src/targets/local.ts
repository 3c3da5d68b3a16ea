// This machine's own root namespace. Only when asked for explicitly: every other
// target keeps the lab away from the machine's own network.
import { execa } from "execa";
import { ShellTarget } from "./_shell-target.js";
import { shellEnv } from "./_env.js";

export class LocalTarget extends ShellTarget {
  readonly kind = "local" as const;
  constructor(readonly name: string = "local", options: { allowLocal?: boolean } = {}) {
    super();
    if (!options.allowLocal) {
      throw new Error(
        "the local target runs lab commands in this machine's own network namespace; " +
          "pass { allowLocal: true } (CLI: --allow-local, env VETHBOOK_ALLOW_LOCAL=1) if that is what you want, " +
          "or use the sandbox target (the default) to keep the lab in namespaces of its own",
      );
    }
  }
  protected spawn() {
    return execa("bash", ["--noprofile", "--norc"], { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: shellEnv(), extendEnv: false, buffer: false, reject: false, detached: true });
  }
}
