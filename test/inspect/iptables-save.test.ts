import { describe, expect, it } from "vitest";
import { formatIptablesSave, parseIptablesSave, splitWords } from "../../src/inspect/iptables-save.js";
import type { Ruleset } from "../../src/inspect/types.js";
import { fixture } from "./fixture.js";

const chain = (rs: Ruleset, table: string, name: string) => rs.tables.find((t) => t.name === table)!.chains.find((c) => c.name === name)!;

describe("parseIptablesSave", () => {
  it("reads Docker's full filter and nat rule sets, chains in printed order", () => {
    const rs = parseIptablesSave(fixture("vm1-fresh.iptables-save.txt"));
    expect(rs.family).toBe("ipv4");
    expect(rs.tables.map((t) => t.name)).toEqual(["filter", "nat"]);
    expect(rs.tables[0]!.chains.map((c) => c.name)).toEqual(["INPUT", "FORWARD", "OUTPUT", "DOCKER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2", "DOCKER-USER"]);
    const fwd = chain(rs, "filter", "FORWARD");
    expect(fwd.policy).toBe("DROP");
    expect(fwd.rules.map((r) => [r.num, r.target])).toEqual([[1, "DOCKER-USER"], [2, "DOCKER-ISOLATION-STAGE-1"], [3, "ACCEPT"], [4, "DOCKER"], [5, "ACCEPT"], [6, "ACCEPT"]]);
    expect(fwd.rules[4]!.spec).toBe("-i docker0 ! -o docker0 -j ACCEPT");
    expect(chain(rs, "filter", "DOCKER").policy).toBeUndefined();
    const nat = rs.tables[1]!;
    expect(nat.chains.map((c) => c.name)).toEqual(["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "DOCKER"]);
    expect(chain(rs, "nat", "PREROUTING").rules[0]!.spec).toBe("-m addrtype --dst-type LOCAL -j DOCKER");
    expect(chain(rs, "nat", "POSTROUTING").rules[0]).toMatchObject({ target: "MASQUERADE", spec: "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE" });
  });

  it("reads policy and rule counters after a dropped ping across br0", () => {
    const rs = parseIptablesSave(fixture("ch2-drop.iptables-save.txt"));
    const fwd = chain(rs, "filter", "FORWARD");
    expect([fwd.packets, fwd.bytes]).toEqual([1, 84]);
    expect(fwd.rules[0]).toMatchObject({ packets: 1, bytes: 84, target: "DOCKER-USER" });
    expect(chain(rs, "filter", "DOCKER-USER").rules).toEqual([{ spec: "-j RETURN", target: "RETURN", packets: 1, bytes: 84, num: 1 }]);
  });

  it("reads Docker's DNAT for a published port and MASQUERADE counters", () => {
    const rs = parseIptablesSave(fixture("docker.iptables-save.txt"));
    const dnat = chain(rs, "nat", "DOCKER").rules.find((r) => r.target === "DNAT")!;
    expect(dnat.spec).toBe("! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80");
    expect(dnat.packets).toBeGreaterThan(0);
    expect(chain(rs, "filter", "DOCKER").rules[0]!.spec).toContain("-d 172.17.0.3/32 ! -i docker0 -o docker0 -p tcp");
    const masq = chain(rs, "nat", "POSTROUTING").rules.filter((r) => r.target === "MASQUERADE");
    expect(masq.length).toBe(3);
  });

  it("does not take a -j inside a quoted comment for the target", () => {
    const rs = parseIptablesSave(fixture("ch3.iptables-save.txt"));
    const r = chain(rs, "filter", "FORWARD").rules.find((x) => x.comment)!;
    expect(r.comment).toBe('lab: "allow" RED/BLUE out -j ACCEPT');
    expect(r.target).toBe("ACCEPT");
    expect(chain(rs, "nat", "OUTPUT").rules[1]).toMatchObject({ target: "DNAT", num: 2 });
  });

  it("reads ip6tables-save and empty output", () => {
    const rs = parseIptablesSave(fixture("ch3.ip6tables-save.txt"), "ipv6");
    expect(rs.family).toBe("ipv6");
    expect(chain(rs, "filter", "FORWARD").rules[0]).toMatchObject({ comment: "ipv6 on br0", target: "ACCEPT", spec: '-i br0 -m comment --comment "ipv6 on br0" -j ACCEPT' });
    expect(parseIptablesSave(fixture("vm1-fresh.ip6tables-save.txt"), "ipv6")).toEqual({ family: "ipv6", tables: [] });
  });

  it("round-trips through formatIptablesSave", () => {
    const rs = parseIptablesSave(fixture("docker.iptables-save.txt"));
    expect(parseIptablesSave(formatIptablesSave(rs))).toEqual(rs);
  });

  it("accepts rules without counters (plain iptables-save) and -g gotos", () => {
    const rs = parseIptablesSave("*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n-A INPUT -g X\n-A X\nCOMMIT\n");
    expect(chain(rs, "filter", "INPUT").rules[0]).toEqual({ spec: "-g X", target: "X", goto: true, packets: 0, bytes: 0, num: 1 });
    expect(chain(rs, "filter", "X").rules[0]).toEqual({ spec: "", packets: 0, bytes: 0, num: 1 });
  });

  it("names the command and the line on bad input", () => {
    expect(() => parseIptablesSave("*filter\n:INPUT ACCEPT [0:0]\n[0:0] -A FORWARD -j DROP\nCOMMIT\n")).toThrow(/`iptables-save -c` \(line 3\): rule for chain FORWARD which was not declared/);
    expect(() => parseIptablesSave("*nat\n:PREROUTING ACCEPT [0:0]\n", "ipv6")).toThrow(/`ip6tables-save -c`.*no COMMIT/);
    expect(() => parseIptablesSave("garbage")).toThrow(/outside any table/);
    expect(() => parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment "open\nCOMMIT\n')).toThrow(/unterminated quote/);
  });
});

describe("splitWords", () => {
  it("unquotes iptables-save's quoting", () => {
    expect(splitWords('-m comment --comment "a \\"b\\" c" -j X')).toEqual(["-m", "comment", "--comment", 'a "b" c', "-j", "X"]);
  });
});
