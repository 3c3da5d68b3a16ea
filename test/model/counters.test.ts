import { describe, expect, it } from "vitest";
import { parseIptablesSave } from "../../src/inspect/iptables-save.js";
import { counterDeltas, describeDelta } from "../../src/model/counters.js";
import { fixture } from "../inspect/fixture.js";
import { clone, snapshotFixture } from "./fixture.js";

const rs = (name: string) => parseIptablesSave(fixture(name));

describe("counterDeltas", () => {
  it("names the FORWARD policy DROP and the rules a dropped ping crossed", () => {
    const deltas = counterDeltas(rs("vm1-fresh.iptables-save.txt"), rs("ch2-drop.iptables-save.txt"));
    expect(deltas.map(describeDelta)).toEqual([
      "filter FORWARD policy DROP: +1 packets, +84 bytes",
      "filter FORWARD #1 -j DOCKER-USER: +1 packets, +84 bytes",
      "filter FORWARD #2 -j DOCKER-ISOLATION-STAGE-1: +1 packets, +84 bytes",
      "filter DOCKER-ISOLATION-STAGE-1 #2 -j RETURN: +1 packets, +84 bytes",
      "filter DOCKER-USER #1 -j RETURN: +1 packets, +84 bytes",
    ]);
    expect(deltas[0]).toEqual({ family: "ipv4", namespace: "", table: "filter", chain: "FORWARD", target: "DROP", packets: 1, bytes: 84 });
  });

  it("matches rules by spec, so an inserted rule shifts nothing", () => {
    // DOCKER-USER -j ACCEPT was inserted at #1 before the pings; RETURN moved to #2 and did not count.
    const deltas = counterDeltas(rs("ch2-drop.iptables-save.txt"), rs("ch2-accept.iptables-save.txt"));
    expect(deltas.map(describeDelta)).toEqual([
      "filter FORWARD #1 -j DOCKER-USER: +4 packets, +336 bytes",
      "filter DOCKER-USER #1 -j ACCEPT: +4 packets, +336 bytes",
    ]);
    expect(deltas[1]).toMatchObject({ chain: "DOCKER-USER", num: 1, spec: "-j ACCEPT", target: "ACCEPT" });
  });

  it("reads NAT counters: MASQUERADE and a published port's DNAT", () => {
    const deltas = counterDeltas(rs("ch3.iptables-save.txt"), rs("docker.iptables-save.txt"));
    const nat = deltas.filter((d) => d.table === "nat");
    expect(nat.map((d) => d.target)).toEqual(expect.arrayContaining(["MASQUERADE", "DNAT"]));
    expect(nat.find((d) => d.target === "DNAT")).toMatchObject({ chain: "DOCKER", spec: "! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80" });
  });

  it("treats a counter that went down as zeroed (-Z): all it holds is new", () => {
    const before = rs("ch2-accept.iptables-save.txt");
    const after = clone(before);
    const user = after.tables[0]!.chains.find((c) => c.name === "DOCKER-USER")!;
    user.rules[0]!.packets = 2;
    user.rules[0]!.bytes = 168;
    expect(counterDeltas(before, after)).toEqual([{ family: "ipv4", namespace: "", table: "filter", chain: "DOCKER-USER", num: 1, spec: "-j ACCEPT", target: "ACCEPT", packets: 2, bytes: 168 }]);
  });

  it("works on whole snapshots, per namespace", () => {
    const before = snapshotFixture("ch2");
    const after = clone(before);
    after.namespaces[0]!.iptables = rs("ch2-accept.iptables-save.txt");
    before.namespaces[0]!.iptables = rs("ch2-drop.iptables-save.txt");
    expect(counterDeltas(before, after).map((d) => [d.namespace, d.chain, d.num])).toEqual([["", "FORWARD", 1], ["", "DOCKER-USER", 1]]);
  });
});
