// The walk assertions on the walks of the captured traces (test/fixtures/trace): what holds
// passes, what does not fails with the walk in its message.
import { describe, expect as vexpect, it } from "vitest";
import { expect, ExpectationError } from "../../kernel-helpers/expect.js";
import { walkFixture } from "../model/walk-fixture.js";

describe("expect(walk)", () => {
  const drop = walkFixture("ch2-drop", "xtables-monitor");
  const accept = walkFixture("ch2-accept", "xtables-monitor");
  const masq = walkFixture("ch3-masquerade", "xtables-monitor");
  const dnat = walkFixture("ch4-dnat", "xtables-monitor");

  it("toHavePassed: a table:chain, a rule by text or number, a policy", () => {
    expect(drop).toHavePassed({ table: "filter", chain: "DOCKER-USER" });
    expect(drop).toHavePassed({ table: "filter", chain: "DOCKER-ISOLATION-STAGE-1", rule: "-j RETURN" });
    expect(drop).toHavePassed({ table: "filter", chain: "FORWARD", policy: true });
    expect(accept).toHavePassed({ table: "filter", chain: "DOCKER-USER", rule: 1, direction: "reply" });
    expect(drop).not.toHavePassed({ table: "nat", chain: "POSTROUTING" });
  });

  it("toHavePassed fails with the walk in the message", () => {
    vexpect(() => expect(drop).toHavePassed({ table: "nat", chain: "POSTROUTING" })).toThrow(ExpectationError);
    vexpect(() => expect(drop).toHavePassed({ table: "nat", chain: "POSTROUTING" })).toThrow(/expected a packet to pass nat:POSTROUTING, but none did; the walk \(xtables-monitor\):\n  #1 request ICMP 11\.11\.11\.2 -> 11\.11\.11\.3 .*filter:FORWARD policy DROP/);
  });

  it("toEndWith: the verdict, where, and whether a policy or a rule gave it", () => {
    expect(drop).toEndWith("DROP", { chain: "FORWARD", policy: true });
    expect(accept).toEndWith("ACCEPT", { chain: "DOCKER-USER", policy: false });
    expect(accept).toEndWith("ACCEPT", { direction: "reply", chain: "DOCKER-USER" });
    expect(drop).not.toEndWith("ACCEPT");
    vexpect(() => expect(accept).toEndWith("DROP", { chain: "FORWARD", policy: true })).toThrow(/expected the first packet to end with DROP in FORWARD \(its policy\), but it did not; the walk/);
  });

  it("toHaveRewritten: DNAT's new destination, MASQUERADE's new source (seen in the reply)", () => {
    expect(dnat).toHaveRewritten({ dst: "11.11.11.2:80" });
    expect(dnat).toHaveRewritten({ dst: "11.11.11.2", by: "DNAT" });
    expect(masq).toHaveRewritten({ src: "10.0.2.15", by: "MASQUERADE" });
    expect(masq).toHaveRewritten({ dst: "11.11.11.2", direction: "reply" });
    expect(drop).not.toHaveRewritten({ dst: "11.11.11.3" });
  });

  it("toHaveRewritten fails naming the rewrites there were", () => {
    vexpect(() => expect(dnat).toHaveRewritten({ dst: "11.11.11.3:80" })).toThrow(/expected NAT to rewrite dst -> 11\.11\.11\.3:80, but these were: #1 dst 192\.168\.50\.10:8088 -> 11\.11\.11\.2:80 \(DNAT\)/);
    vexpect(() => expect(drop).toHaveRewritten({ src: "10.0.2.15" })).toThrow(/but no address was rewritten; the walk/);
  });

  it("takes only walks", () => {
    vexpect(() => expect({ exitCode: 0 }).toEndWith("DROP")).toThrow(/expected a packet walk/);
  });
});
