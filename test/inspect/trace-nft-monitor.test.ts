import { describe, expect, it } from "vitest";
import { parseNftMonitorTrace, parseNftRuleHandles } from "../../src/inspect/trace-nft-monitor.js";
import { parseXtablesMonitorTrace } from "../../src/inspect/trace-xtables-monitor.js";
import { SCENARIOS, traceFixture } from "./trace-fixture.js";

const read = (name: string) => parseNftMonitorTrace(traceFixture(`${name}.nft-monitor.txt`));

describe("parseNftMonitorTrace", () => {
  it("reads chapter 2's dropped ping with nft's names for the rules", () => {
    const v4 = read("ch2-drop").filter((e) => e.family === "ipv4");
    expect(v4.map((e) => [e.table, e.chain, e.type, e.verdict, e.handle ?? null])).toEqual([
      ["raw", "PREROUTING", "rule", "CONTINUE", 2],
      ["raw", "PREROUTING", "policy", "ACCEPT", null],
      ["nat", "PREROUTING", "policy", "ACCEPT", null],
      ["filter", "FORWARD", "rule", "JUMP", 18],
      ["filter", "DOCKER-USER", "rule", "RETURN", 8],
      ["filter", "FORWARD", "rule", "JUMP", 15],
      ["filter", "DOCKER-ISOLATION-STAGE-1", "rule", "RETURN", 4],
      ["filter", "FORWARD", "policy", "DROP", null],
    ]);
    expect(v4[0]!.nftRule).toBe("meta l4proto icmp counter packets 1 bytes 84 meta nftrace set 1");
    expect(v4[3]).toMatchObject({ target: "DOCKER-USER", nftRule: "counter packets 1 bytes 84 jump DOCKER-USER" });
    expect(v4[0]!.packet).toEqual({
      iif: "br0", macSrc: "06:09:da:13:f5:f6", macDst: "ca:9d:3f:a5:5b:8e", src: "11.11.11.2", dst: "11.11.11.3",
      ttl: 64, ipId: 24138, length: 84, proto: "icmp", icmpType: 8, icmpId: expect.any(Number),
    });
  });

  it("reads TCP flags written as words or as a number (0x12 is SYN ACK)", () => {
    const events = read("ch4-dnat").filter((e) => e.family === "ipv4");
    const flags = [...new Set(events.map((e) => e.packet?.tcpFlags?.join(" ")))];
    expect(flags).toEqual(["SYN", "SYN ACK", "ACK", "ACK PSH", "ACK FIN"]);
    const dnat = events.find((e) => e.nftRule?.includes("dnat to"))!;
    expect(dnat).toMatchObject({ table: "nat", chain: "PREROUTING", verdict: "ACCEPT", handle: 10, nftRule: "ip daddr 192.168.50.10 tcp dport 8088 counter packets 0 bytes 0 dnat to 11.11.11.2:80" });
    expect(dnat.packet).toMatchObject({ src: "192.168.50.20", dst: "192.168.50.10", sport: 44128, dport: 8088, proto: "tcp" });
  });

  it("names ICMPv6 types, neighbour discovery included, and gives the IPv6 length nf_log would", () => {
    const events = read("ipv6");
    expect(events).toHaveLength(15);
    const types = events.map((e) => e.packet?.icmpType);
    expect(new Set(types)).toEqual(new Set([undefined, 135, 136, 128, 129])); // MLD reports hide behind a hop-by-hop header
    const echo = events.find((e) => e.packet?.icmpType === 128)!;
    expect(echo.packet).toMatchObject({ src: "fd00:11::2", dst: "fd00:11::3", ttl: 64, flowLabel: 76463, length: 104, proto: "icmpv6" });
  });

  it("keeps the handle of a rule added after nft started (an unknown rule handle)", () => {
    const text = "trace id 9224c57e ip filter DOCKER-USER unknown rule handle 19 (verdict accept)\n";
    expect(parseNftMonitorTrace(text)).toEqual([{ source: "nft-monitor", line: 1, family: "ipv4", id: "9224c57e", table: "filter", chain: "DOCKER-USER", type: "rule", verdict: "ACCEPT", handle: 19 }]);
  });

  it.each(SCENARIOS)("sees the same events as xtables-monitor did at the same time (%s)", (name) => {
    const nft = read(name);
    const xm = parseXtablesMonitorTrace(traceFixture(`${name}.xtables-monitor.txt`));
    const key = (e: { id?: string; table: string; chain: string; type: string; verdict?: string; handle?: number; packet?: { src?: string; dst?: string } }) =>
      `${e.id} ${e.table}:${e.chain}:${e.type}:${e.verdict}:${e.handle} ${e.packet?.src}>${e.packet?.dst}`;
    expect(nft.map(key)).toEqual(xm.map(key));
  });
});

describe("parseNftRuleHandles", () => {
  it("gives each rule of `nft -a list ruleset` its position in the chain", () => {
    const handles = parseNftRuleHandles(traceFixture("ch4-dnat.nft-ruleset.txt"));
    const fwd = handles.filter((h) => h.table === "filter" && h.chain === "FORWARD");
    expect(fwd.map((h) => [h.handle, h.position])).toEqual([[18, 1], [15, 2], [14, 3], [13, 4], [12, 5], [11, 6], [20, 7], [21, 8]]);
    expect(handles.find((h) => h.table === "nat" && h.handle === 10)).toEqual({ family: "ipv4", table: "nat", chain: "PREROUTING", handle: 10, position: 2 });
    expect(handles.find((h) => h.table === "filter" && h.chain === "DOCKER")).toBeUndefined(); // an empty chain
  });
});
