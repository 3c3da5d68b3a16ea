import { describe, expect as vexpect, it } from "vitest";
import { expect, ExpectationError } from "../../kernel-helpers/expect.js";
import { CommandResult } from "../../src/command/result.js";
import type { CounterDelta } from "../../src/model/types.js";

const result = (exitCode: number, stdout = "", stderr = "") =>
  new CommandResult({ target: "vm1", netns: "RED", command: "ping -c 1 -W 1 11.11.11.3", exitCode, stdout, stderr, durationMs: 3 });

const policyDrop: CounterDelta = { family: "ipv4", namespace: "", table: "filter", chain: "FORWARD", packets: 1, bytes: 84 };
const userAccept: CounterDelta = { family: "ipv4", namespace: "", table: "filter", chain: "DOCKER-USER", num: 1, spec: "-j ACCEPT", target: "ACCEPT", packets: 2, bytes: 168 };

describe("notebook assertions", () => {
  it("toFail and toSucceed read the exit code, and say what ran where when they do not hold", () => {
    expect(result(1)).toFail();
    expect(result(0)).toSucceed();
    vexpect(() => expect(result(0, "1 received")).toFail()).toThrow(/expected `ping -c 1 -W 1 11.11.11.3` on vm1 \(netns RED\) to fail, but it succeeded/);
    vexpect(() => expect(result(1, "", "unreachable")).toSucceed()).toThrow(/exited with 1: unreachable/);
    vexpect(() => expect(result(0)).toFail()).toThrow(ExpectationError);
  });

  it("a timed-out command counts as failed", () => {
    const r = new CommandResult({ target: "vm1", command: "ping 8.8.8.8", exitCode: null, stdout: "", stderr: "", durationMs: 1000, timedOut: true, timeoutMs: 1000 });
    expect(r).toFail();
  });

  it("toHaveCounted finds a policy or a rule, and names what moved instead", () => {
    const report = { deltas: [policyDrop], result: result(1) };
    expect(report).toHaveCounted({ table: "filter", chain: "FORWARD", policy: true });
    expect(report).not.toHaveCounted({ chain: "DOCKER-USER", rule: "-j ACCEPT" });
    vexpect(() => expect(report).toHaveCounted({ chain: "DOCKER-USER", rule: "-j ACCEPT" })).toThrow(
      /expected filter DOCKER-USER the rule with "-j ACCEPT" to count packets, but these moved: filter FORWARD policy \(\+1 pkts, \+84 bytes\)/,
    );
    expect({ deltas: [userAccept] }).toHaveCounted({ chain: "DOCKER-USER", rule: 1 });
    vexpect(() => expect({ deltas: [] }).toHaveCounted({ chain: "FORWARD", policy: true })).toThrow(/no counter moved/);
  });

  it("toHaveCounted with packets and bytes holds only for that exact count (a ping's request and reply: 2 packets, 168 bytes)", () => {
    const report = { deltas: [policyDrop, userAccept] };
    expect(report).toHaveCounted({ chain: "DOCKER-USER", rule: "-j ACCEPT", packets: 2, bytes: 168 });
    expect(report).toHaveCounted({ chain: "FORWARD", policy: true, packets: 1 });
    vexpect(() => expect(report).toHaveCounted({ chain: "DOCKER-USER", rule: "-j ACCEPT", packets: 1 })).toThrow(
      /expected filter DOCKER-USER the rule with "-j ACCEPT" to count exactly 1 packets, but these moved: filter DOCKER-USER #1 -j ACCEPT \(\+2 pkts, \+168 bytes\)$/m,
    );
    vexpect(() => expect(report).not.toHaveCounted({ chain: "FORWARD", policy: true, bytes: 84 })).toThrow(/not to count exactly 84 bytes/);
  });

  it("toHaveCounted tells ip6tables counters from iptables ones", () => {
    const v6: CounterDelta = { ...userAccept, family: "ipv6", table: "nat", chain: "POSTROUTING", spec: "-s fd00::/64 -j MASQUERADE", target: "MASQUERADE", packets: 1, bytes: 104 };
    expect({ deltas: [v6] }).toHaveCounted({ family: "ipv6", table: "nat", chain: "POSTROUTING", rule: "MASQUERADE" });
    vexpect(() => expect({ deltas: [v6] }).toHaveCounted({ table: "nat", chain: "POSTROUTING", rule: "MASQUERADE" })).toThrow(/these moved: ip6tables nat POSTROUTING/);
  });

  it("contain, match, equal", () => {
    expect(result(0, "64 bytes from 11.11.11.3")).toContain("11.11.11.3");
    expect(result(0, "ttl=64")).toMatch(/ttl=\d+/);
    expect([1, { a: 2 }]).toEqual([1, { a: 2 }]);
    vexpect(() => expect("x").toBe("y")).toThrow(/expected 'x' to be 'y'/);
  });
});
