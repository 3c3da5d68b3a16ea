// Bytes through the framed shell: 10 MB of output from vm1, received whole, per second.
import type { Lab } from "../../src/targets/connect.js";
import { percentiles, sample } from "./stats.js";

export async function benchThroughput(lab: Lab): Promise<{ mbPerS: number; n: number }> {
  const vm1 = await lab.target("vm1");
  const size = 10_000_000;
  const run = async () => {
    const r = await vm1.run(`head -c ${size} /dev/zero`);
    if (r.stdoutBytes.length !== size) throw new Error(`expected ${size} bytes, got ${r.stdoutBytes.length}`);
  };
  await run();
  const stats = percentiles(await sample(7, run));
  return { mbPerS: Math.round((size / 1e6 / (stats.p50 / 1000)) * 10) / 10, n: stats.n };
}
