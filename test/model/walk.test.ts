import { describe, expect, it } from "vitest";
import { parseKernelLogTrace } from "../../src/inspect/trace-kernel-log.js";
import { parseXtablesMonitorTrace } from "../../src/inspect/trace-xtables-monitor.js";
import { buildWalk, type PacketWalk, type TracedPacket } from "../../src/model/walk.js";
import { describeWalk, endsWith, findSteps, passed, rewrites } from "../../src/model/walk-query.js";
import { SCENARIOS, traceFixture } from "../inspect/trace-fixture.js";
import { SOURCES, walkFixture, type Source } from "./walk-fixture.js";

/** A packet's walk in words, without the TRACE rule (the kernel log never shows it) or ports. */
function outline(p: TracedPacket): string[] {
  const noPort = (e: string) => e.replace(/:\d+$/, "");
  return p.steps.filter((s) => s.kind === "nat" || !s.tracing).map((s) =>
    s.kind === "nat"
      ? `${s.hook} NAT ${s.by}${s.inferred ? "?" : ""} ${noPort(s.before.src)}>${noPort(s.before.dst)} => ${noPort(s.after.src)}>${noPort(s.after.dst)}`
      : `${s.hook} ${s.table}:${s.chain} ${s.kind}${s.rule?.num ? ` #${s.rule.num}` : ""} ${s.verdict}${s.jump ? ` ${s.jump}` : ""}`);
}
const hooks = (p: TracedPacket) => p.hooks.map((h) => (h.seen ? h.hook : `(${h.hook})`)).join(" ");

describe("buildWalk: chapter 2, RED pings BLUE across br0", () => {
  it.each(SOURCES)("dropped by the FORWARD policy after DOCKER-USER and DOCKER-ISOLATION-STAGE-1 returned (%s)", (source) => {
    const walk = walkFixture("ch2-drop", source);
    expect(walk.packets).toHaveLength(1);
    const [p] = walk.packets as [TracedPacket];
    expect(p).toMatchObject({ index: 1, direction: "request", flow: 1, family: "ipv4", protocol: "icmp", kind: "data" });
    expect(p.first).toEqual({ src: "11.11.11.2", dst: "11.11.11.3" });
    expect(p.bridge).toEqual({ name: "br0", physin: "reth1", physout: "beth1", bridged: true });
    expect(outline(p)).toEqual([
      "PREROUTING raw:PREROUTING policy ACCEPT",
      "PREROUTING nat:PREROUTING policy ACCEPT",
      "FORWARD filter:FORWARD rule #1 JUMP DOCKER-USER",
      "FORWARD filter:DOCKER-USER rule #1 RETURN",
      "FORWARD filter:FORWARD rule #2 JUMP DOCKER-ISOLATION-STAGE-1",
      "FORWARD filter:DOCKER-ISOLATION-STAGE-1 rule #2 RETURN",
      "FORWARD filter:FORWARD policy DROP",
    ]);
    expect(hooks(p)).toBe("PREROUTING FORWARD");
    expect(p.final).toEqual({ verdict: "DROP", outcome: "dropped", policy: true, hook: "FORWARD", table: "filter", chain: "FORWARD" });
    expect(p.steps.find((s) => s.kind === "rule" && s.chain === "DOCKER-USER")).toMatchObject({ rule: { num: 1, spec: "-j RETURN" }, iif: "br0", oif: "br0", physin: "reth1", physout: "beth1" });
    expect(endsWith(walk, "DROP", { chain: "FORWARD", policy: true })).toBe(true);
    expect(endsWith(walk, "DROP", { chain: "DOCKER-USER" })).toBe(false);
    expect(passed(walk, { table: "filter", chain: "DOCKER-USER", rule: "-j RETURN" })).toBe(true);
    expect(passed(walk, { table: "filter", chain: "DOCKER-ISOLATION-STAGE-1", rule: 2 })).toBe(true);
    expect(passed(walk, { table: "filter", chain: "DOCKER-USER", rule: "-j ACCEPT" })).toBe(false);
    expect(rewrites(walk)).toEqual([]);
  });

  it("leaves out the IPv6 router solicitations and MLD reports that were traced too", () => {
    expect(walkFixture("ch2-drop", "xtables-monitor").excluded).toBe(14);
    expect(walkFixture("ch2-drop", "xtables-monitor", { neighbourDiscovery: true }).packets.map((p) => p.kind)).toEqual(
      expect.arrayContaining(["ndp", "mld", "data"]));
  });

  it.each(SOURCES)("accepted by DOCKER-USER's new first rule, and the reply too (%s)", (source) => {
    const walk = walkFixture("ch2-accept", source);
    expect(walk.packets.map((p) => [p.direction, p.flow, p.first.src, p.first.dst])).toEqual([
      ["request", 1, "11.11.11.2", "11.11.11.3"],
      ["reply", 1, "11.11.11.3", "11.11.11.2"],
    ]);
    const [req, rep] = walk.packets as [TracedPacket, TracedPacket];
    expect(outline(req).slice(2)).toEqual(["FORWARD filter:FORWARD rule #1 JUMP DOCKER-USER", "FORWARD filter:DOCKER-USER rule #1 ACCEPT", "POSTROUTING nat:POSTROUTING policy ACCEPT"]);
    // nat chains see only a connection's first packet: the reply goes PREROUTING -> FORWARD and out
    expect(outline(rep)).toEqual(["PREROUTING raw:PREROUTING policy ACCEPT", "FORWARD filter:FORWARD rule #1 JUMP DOCKER-USER", "FORWARD filter:DOCKER-USER rule #1 ACCEPT"]);
    expect(hooks(rep)).toBe("PREROUTING FORWARD (POSTROUTING)");
    expect(rep.bridge).toEqual({ name: "br0", physin: "beth1", physout: "reth1", bridged: true });
    for (const p of [req, rep]) expect(p.final).toMatchObject({ verdict: "ACCEPT", outcome: "forwarded", table: "filter", chain: "DOCKER-USER", policy: false, rule: { num: 1, spec: "-j ACCEPT" } });
    expect(rep.final.note).toBe("no chain with rules at POSTROUTING, so the trace ends at filter:DOCKER-USER");
    expect(endsWith(walk, "ACCEPT", { chain: "DOCKER-USER", rule: "-j ACCEPT" })).toBe(true);
    expect(endsWith(walk, "ACCEPT", { direction: "reply", chain: "DOCKER-USER" })).toBe(true);
  });
});

describe("buildWalk: chapter 3, MASQUERADE to 8.8.8.8", () => {
  it.each(SOURCES)("rewrites the source in nat POSTROUTING and the reply's destination back (%s)", (source) => {
    const walk = walkFixture("ch3-masquerade", source);
    const [req, rep] = walk.packets as [TracedPacket, TracedPacket];
    expect(outline(req)).toEqual([
      "PREROUTING raw:PREROUTING policy ACCEPT",
      "PREROUTING nat:PREROUTING policy ACCEPT",
      "FORWARD filter:FORWARD rule #1 JUMP DOCKER-USER",
      "FORWARD filter:DOCKER-USER rule #1 ACCEPT",
      "POSTROUTING nat:POSTROUTING rule #2 ACCEPT",
      // POSTROUTING is the last hook: the new source shows only in the reply's destination
      "POSTROUTING NAT MASQUERADE? 11.11.11.2>8.8.8.8 => 10.0.2.15>8.8.8.8",
    ]);
    expect(req.bridge).toEqual({ name: "br0", physin: "reth1", bridged: false }); // in through a bridge port, then routed
    expect(req.last).toEqual({ src: "10.0.2.15", dst: "8.8.8.8" });
    expect(outline(rep)).toEqual([
      "PREROUTING raw:PREROUTING policy ACCEPT",
      "PREROUTING NAT conntrack 8.8.8.8>10.0.2.15 => 8.8.8.8>11.11.11.2",
      "FORWARD filter:FORWARD rule #1 JUMP DOCKER-USER",
      "FORWARD filter:DOCKER-USER rule #1 ACCEPT",
    ]);
    expect(rep).toMatchObject({ direction: "reply", flow: 1, iif: "enp0s3", oif: "br0" });
    expect(rewrites(walk)).toEqual([
      { packet: 1, direction: "request", hook: "POSTROUTING", field: "src", before: "11.11.11.2", after: "10.0.2.15", by: "MASQUERADE", rule: expect.objectContaining({ num: 2, spec: "-s 11.11.11.0/24 -j MASQUERADE" }), inferred: true },
      { packet: 2, direction: "reply", hook: "PREROUTING", field: "dst", before: "10.0.2.15", after: "11.11.11.2", by: "conntrack", inferred: false },
    ]);
  });

  it("keeps both trace ids of a packet that br_netfilter handed up to br0", () => {
    expect(walkFixture("ch3-masquerade", "xtables-monitor").packets[0]!.traceIds).toEqual(["e3c6a369", "c388a8e9"]);
  });
});

describe("buildWalk: chapter 4, DNAT", () => {
  it.each(SOURCES)("from docker2: DNAT in nat PREROUTING, FORWARD's rule #7, the reply de-NATed (%s)", (source) => {
    const walk = walkFixture("ch4-dnat", source);
    expect(walk.packets).toHaveLength(12); // the whole HTTP exchange
    expect(walk.packets.every((p) => p.flow === 1)).toBe(true);
    const [syn, synAck] = walk.packets as [TracedPacket, TracedPacket];
    expect(syn.summary).toBe("TCP SYN");
    const nat = syn.steps.find((s) => s.kind === "nat")!;
    expect(nat).toMatchObject({ hook: "PREROUTING", by: "DNAT", inferred: false, rule: { num: 2, spec: "-d 192.168.50.10/32 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80" } });
    expect(nat.after.dst).toBe("11.11.11.2:80");
    expect(nat.before.dst).toBe("192.168.50.10:8088");
    expect(syn.final).toMatchObject({ verdict: "ACCEPT", outcome: "forwarded", chain: "FORWARD", rule: { num: 7, spec: "-d 11.11.11.2/32 -o br0 -p tcp -m tcp --dport 80 -j ACCEPT" } });
    expect(synAck).toMatchObject({ direction: "reply", summary: "TCP SYN ACK" });
    expect(synAck.final.rule).toMatchObject({ num: 8, spec: "-i br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT" });
    // the reply's source goes back to 192.168.50.10:8088 in POSTROUTING, after the last traced chain
    expect(synAck.last.src).toBe("192.168.50.10:8088");
    expect(rewrites(walk).filter((r) => r.packet <= 2)).toEqual([
      expect.objectContaining({ packet: 1, field: "dst", before: "192.168.50.10:8088", after: "11.11.11.2:80", by: "DNAT", inferred: false }),
      expect.objectContaining({ packet: 2, field: "src", before: "11.11.11.2:80", after: "192.168.50.10:8088", by: "conntrack", hook: "POSTROUTING", inferred: true }),
    ]);
    // nat chains see only a connection's first packet
    expect(new Set(findSteps(walk, { table: "nat", hook: "PREROUTING" }).map((f) => f.packet.index))).toEqual(new Set([1]));
    expect(walk.packets.filter((p) => p.direction === "request").every((p) => passed({ ...walk, packets: [p] }, { chain: "FORWARD", rule: 7 }))).toBe(true);
  });

  it.each(SOURCES)("from docker1 itself: DNAT in nat OUTPUT, the reply delivered locally (%s)", (source) => {
    const walk = walkFixture("ch4-output", source);
    const [syn, synAck] = walk.packets as [TracedPacket, TracedPacket];
    expect(syn.steps.find((s) => s.kind === "nat")).toMatchObject({ hook: "OUTPUT", by: "DNAT", inferred: false, rule: { num: 2 } });
    expect(syn.final).toMatchObject({ verdict: "ACCEPT", outcome: "sent" });
    expect(syn.oif).toBe("br0");
    expect(synAck.final).toMatchObject({ verdict: "ACCEPT", outcome: "delivered" });
    // nf_tables traces nothing in a chain without rules (filter INPUT here); iptables-legacy does
    expect(hooks(synAck)).toBe(source === "kernel-log" ? "PREROUTING INPUT" : "PREROUTING (INPUT)");
    expect(synAck.last.src).toBe("192.168.50.10:8088");
    expect(passed(walk, { table: "nat", chain: "OUTPUT", rule: "--dst-type LOCAL -m tcp --dport 8088" })).toBe(true);
  });
});

describe("buildWalk: a locally generated packet, and IPv6", () => {
  it.each(SOURCES)("docker1 pings RED: OUTPUT -> POSTROUTING, the reply PREROUTING -> INPUT (%s)", (source) => {
    const walk = walkFixture("local-output", source);
    const [req, rep] = walk.packets as [TracedPacket, TracedPacket];
    expect(hooks(req)).toBe("OUTPUT POSTROUTING");
    expect(req).toMatchObject({ direction: "request", first: { src: "11.11.11.1", dst: "11.11.11.2" }, oif: "br0" });
    expect(req.final.outcome).toBe("sent");
    // chapter 3's MASQUERADE (no `! -o br0`) matches docker1's own ping too, and changes nothing
    expect(req.final).toMatchObject({ table: source === "kernel-log" ? "filter" : "nat" });
    expect(passed(walk, { chain: "POSTROUTING", rule: "MASQUERADE" })).toBe(true);
    expect(rewrites(walk)).toEqual([]);
    expect(rep.final).toMatchObject({ verdict: "ACCEPT", outcome: "delivered" });
    expect(hooks(rep)).toBe(source === "kernel-log" ? "PREROUTING INPUT" : "PREROUTING (INPUT)");
  });

  it.each(SOURCES)("RED pings BLUE over IPv6 across br0: ip6tables FORWARD sees it (%s)", (source) => {
    const walk = walkFixture("ipv6", source);
    expect(walk.excluded).toBe(source === "kernel-log" ? 4 : 3);
    expect(walk.packets.map((p) => [p.family, p.protocol, p.direction, p.first.src, p.first.dst])).toEqual([
      ["ipv6", "icmpv6", "request", "fd00:11::2", "fd00:11::3"],
      ["ipv6", "icmpv6", "reply", "fd00:11::3", "fd00:11::2"],
    ]);
    for (const p of walk.packets) {
      expect(outline(p)).toEqual(["PREROUTING raw:PREROUTING policy ACCEPT", "FORWARD filter:FORWARD rule #1 ACCEPT"]);
      expect(p.final.rule?.spec).toBe('-i br0 -m comment --comment "ipv6 on br0" -j ACCEPT');
      expect(p.bridge?.bridged).toBe(true);
    }
  });

  it("keeps neighbour discovery when asked, and says which is which", () => {
    const walk = walkFixture("ipv6", "xtables-monitor", { neighbourDiscovery: true });
    expect(walk.packets.map((p) => `${p.kind} ${p.first.src} > ${p.first.dst}`)).toEqual([
      "mld fe80::409:daff:fe13:f5f6 > ff02::16",
      "ndp fd00:11::2 > ff02::1:ff00:3",
      "ndp fd00:11::3 > fd00:11::2",
      "data fd00:11::2 > fd00:11::3",
      "data fd00:11::3 > fd00:11::2",
    ]);
  });
});

describe("buildWalk: the three sources agree", () => {
  it.each(SCENARIOS)("xtables-monitor and nft monitor trace give the same walk (%s)", (scenario) => {
    const a = walkFixture(scenario, "xtables-monitor");
    const b = walkFixture(scenario, "nft-monitor");
    expect(b.packets.map(outline)).toEqual(a.packets.map(outline));
    expect(b.packets.map((p) => p.final)).toEqual(a.packets.map((p) => ({ ...p.final, ...(p.final.rule ? { rule: { ...p.final.rule, nft: expect.any(String) } } : {}) })));
  });

  it.each(["ch2-drop", "ch2-accept", "ch3-masquerade", "ipv6"])("and the kernel log of the same lab in a separate kernel (%s)", (scenario) => {
    const nft = walkFixture(scenario, "xtables-monitor").packets.map(outline);
    expect(walkFixture(scenario, "kernel-log").packets.map(outline)).toEqual(nft);
  });

  it("is deterministic: the same events make the same walk", () => {
    for (const s of SCENARIOS) for (const src of SOURCES as Source[]) expect(JSON.stringify(walkFixture(s, src))).toBe(JSON.stringify(walkFixture(s, src)));
  });
});

describe("buildWalk without a ruleset", () => {
  it("names xtables-monitor's rules by text only, and nft's by handle", () => {
    const walk = buildWalk(parseXtablesMonitorTrace(traceFixture("ch2-drop.xtables-monitor.txt")));
    const step = walk.packets[0]!.steps[3]!;
    expect(step).toMatchObject({ kind: "rule", chain: "FORWARD", verdict: "JUMP", jump: "DOCKER-USER", rule: { spec: "-j DOCKER-USER", handle: 18, target: "DOCKER-USER" } });
    expect(step.kind === "rule" && step.rule?.num).toBeUndefined();
  });

  it("works out jumps from the kernel log, but will not guess what a policy did", () => {
    const walk = buildWalk(parseKernelLogTrace(traceFixture("legacy-ch2-drop.log")));
    const p = walk.packets[0]!;
    expect(outline(p).slice(2, 4)).toEqual(["FORWARD filter:FORWARD rule #1 JUMP DOCKER-USER", "FORWARD filter:DOCKER-USER return RETURN"]);
    expect(p.final).toEqual({
      verdict: "UNKNOWN", outcome: "unknown", policy: true, hook: "FORWARD", table: "filter", chain: "FORWARD",
      note: "the kernel log does not say what filter:FORWARD policy did; give the ruleset (iptables-save) to know",
    });
  });
});

describe("describeWalk", () => {
  it("tells the whole walk in one paragraph, for a failure message", () => {
    expect(describeWalk(walkFixture("ch2-drop", "xtables-monitor"))).toBe(
      "1 packet traced (xtables-monitor; 14 neighbour-discovery left out). " +
      "#1 request ICMP 11.11.11.2 -> 11.11.11.3 (bridged on br0 from reth1 to beth1): " +
      "raw:PREROUTING policy ACCEPT, nat:PREROUTING policy ACCEPT, filter:FORWARD #1 -j DOCKER-USER JUMP DOCKER-USER, " +
      "filter:DOCKER-USER #1 -j RETURN RETURN, filter:FORWARD #2 -j DOCKER-ISOLATION-STAGE-1 JUMP DOCKER-ISOLATION-STAGE-1, " +
      "filter:DOCKER-ISOLATION-STAGE-1 #2 -j RETURN RETURN, filter:FORWARD policy DROP; DROP by filter:FORWARD policy: dropped.");
    expect(describeWalk(walkFixture("ch3-masquerade", "nft-monitor"))).toContain(
      "nat:POSTROUTING #2 -s 11.11.11.0/24 -j MASQUERADE ACCEPT, NAT MASQUERADE (inferred): src 11.11.11.2 -> 10.0.2.15; ACCEPT by filter:DOCKER-USER rule #1 (-j ACCEPT): forwarded out of enp0s3.");
  });

  it("says what to check when nothing was traced", () => {
    const empty: PacketWalk = { source: "none", packets: [], excluded: 0, warnings: [] };
    expect(describeWalk(empty)).toBe("No packet was traced: did the TRACE rules match, and did the traffic run while the monitor listened?");
  });
});
