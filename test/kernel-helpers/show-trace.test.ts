// show.trace in a notebook: the walk drawn as SVG with its text twin, a one-line summary when
// a cell ends with it, and the walk assertions on it (a failing one shows the walk).
import { expect, it } from "vitest";
import { describeSandbox } from "../helpers/sandbox.js";
import { runCells } from "./_run.js";

const OWN = { lab: { target: "sandbox", sandbox: "own" } };
type Bundle = { output_type: string; data?: Record<string, string> };

describeSandbox("show.trace", () => {
  it("draws the walk of chapter 2's dropped ping, sums it up, and asserts on it", async () => {
    const r = await runCells([
      `const vm1 = await lab.vm("vm1");
setQuiet(true);
await vm1.sh\`ip netns add RED && ip netns add BLUE && ip link add br0 type bridge && ip link set br0 up
ip link add reth0 netns RED type veth peer name reth1 && ip link set reth1 master br0 up && ip -n RED link set reth0 up && ip -n RED addr add 11.11.11.2/24 dev reth0
ip link add beth0 netns BLUE type veth peer name beth1 && ip link set beth1 master br0 up && ip -n BLUE link set beth0 up && ip -n BLUE addr add 11.11.11.3/24 dev beth0\`;
setQuiet(false);`,
      `const walk = await show.trace(vm1, () => vm1.netns("RED").sh\`ping -c 1 -W 1 11.11.11.3\`.nothrow(), { title: "where it stops" });
expect(walk).toEndWith("DROP", { table: "filter", chain: "FORWARD", policy: true });
walk`,
      `expect(walk).toHaveRewritten({ dst: "11.11.11.9" });`,
      `await lab.close();`,
    ], { settings: OWN, timeout: 120, allowErrors: true });
    const [, drawn, failed] = r.outputs as Bundle[][];
    const picture = drawn!.find((o) => o.data?.["image/svg+xml"])!;
    expect(picture.data!["image/svg+xml"]).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="vb-walk"/);
    expect(picture.data!["text/plain"]).toMatch(/^where it stops\ntraced with xtables-monitor · 1 packet in the trace/);
    expect(picture.data!["text/plain"]).toContain("✕ DROP: dropped by filter:FORWARD policy");
    expect(drawn!.at(-1)).toMatchObject({ output_type: "execute_result", data: { "text/plain": "PacketWalk(vm1: 1 packet; the first DROP by filter:FORWARD policy: dropped)" } });
    const error = failed!.find((o) => o.output_type === "error") as unknown as { evalue: string };
    expect(error.evalue).toMatch(/expected NAT to rewrite dst -> 11\.11\.11\.9, but no address was rewritten; the walk \(xtables-monitor\):\n  #1 request ICMP 11\.11\.11\.2 -> 11\.11\.11\.3/);
  }, 180_000);
});
