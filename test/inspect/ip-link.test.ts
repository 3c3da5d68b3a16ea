import { describe, expect, it } from "vitest";
import { ParseError } from "../../src/inspect/errors.js";
import { formatAddress, parseIpAddrs, parseIpLinks } from "../../src/inspect/ip-link.js";
import { fixture } from "./fixture.js";

describe("parseIpLinks", () => {
  it("reads vm1's own links: loopback, uplinks, docker0 bridge", () => {
    const links = parseIpLinks(fixture("vm1-fresh.addr.json"));
    expect(links.map((l) => l.name)).toEqual(["lo", "enp0s8", "enp0s3", "docker0"]);
    const lo = links[0]!;
    expect(lo).toMatchObject({ ifindex: 1, kind: "loopback", state: "UNKNOWN", adminUp: true });
    expect(lo.mac).toBeUndefined();
    const docker0 = links.find((l) => l.name === "docker0")!;
    expect(docker0.kind).toBe("bridge");
    expect(docker0.state).toBe("DOWN"); // no container yet
    expect(docker0.addresses.map(formatAddress)).toEqual(["172.17.0.1/16"]);
    const enp0s8 = links.find((l) => l.name === "enp0s8")!;
    expect(enp0s8.addresses.filter((a) => a.family === "inet").map(formatAddress)).toEqual(["192.168.50.10/24"]);
  });

  it("reads bridge ports: master, port state, veth peer in another namespace", () => {
    const links = parseIpLinks(fixture("ch2-root.link.json"));
    const br0 = links.find((l) => l.name === "br0")!;
    expect(br0).toMatchObject({ kind: "bridge", adminUp: true });
    const reth1 = links.find((l) => l.name === "reth1")!;
    expect(reth1).toMatchObject({ kind: "veth", master: "br0", portState: "forwarding", peerIfindex: 2, adminUp: true, state: "UP" });
    expect(reth1.peerNetnsId).toBeTypeOf("number");
    expect(reth1.flags).toContain("LOWER_UP");
    expect(reth1.addresses).toEqual([]); // ip link has no addr_info
  });

  it("reads a namespace's side: the peer is in nsid 0 as that namespace sees it", () => {
    const links = parseIpLinks(fixture("ch2-red.addr.json"));
    const reth0 = links.find((l) => l.name === "reth0")!;
    expect(reth0).toMatchObject({ kind: "veth", peerNetnsId: 0 });
    expect(reth0.master).toBeUndefined();
    expect(reth0.addresses.map(formatAddress)).toContain("11.11.11.2/24");
    expect(reth0.addresses.find((a) => a.family === "inet6")?.scope).toBe("link");
  });

  it("merges `ip -j addr` without -d by name", () => {
    const addrs = parseIpAddrs(fixture("vm1-fresh.addr-plain.json"));
    expect(addrs.get("docker0")?.map(formatAddress)).toEqual(["172.17.0.1/16"]);
    expect(addrs.get("lo")?.map(formatAddress)).toEqual(["127.0.0.1/8", "::1/128"]);
  });

  it("names the command when the output is not what it expects", () => {
    expect(() => parseIpLinks("Device \"x\" does not exist.")).toThrow(ParseError);
    expect(() => parseIpLinks("Device \"x\" does not exist.")).toThrow(/`ip -j -d link`.*not JSON/);
    expect(() => parseIpLinks('[{"ifname":"x"}]', "ip -n RED -j -d addr")).toThrow(/`ip -n RED -j -d addr`.*no ifindex/);
    expect(parseIpLinks("")).toEqual([]);
  });
});
