// `show`: pictures and tables drawn from the live sandbox, as MIME bundles with a text twin.
import { expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";
import { runCells } from "./_run.js";

const OWN = { lab: { target: "sandbox", sandbox: "own" } };
type Bundle = { output_type: string; data?: Record<string, string> };

describeSandbox("show", () => {
  it("draws the topology, the ruleset and the counters that moved, each with a text twin", async () => {
    const r = await runCells([
      `const vm1 = await lab.vm("vm1");
setQuiet(true);
await vm1.sh\`ip netns add RED && ip link add reth0 netns RED type veth peer name reth1 && ip link set reth1 up && ip -n RED link set reth0 up && ip -n RED addr add 11.11.11.2/24 dev reth0\`;
setQuiet(false);`,
      `const topo = await show.topology(vm1);\ntopo`,
      `await show.iptables(vm1, { table: "filter", chains: ["FORWARD"] });`,
      `const report = await show.counters(vm1, () => vm1.sh\`iptables -A FORWARD -s 203.0.113.9 -j DROP; iptables -D FORWARD -s 203.0.113.9 -j DROP\`.quiet());\nreport`,
      `await show.routes(vm1.netns("RED"));\nawait show.neighbours(vm1);`,
      `await lab.close();`,
    ], { settings: OWN, timeout: 120 });
    expect(r.ok, r.errors.map((e) => e.message).join("\n")).toBe(true);
    const [, topo, ipt, counters, tables] = r.outputs as Bundle[][];
    const svg = topo!.find((o) => o.data?.["image/svg+xml"])!;
    expect(svg.data!["image/svg+xml"]).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="vb-topo"/);
    expect(svg.data!["text/plain"]).toContain("RED");
    // the value a cell ends with reads as one line, not an object dump
    expect(topo!.at(-1)).toMatchObject({ output_type: "execute_result", data: { "text/plain": expect.stringMatching(/^Topology\(docker1: 1 namespace, 1 bridge, \d+ veth cables?\)$/) } });
    expect(ipt![0]!.data!["text/plain"]).toMatch(/^Chain FORWARD \(policy DROP/);
    expect(ipt![0]!.data!["text/html"]).toContain("vb-root");
    expect(counters!.at(-1)!.data!["text/plain"]).toMatch(/^CounterReport\(\d+ counters? moved\)$/);
    expect(tables!.map((o) => o.data?.["text/plain"] ?? "").join("\n")).toMatch(/11\.11\.11\.0\/24\s+.*reth0/);
  }, 180_000);
});
