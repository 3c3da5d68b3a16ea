// What a live trace marks: the traffic read from a command's words, widened by the DNAT
// rules of a captured ruleset, as -j TRACE rules for the raw table. (The live trace itself
// is tested against the sandbox in trace.sandbox.test.ts.)
import { describe, expect, it } from "vitest";
import { parseIptablesSave } from "../../src/inspect/iptables-save.js";
import { deriveMatch, dnatEndpoints, normaliseMatch, traceRules, withEndpoints, TraceMatchError } from "../../src/model/_trace-match.js";
import { traceFixture } from "../inspect/trace-fixture.js";

describe("deriveMatch: the traffic a command line will send", () => {
  it("reads ping's host past its options, and inside ip netns exec, timeout and docker exec", () => {
    expect(deriveMatch("ping -c 1 -W 1 11.11.11.3")).toEqual({ protocol: "icmp", host: ["11.11.11.3"] });
    expect(deriveMatch("ip netns exec RED ping -c1 -W1 -I reth0 11.11.11.3")).toEqual({ protocol: "icmp", host: ["11.11.11.3"] });
    expect(deriveMatch("timeout 5 ping -6 -c 1 fd00:11::3")).toEqual({ protocol: "icmp", host: ["fd00:11::3"] });
    expect(deriveMatch("docker exec -it red ping -c 1 172.17.0.3")).toEqual({ protocol: "icmp", host: ["172.17.0.3"] });
  });

  it("reads curl's and wget's URL (port 80 by default), and nc's host and port", () => {
    expect(deriveMatch("curl -sS -m 3 http://192.168.50.10:8088/")).toEqual({ protocol: "tcp", host: ["192.168.50.10"], port: [8088] });
    expect(deriveMatch("wget -qO- http://11.11.11.2/index.html")).toEqual({ protocol: "tcp", host: ["11.11.11.2"], port: [80] });
    expect(deriveMatch("curl -s 'http://[fd00:11::2]:8080/'")).toEqual({ protocol: "tcp", host: ["fd00:11::2"], port: [8080] });
    expect(deriveMatch("nc -z -w 1 11.11.11.2 80")).toEqual({ protocol: "tcp", host: ["11.11.11.2"], port: [80] });
    expect(deriveMatch("nc -u 11.11.11.2 53")).toEqual({ protocol: "udp", host: ["11.11.11.2"], port: [53] });
  });

  it("keeps the port but not a host name (it is not an address)", () => {
    expect(deriveMatch("curl -s http://docker1:8088/")).toEqual({ protocol: "tcp", port: [8088] });
  });

  it("says nothing for commands that send no traffic it can name, or two kinds at once", () => {
    expect(deriveMatch("ip -br addr")).toBeUndefined();
    expect(deriveMatch("iptables -I DOCKER-USER -j ACCEPT")).toBeUndefined();
    expect(deriveMatch("ping -c1 8.8.8.8 && curl http://8.8.8.8/")).toBeUndefined();
  });
});

describe("normaliseMatch: never everything", () => {
  it("refuses an empty match, names, and ports on ICMP", () => {
    expect(() => normaliseMatch({})).toThrow(TraceMatchError);
    expect(() => normaliseMatch({ host: "docker1" })).toThrow(/not an IPv4 or IPv6 address/);
    expect(() => normaliseMatch({ protocol: "icmp", port: 80 })).toThrow(/ICMP has no ports/);
  });

  it("takes the families from the addresses, both without any", () => {
    expect(normaliseMatch({ protocol: "icmp", host: "fd00:11::3" }).families).toEqual(["ipv6"]);
    expect(normaliseMatch({ port: 80 })).toEqual({ protocol: "tcp", endpoints: [{ port: 80 }], families: ["ipv4", "ipv6"] });
  });
});

describe("traceRules", () => {
  it("marks both directions of each endpoint in PREROUTING and OUTPUT, tagged with the comment", () => {
    const rules = traceRules(normaliseMatch({ protocol: "icmp", host: "11.11.11.3" }), "vethbook-trace-t1");
    expect(rules.map((r) => `${r.family} ${r.chain} ${r.spec}`)).toEqual([
      "ipv4 PREROUTING -d 11.11.11.3/32 -p icmp -m comment --comment vethbook-trace-t1 -j TRACE",
      "ipv4 PREROUTING -s 11.11.11.3/32 -p icmp -m comment --comment vethbook-trace-t1 -j TRACE",
      "ipv4 OUTPUT -d 11.11.11.3/32 -p icmp -m comment --comment vethbook-trace-t1 -j TRACE",
      "ipv4 OUTPUT -s 11.11.11.3/32 -p icmp -m comment --comment vethbook-trace-t1 -j TRACE",
    ]);
  });

  it("writes ICMP as ipv6-icmp for ip6tables, and a port-only match for both families", () => {
    expect(traceRules(normaliseMatch({ protocol: "icmp", host: "fd00:11::3" }), "c")[0]!.spec).toBe("-d fd00:11::3/128 -p ipv6-icmp -m comment --comment c -j TRACE");
    const both = traceRules(normaliseMatch({ protocol: "tcp", port: 80 }), "c");
    expect(new Set(both.map((r) => r.family))).toEqual(new Set(["ipv4", "ipv6"]));
    expect(both[0]!.spec).toBe("-p tcp -m tcp --dport 80 -m comment --comment c -j TRACE");
    expect(both[1]!.spec).toBe("-p tcp -m tcp --sport 80 -m comment --comment c -j TRACE");
  });
});

describe("dnatEndpoints: the reply comes back from the DNAT target, before conntrack turns it back", () => {
  const rulesets = [parseIptablesSave(traceFixture("ch4-dnat.iptables-save.txt"), "ipv4")];

  it("adds chapter 4's --to-destination 11.11.11.2:80 for traffic to 192.168.50.10:8088", () => {
    const m = normaliseMatch({ protocol: "tcp", host: "192.168.50.10", port: 8088 });
    expect(dnatEndpoints(m, rulesets)).toEqual([{ host: "11.11.11.2", port: 80 }]);
    const specs = traceRules(withEndpoints(m, dnatEndpoints(m, rulesets)), "c").filter((r) => r.chain === "PREROUTING").map((r) => r.spec);
    expect(specs).toContain("-s 11.11.11.2/32 -p tcp -m tcp --sport 80 -m comment --comment c -j TRACE");
  });

  it("adds nothing for traffic no DNAT rule is about", () => {
    expect(dnatEndpoints(normaliseMatch({ protocol: "tcp", host: "192.168.50.10", port: 22 }), rulesets)).toEqual([]);
    expect(dnatEndpoints(normaliseMatch({ protocol: "icmp", host: "8.8.8.8" }), rulesets)).toEqual([]);
  });
});
