import { describe, expect, it } from "vitest";
import { isBridgeEntry, parseBridgeFdb } from "../../src/inspect/bridge-fdb.js";
import { parseIpNeighbours } from "../../src/inspect/ip-neigh.js";
import { formatRoute, parseIpRoutes } from "../../src/inspect/ip-route.js";
import { fixture } from "./fixture.js";

describe("parseIpRoutes", () => {
  it("reads vm1's routes in every table", () => {
    const routes = parseIpRoutes(fixture("vm1-fresh.route.json"));
    const main4 = routes.filter((r) => r.table === "main" && r.family === "inet").map(formatRoute);
    expect(main4).toContain("default via 10.0.2.2 dev enp0s3");
    expect(main4.some((r) => r.startsWith("172.17.0.0/16 dev docker0"))).toBe(true);
    expect(routes.some((r) => r.table === "local" && r.type === "local" && r.dst === "192.168.50.10")).toBe(true);
    expect(routes.some((r) => r.family === "inet6")).toBe(true);
  });

  it("reads a namespace's default route through br0", () => {
    const routes = parseIpRoutes(fixture("ch3-red.route.json"));
    const def = routes.find((r) => r.dst === "default")!;
    expect(def).toMatchObject({ gateway: "11.11.11.1", dev: "reth0", table: "main", type: "unicast", family: "inet" });
    expect(formatRoute(def)).toBe("default via 11.11.11.1 dev reth0");
  });

  it("names the command on bad input", () => {
    expect(() => parseIpRoutes("[{}]")).toThrow(/ip -j route show table all.*no dst/);
  });
});

describe("parseIpNeighbours", () => {
  it("reads RED's ARP entry for BLUE after a ping", () => {
    const [n] = parseIpNeighbours(fixture("ch1-red.neigh.json"));
    expect(n).toMatchObject({ dst: "11.11.11.3", dev: "veth0", family: "inet" });
    expect(n!.lladdr).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(n!.state.length).toBeGreaterThan(0);
  });
});

describe("parseBridgeFdb", () => {
  it("tells learned entries (RED's and BLUE's MACs on br0) from devices' own", () => {
    const fdb = parseBridgeFdb(fixture("ch2.fdb.json"));
    const learned = fdb.filter((e) => e.master === "br0" && e.state === "");
    expect(learned.map((e) => e.dev).sort()).toEqual(["beth1", "reth1"]);
    expect(fdb.some((e) => e.flags?.includes("self"))).toBe(true);
    expect(fdb.filter(isBridgeEntry).every((e) => e.master !== undefined)).toBe(true);
  });

  it("reads docker0's fdb with a container's port", () => {
    const fdb = parseBridgeFdb(fixture("docker.fdb.json")).filter(isBridgeEntry);
    expect(fdb.some((e) => e.dev.startsWith("veth") && e.master === "docker0")).toBe(true);
  });
});
