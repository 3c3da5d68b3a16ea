// Captures real command results for the terminal-block tests. Opt-in:
//   CAPTURE=1 npx vitest run --config test/vitest.config.ts test/render/terminal-fixtures.capture.ts
import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";

describeSandbox("capture terminal fixtures", () => {
  it("captures ip -c a in RED, a failing ping, an error on stderr", { timeout: 120_000 }, async () => {
    const lab = await ownLab();
    try {
      const vm1 = await lab.vm("vm1");
      await vm1.script(`set -e
ip netns add RED; ip netns add BLUE
ip link add veth0 netns RED type veth peer name veth1 netns BLUE
ip -n RED addr add 11.11.11.2/24 dev veth0; ip -n BLUE addr add 11.11.11.3/24 dev veth1
ip -n RED link set veth0 up; ip -n BLUE link set veth1 up; sleep 1`);
      const red = vm1.netns("RED");
      const results = [
        await red.sh`ip -c a`,
        await red.sh`ping -c 1 -W 1 11.11.11.3`,
        await red.sh`ping -c 1 -W 1 11.11.11.9`.nothrow(),
        await vm1.sh`ip link set nosuch up`.nothrow(),
        await vm1.sh`ip -c -br link`,
      ];
      const hostname = await vm1.hostname();
      const out = results.map((r) => ({ hostname, netns: r.netns, command: r.command, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, durationMs: Math.round(r.durationMs) }));
      writeFileSync(new URL("../fixtures/render/terminal.json", import.meta.url), JSON.stringify(out, null, 1) + "\n");
    } finally {
      await lab.close();
    }
  });
});
