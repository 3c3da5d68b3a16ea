import { describe, expect, it } from "vitest";
import { parseIpLinks } from "../../src/inspect/ip-link.js";
import { parseNetnsListId } from "../../src/inspect/netns.js";
import { buildTopology, resolveVethPeers } from "../../src/model/topology.js";
import type { NamespaceState } from "../../src/model/types.js";
import { fixture } from "../inspect/fixture.js";
import { clone, snapshotFixture } from "./fixture.js";

describe("buildTopology", () => {
  it("draws chapter 5's containers red and blue as namespaces, each cabled to a port of docker0", () => {
    const t = buildTopology(snapshotFixture("docker"));
    expect(t.nodes.map((n) => [n.id, n.kind, n.label, n.container])).toEqual([
      ["ns:", "host", "docker1", undefined],
      ["ns:blue", "namespace", "blue", true],
      ["ns:red", "namespace", "red", true],
      ["br:/docker0", "bridge", "docker0", undefined],
    ]);
    const ports = t.edges.filter((e) => e.kind === "port" && e.b === "br:/docker0").map((e) => e.a);
    expect(ports).toHaveLength(2);
    const cabledTo = ports.map((p) => t.edges.find((e) => e.kind === "veth" && (e.a === p || e.b === p))).map((e) => (e!.a.startsWith("/") ? e!.b : e!.a));
    expect(cabledTo.sort()).toEqual(["blue/eth0", "red/eth0"]);
    expect(t.interfaces.find((i) => i.id === "red/eth0")).toMatchObject({ addresses: ["172.17.0.2/16"], state: "UP" });
    expect(t.interfaces.some((i) => i.peerOutside && i.namespace !== "")).toBe(false);
  });

  it("draws the chapter-2 lab: RED and BLUE cabled to br0's ports", () => {
    const t = buildTopology(snapshotFixture("ch2"));
    expect(t.nodes.map((n) => [n.id, n.kind, n.label])).toEqual([
      ["ns:", "host", "docker1"],
      ["ns:BLUE", "namespace", "BLUE"],
      ["ns:RED", "namespace", "RED"],
      ["br:/docker0", "bridge", "docker0"],
      ["br:/br0", "bridge", "br0"],
    ]);
    expect(t.nodes[0]!.interfaces).toEqual(["/lo", "/enp0s8", "/enp0s3", "/reth1", "/beth1"]);
    expect(t.nodes.find((n) => n.id === "br:/br0")!.interfaces).toEqual(["/br0"]);
    expect(t.edges).toEqual([
      { kind: "port", a: "/beth1", b: "br:/br0", up: true },
      { kind: "port", a: "/reth1", b: "br:/br0", up: true },
      { kind: "veth", a: "/beth1", b: "BLUE/beth0", up: true },
      { kind: "veth", a: "/reth1", b: "RED/reth0", up: true },
    ]);
    const reth0 = t.interfaces.find((i) => i.id === "RED/reth0")!;
    expect(reth0).toMatchObject({ namespace: "RED", kind: "veth", state: "UP", adminUp: true, peer: "/reth1" });
    expect(reth0.addresses).toContain("11.11.11.2/24");
    expect(t.interfaces.find((i) => i.id === "/reth1")!.master).toBe("br:/br0");
    // The VM's uplinks are veths into the sandbox's switch and NAT: outside the snapshot.
    expect(t.interfaces.filter((i) => i.peerOutside).map((i) => i.id)).toEqual(["/enp0s8", "/enp0s3"]);
  });

  it("cables a veth pair whose two ends are in one namespace (chapter 1 §2)", () => {
    const links = parseIpLinks(fixture("same-ns-veth.addr.json"), "ip -j -d addr");
    expect(links.find((l) => l.name === "veth0")).toMatchObject({ kind: "veth", peerName: "veth1" });
    expect(links.find((l) => l.name === "veth0")!.peerIfindex).toBeUndefined();
    const ns: NamespaceState = { name: "", links, routes: [], neighbours: [], fdb: [], sysctls: {}, iptables: { family: "ipv4", tables: [] }, ip6tables: { family: "ipv6", tables: [] } };
    const t = buildTopology({ vm: "vm1", hostname: "docker1", namespaces: [ns] });
    expect(t.edges).toEqual([{ kind: "veth", a: "/veth0", b: "/veth1", up: false }]);
    expect(t.interfaces.find((i) => i.id === "/veth1")).toMatchObject({ peer: "/veth0" });
    // A name that does not point back is no cable.
    const odd = clone(ns);
    odd.links.find((l) => l.name === "veth1")!.peerName = "lo";
    expect(resolveVethPeers([odd]).get("/veth0")).toBeUndefined();
  });

  it("resolves ten namespaces' cables", () => {
    const t = buildTopology(snapshotFixture("ten-ns"));
    const cables = t.edges.filter((e) => e.kind === "veth");
    expect(cables.length).toBe(10);
    expect(cables[0]).toEqual({ kind: "veth", a: "/h01", b: "ns01/v01", up: true });
    expect(t.edges.filter((e) => e.kind === "port" && e.b === "br:/br0").length).toBe(10);
  });

  it("is the same for the same state, whatever order the namespaces came in", () => {
    const s = snapshotFixture("ten-ns");
    const shuffled = clone(s);
    shuffled.namespaces.reverse();
    for (const n of shuffled.namespaces) n.links.reverse();
    expect(JSON.stringify(buildTopology(shuffled))).toBe(JSON.stringify(buildTopology(s)));
  });

  it("shows a link that is down, and a cable that is down", () => {
    const s = snapshotFixture("ch2");
    const red = s.namespaces.find((n) => n.name === "RED")!;
    const reth0 = red.links.find((l) => l.name === "reth0")!;
    reth0.state = "DOWN";
    reth0.adminUp = false;
    const t = buildTopology(s);
    expect(t.edges.find((e) => e.kind === "veth" && e.b === "RED/reth0")!.up).toBe(false);
    expect(t.interfaces.find((i) => i.id === "RED/reth0")).toMatchObject({ state: "DOWN", adminUp: false });
  });
});

describe("resolveVethPeers", () => {
  const ns = (name: string, links: string, nsids?: string): NamespaceState => ({
    name, links: parseIpLinks(fixture(links)), routes: [], neighbours: [], fdb: [], sysctls: {},
    iptables: { family: "ipv4", tables: [] }, ip6tables: { family: "ipv6", tables: [] },
    ...(nsids ? { nsids: parseNetnsListId(fixture(nsids)) } : {}),
  });

  it("pairs a veth joining two named namespaces directly (chapter 1), by RED's own nsid for BLUE", () => {
    const red = ns("RED", "ch1-red.addr.json", "ch1-red.netns-list-id.json");
    const blue = ns("BLUE", "ch1-blue.addr.json");
    const root = ns("", "vm1-fresh.addr.json", "ch1-root.netns-list-id.json");
    const peers = resolveVethPeers([root, red, blue]);
    expect(peers.get("RED/veth0")).toEqual({ id: "BLUE/veth1" });
    expect(peers.get("BLUE/veth1")).toEqual({ id: "RED/veth0" });
  });

  it("leaves a Docker container's veth unresolved (its namespace has no ip netns name)", () => {
    const root = ns("", "docker-root.addr.json", "docker-root.netns-list-id.json");
    const peers = resolveVethPeers([root]);
    const containerSide = root.links.filter((l) => l.master === "docker0");
    expect(containerSide.length).toBe(2);
    for (const l of containerSide) expect(peers.get(`/${l.name}`)).toBeNull();
  });
});
