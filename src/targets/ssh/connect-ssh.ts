// Placeholder until the ssh target lands (issue 2, in progress): keeps the build green.
import type { Target } from "../types.js";
export async function sshTargetFor(name: string, _map: Record<string, string>, _opts: { configFile?: string }): Promise<Target> {
  throw new Error(`ssh target for ${name} is not built yet`);
}
