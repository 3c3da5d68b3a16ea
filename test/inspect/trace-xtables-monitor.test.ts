import { describe, expect, it } from "vitest";
import { ParseError } from "../../src/inspect/errors.js";
import { parseXtablesMonitorTrace } from "../../src/inspect/trace-xtables-monitor.js";
import { traceFixture } from "./trace-fixture.js";

const read = (name: string) => parseXtablesMonitorTrace(traceFixture(`${name}.xtables-monitor.txt`));

describe("parseXtablesMonitorTrace", () => {
  it("reads chapter 2's dropped ping: every TRACE line, in order, with its packet", () => {
    const events = read("ch2-drop");
    expect(events).toHaveLength(36); // IPv6 router solicitations and MLD reports included
    const v4 = events.filter((e) => e.family === "ipv4");
    expect(v4.map((e) => `${e.table}:${e.chain}:${e.type}:${e.verdict}${e.target ? `:${e.target}` : ""}`)).toEqual([
      "raw:PREROUTING:rule:CONTINUE",
      "raw:PREROUTING:policy:ACCEPT",
      "nat:PREROUTING:policy:ACCEPT",
      "filter:FORWARD:rule:JUMP:DOCKER-USER",
      "filter:DOCKER-USER:rule:RETURN", // printed as 0xfffffffb (NFT_RETURN)
      "filter:FORWARD:rule:JUMP:DOCKER-ISOLATION-STAGE-1",
      "filter:DOCKER-ISOLATION-STAGE-1:rule:RETURN",
      "filter:FORWARD:policy:DROP",
    ]);
    expect(new Set(v4.map((e) => e.id))).toEqual(new Set(["e0973b4c"]));
    expect(v4.map((e) => e.rule)).toEqual(["-p icmp -j TRACE", undefined, undefined, "-j DOCKER-USER", "-j RETURN", "-j DOCKER-ISOLATION-STAGE-1", "-j RETURN", undefined]);
    expect(v4.map((e) => e.handle)).toEqual([2, undefined, undefined, 18, 8, 15, 4, undefined]);
    expect(v4[0]).toMatchObject({ source: "xtables-monitor", line: 29 });
    // PACKET lines: at PREROUTING only IN=, at FORWARD both bridge ends; MACs get their zeros back
    expect(v4[0]!.packet).toEqual({ iif: "br0", macSrc: "06:09:da:13:f5:f6", macDst: "ca:9d:3f:a5:5b:8e", src: "11.11.11.2", dst: "11.11.11.3", length: 84, ttl: 64, ipId: 24138 });
    expect(v4[7]!.packet).toMatchObject({ iif: "br0", oif: "br0", src: "11.11.11.2", dst: "11.11.11.3" });
  });

  it("reads chapter 4's DNAT: the new destination shows in FORWARD's packet line", () => {
    const events = read("ch4-dnat");
    expect(events).toHaveLength(89);
    expect(events.filter((e) => e.family === "ipv4")).toHaveLength(87);
    const dnat = events[3]!;
    expect(dnat).toMatchObject({ table: "nat", chain: "PREROUTING", type: "rule", verdict: "ACCEPT", handle: 10, line: 6,
      rule: "-d 192.168.50.10/32 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80" });
    expect(dnat.packet).toMatchObject({ src: "192.168.50.20", dst: "192.168.50.10", sport: 44128, dport: 8088, tcpFlags: ["SYN"], ipId: 12108 });
    expect(events[4]!.packet).toMatchObject({ iif: "enp0s8", oif: "br0", dst: "11.11.11.2", dport: 80, ttl: 63 });
    // iptables prints its own order: the rule was added as `-o br0 -d 11.11.11.2 -p tcp --dport 80`
    expect(events[8]!.rule).toBe("-d 11.11.11.2/32 -o br0 -p tcp -m tcp --dport 80 -j ACCEPT");
    // the SYN-ACK's trace id changes between PREROUTING (as the bridge saw it) and FORWARD
    const synAck = events.filter((e) => e.packet?.tcpFlags?.join(" ") === "SYN ACK" && e.family === "ipv4");
    expect([...new Set(synAck.map((e) => e.id))]).toEqual(["d4942968", "24e90d3f"]);
  });

  it("decodes the link-layer bytes xtables-monitor prints with sign-extended bytes on output", () => {
    const post = read("ch2-accept").find((e) => e.table === "nat" && e.chain === "POSTROUTING")!;
    // LL=0x0 ffffffcaffffff9d3fffffffa55bffffff8e0609ffffffda13fffffff5fffffff60800
    expect(post.packet).toEqual({ oif: "br0", macDst: "ca:9d:3f:a5:5b:8e", macSrc: "06:09:da:13:f5:f6", src: "11.11.11.2", dst: "11.11.11.3", length: 84, ttl: 64, ipId: 24787 });
  });

  it("reads IPv6: family 10, hop limit, flow label, and the length made right (it prints payload + 20)", () => {
    const events = read("ipv6");
    expect(events).toHaveLength(15);
    expect(events.every((e) => e.family === "ipv6")).toBe(true);
    const echo = events.find((e) => e.packet?.flowLabel === 76463)!;
    expect(echo).toMatchObject({ id: "3a48c4c1", table: "raw", chain: "PREROUTING", rule: "-p ipv6-icmp -j TRACE" });
    expect(echo.packet).toEqual({ iif: "br0", macSrc: "06:09:da:13:f5:f6", macDst: "ca:9d:3f:a5:5b:8e", src: "fd00:11::2", dst: "fd00:11::3", length: 104, ttl: 64, flowLabel: 76463 });
    const accept = events.find((e) => e.table === "filter")!;
    expect(accept.rule).toBe('-i br0 -m comment --comment "ipv6 on br0" -j ACCEPT');
    expect(events.filter((e) => e.packet?.ttl === 255)).toHaveLength(6); // neighbour solicitation/advert, router solicitations
  });

  it("skips what is not a trace and says where a TRACE line is unreadable", () => {
    expect(parseXtablesMonitorTrace("NEWGEN: GENID=12 PID=7 NAME=iptables-nft\n EVENT: -4 -t filter -A INPUT -j ACCEPT\n")).toEqual([]);
    expect(() => parseXtablesMonitorTrace(" TRACE: 2 0000abcd filter:FORWARD:rule:0x2:MAYBE")).toThrow(ParseError);
    expect(() => parseXtablesMonitorTrace("\n TRACE: 2 0000abcd nonsense")).toThrow(/xtables-monitor --trace.*\(line 2\)/);
  });
});
