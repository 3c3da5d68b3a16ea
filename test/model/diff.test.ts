import { describe, expect, it } from "vitest";
import { describeChange, diffSnapshots } from "../../src/model/diff.js";
import { clone, snapshotFixture } from "./fixture.js";

describe("diffSnapshots", () => {
  it("finds nothing between a snapshot and itself", () => {
    const s = snapshotFixture("ch2");
    expect(diffSnapshots(s, clone(s))).toEqual([]);
  });

  it("names link state, master, addresses, routes, neighbours, sysctls and rules that changed", () => {
    const before = snapshotFixture("ch2");
    const after = clone(before);
    const root = after.namespaces[0]!;
    const red = after.namespaces.find((n) => n.name === "RED")!;
    const reth0 = red.links.find((l) => l.name === "reth0")!;
    reth0.state = "DOWN";
    reth0.adminUp = false;
    const beth1 = root.links.find((l) => l.name === "beth1")!;
    delete beth1.master;
    root.links.find((l) => l.name === "br0")!.addresses.push({ family: "inet", address: "11.11.11.1", prefixlen: 24, scope: "global" });
    red.routes.push({ dst: "default", gateway: "11.11.11.1", dev: "reth0", table: "main", type: "unicast", family: "inet" });
    red.neighbours.push({ dst: "11.11.11.9", dev: "reth0", lladdr: "aa:bb:cc:dd:ee:ff", state: ["REACHABLE"], family: "inet" });
    root.sysctls["net.ipv4.ip_forward"] = "0";
    const fwd = root.iptables.tables[0]!.chains.find((c) => c.name === "DOCKER-USER")!;
    fwd.rules.unshift({ spec: "-j ACCEPT", target: "ACCEPT", packets: 0, bytes: 0, num: 1 });
    root.iptables.tables[0]!.chains.find((c) => c.name === "FORWARD")!.policy = "ACCEPT";

    const lines = diffSnapshots(before, after).map(describeChange);
    expect(lines).toEqual([
      "~ link beth1 master: br0 -> (none)",
      "+ address 11.11.11.1/24 on br0",
      "~ sysctl net.ipv4.ip_forward: 1 -> 0",
      "~ policy iptables filter FORWARD: DROP -> ACCEPT",
      "+ rule iptables filter DOCKER-USER #1 -j ACCEPT",
      "RED: ~ link reth0 state: UP -> DOWN",
      "RED: ~ link reth0 adminUp: true -> false",
      "RED: + route default via 11.11.11.1 dev reth0",
      "RED: + neighbour 11.11.11.9 dev reth0 lladdr aa:bb:cc:dd:ee:ff REACHABLE",
    ]);
  });

  it("names namespaces and links added and removed", () => {
    const before = snapshotFixture("ch2");
    const after = clone(before);
    after.namespaces = after.namespaces.filter((n) => n.name !== "BLUE");
    after.namespaces[0]!.links = after.namespaces[0]!.links.filter((l) => l.name !== "beth1");
    const changes = diffSnapshots(before, after);
    expect(changes.filter((c) => c.what === "namespace")).toEqual([{ kind: "removed", what: "namespace", namespace: "BLUE", key: "BLUE" }]);
    const link = changes.find((c) => c.what === "link" && c.namespace === "")!;
    expect(link).toMatchObject({ kind: "removed", key: "/beth1" });
    expect(describeChange(link)).toMatch(/^- link beth1 veth UP master br0/);
    // The namespace's own contents go with it (its links, addresses, routes).
    expect(changes.some((c) => c.namespace === "BLUE" && c.what === "address" && c.kind === "removed")).toBe(true);
  });

  it("leaves the local table and devices' own fdb entries out unless asked", () => {
    const before = snapshotFixture("ch2");
    const after = clone(before);
    after.namespaces[0]!.routes.push({ dst: "11.11.11.1", type: "local", table: "local", dev: "br0", family: "inet" });
    after.namespaces[0]!.fdb.push({ mac: "33:33:00:00:00:fb", dev: "br0", flags: ["self"], state: "permanent" });
    expect(diffSnapshots(before, after)).toEqual([]);
    expect(diffSnapshots(before, after, { localRoutes: true, selfFdb: true }).map((c) => c.what)).toEqual(["route", "fdb"]);
  });
});
