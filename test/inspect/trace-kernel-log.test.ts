import { describe, expect, it } from "vitest";
import { parseKernelLogTrace } from "../../src/inspect/trace-kernel-log.js";
import { compressIpv6 } from "../../src/inspect/trace-event.js";
import { traceFixture } from "./trace-fixture.js";

const read = (name: string) => parseKernelLogTrace(traceFixture(`legacy-${name}.log`));

describe("parseKernelLogTrace (iptables-legacy TRACE via nf_log)", () => {
  it("reads chapter 2's dropped ping: positions, not verdicts, and the bridge ports", () => {
    const events = read("ch2-drop");
    expect(events.map((e) => `${e.table}:${e.chain}:${e.type}:${e.num}`)).toEqual([
      "raw:PREROUTING:policy:3", // the TRACE rule itself is not logged
      "nat:PREROUTING:policy:2",
      "filter:FORWARD:rule:1",
      "filter:DOCKER-USER:return:1", // an unconditional `-j RETURN` looks like the chain's end
      "filter:FORWARD:rule:2",
      "filter:DOCKER-ISOLATION-STAGE-1:return:2",
      "filter:FORWARD:policy:7",
    ]);
    expect(events.every((e) => e.verdict === undefined && e.id === undefined && e.family === "ipv4")).toBe(true);
    expect(events[0]).toMatchObject({ source: "kernel-log", line: 5, time: 10.432736 });
    expect(events[0]!.packet).toEqual({
      iif: "br0", physin: "reth1", macDst: "da:cb:50:07:53:95", macSrc: "72:eb:52:bf:7f:0f", src: "11.11.11.2", dst: "11.11.11.3",
      length: 84, ttl: 64, ipId: 28273, proto: "icmp", icmpType: 8, icmpId: expect.any(Number),
    });
    expect(events[2]!.packet).toMatchObject({ iif: "br0", oif: "br0", physin: "reth1", physout: "beth1" });
  });

  it("reads TCP ports and flags, and that an unconditional -j ACCEPT in a user chain is logged as a return", () => {
    const events = read("ch4-dnat");
    expect(events).toHaveLength(76);
    expect(events[0]!.packet).toMatchObject({ iif: "enp0s8", src: "192.168.50.20", dst: "192.168.50.10", sport: 60392, dport: 8088, proto: "tcp", tcpFlags: ["SYN"] });
    const synAck = events.find((e) => e.packet?.sport === 80)!;
    expect(synAck.packet!.tcpFlags).toEqual(["SYN", "ACK"]); // logged as "ACK SYN"
    expect(read("ch2-accept")[3]).toMatchObject({ chain: "DOCKER-USER", type: "return", num: 1 });
  });

  it("reads IPv6 addresses printed in full, with ICMPv6 types for neighbour discovery", () => {
    const events = read("ipv6");
    expect(events).toHaveLength(11);
    expect(events.map((e) => e.packet!.icmpType)).toEqual([133, 133, 133, 135, 135, 136, 136, 128, 128, 129, 129]);
    const echo = events.find((e) => e.packet?.icmpType === 128)!;
    expect(echo).toMatchObject({ family: "ipv6", table: "raw", chain: "PREROUTING", type: "policy", num: 2 });
    expect(echo.packet).toMatchObject({ src: "fd00:11::2", dst: "fd00:11::3", ttl: 64, length: 104, proto: "icmpv6" });
  });

  it("takes lines from dmesg, journalctl or syslog, and ignores everything else", () => {
    const line = "TRACE: filter:INPUT:policy:1 IN=br0 OUT= SRC=11.11.11.2 DST=11.11.11.1 LEN=84 TTL=64 ID=7 PROTO=ICMP TYPE=0 CODE=0 ID=9 SEQ=1";
    const text = [`Nov 21 05:26:03 docker1 kernel: [  5.5] ${line}`, `Dec 03 12:31:47 docker1 kernel: ${line}`, "br0: port 1(reth1) entered forwarding state", line].join("\n");
    const events = parseKernelLogTrace(text);
    expect(events.map((e) => [e.line, e.time])).toEqual([[1, 5.5], [2, undefined], [4, undefined]]);
    expect(events[0]!.packet).toEqual({ iif: "br0", src: "11.11.11.2", dst: "11.11.11.1", length: 84, ttl: 64, ipId: 7, proto: "icmp", icmpType: 0, icmpId: 9 });
  });
});

describe("compressIpv6", () => {
  it.each([
    ["fd00:0011:0000:0000:0000:0000:0000:0002", "fd00:11::2"],
    ["ff02:0000:0000:0000:0000:0001:ff00:0003", "ff02::1:ff00:3"],
    ["fe80:0000:0000:0000:0a00:27ff:fe00:0108", "fe80::a00:27ff:fe00:108"],
    ["2001:0db8:0000:0001:0000:0000:0000:0001", "2001:db8:0:1::1"],
    ["0000:0000:0000:0000:0000:0000:0000:0000", "::"],
  ])("%s -> %s", (full, short) => expect(compressIpv6(full)).toBe(short));
});
