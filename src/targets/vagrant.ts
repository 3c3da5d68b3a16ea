// Placeholder until the vagrant target lands (issue 2, in progress): keeps the build green.
import type { Target } from "./types.js";
export async function vagrantTarget(name: string, _opts: { cwd: string }): Promise<Target> {
  throw new Error(`vagrant target for ${name} is not built yet`);
}
