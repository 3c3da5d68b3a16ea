import { describe, expect, it } from "vitest";
import { renderWalkSvg, renderWalkText } from "../../src/render/index.js";
import { walkFixture, type Source } from "../model/walk-fixture.js";
import { expectSnapshot } from "./_fixtures.js";

// Walks built by src/model/walk.ts from real traces (test/fixtures/trace/README.md).
const CASES: [name: string, scenario: string, source: Source][] = [
  ["ch2-drop", "ch2-drop", "xtables-monitor"],
  ["ch2-accept", "ch2-accept", "nft-monitor"],
  ["ch3-masquerade", "ch3-masquerade", "xtables-monitor"],
  ["ch4-dnat", "ch4-dnat", "xtables-monitor"],
  ["ch4-output-legacy", "ch4-output", "kernel-log"],
  ["local-output", "local-output", "xtables-monitor"],
  ["ipv6", "ipv6", "xtables-monitor"],
];

describe("renderWalkSvg", () => {
  it.each(CASES)("draws %s", (name, scenario, source) => {
    const svg = renderWalkSvg(walkFixture(scenario, source));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="vb-walk" viewBox="0 0 900 \d+(\.\d)?" width="900"/);
    expect(svg).not.toMatch(/="-?\d+\.\d{2,}"|[ML,]-?\d+\.\d{2,}/); // numbers rounded
    expectSnapshot(`walk-${name}.svg`, svg);
  });

  it("lights the dropped ping's path and says who dropped it; no reply beside it", () => {
    const svg = renderWalkSvg(walkFixture("ch2-drop", "xtables-monitor"));
    expect(svg).toMatch(/<g class="w-hook w-lit"><title>PREROUTING: 3 steps traced<\/title>/);
    expect(svg).toMatch(/<g class="w-hook w-lit w-dropped"><title>FORWARD: 5 steps traced<\/title>/);
    expect(svg).toMatch(/<g class="w-hook"><title>POSTROUTING: not on this packet&#39;s path<\/title>/);
    expect(svg).toContain(">bridge</text>");
    expect(svg).toContain(">reth1 → br0 → beth1: bridged; br_netfilter passes it to iptables</text>");
    expect(svg).toContain(">dropped by filter:FORWARD policy</text>");
    expect(svg).toContain(">JUMP → DOCKER-ISOLATION-STAGE-1</text>");
    expect(svg).toContain(">No reply: the request was dropped, so nothing answered it.</text>");
  });

  it("marks where NAT rewrote an address, before → after, seen or inferred", () => {
    const dnat = renderWalkSvg(walkFixture("ch4-dnat", "xtables-monitor"));
    expect(dnat).toContain('<tspan class="w-nat-t">NAT </tspan>dst 192.168.50.10:8088 → 11.11.11.2:80</text>');
    expect(dnat).toContain(">by DNAT (nat:PREROUTING #2)</text>");
    expect(dnat).toContain('<g class="w-nat w-inferred">'); // the reply's source, back in POSTROUTING
    expect(dnat).toContain(">leaves as 192.168.50.10:8088 → 192.168.50.20:44128</text>");
    expect(dnat).toContain("· 12 packets in the trace (#1 and #2 shown) ·");
    const masq = renderWalkSvg(walkFixture("ch3-masquerade", "xtables-monitor"));
    expect(masq).toContain("src 11.11.11.2 → 10.0.2.15</text>");
    expect(masq).toContain("dst 10.0.2.15 → 11.11.11.2</text>");
  });

  it("shows hooks passed without a trace (no rules there) as dashed, apart from the ones not passed", () => {
    const svg = renderWalkSvg(walkFixture("local-output", "xtables-monitor"));
    expect(svg).toMatch(/<g class="w-hook w-quiet"><title>INPUT: passed, but no chain here has rules, so nothing was traced<\/title>/);
    expect(svg).toContain(">INPUT: passed, no chain here has rules to trace</text>");
    expect(svg).toContain(">delivered to a local process</text>");
  });

  it("has light and dark colours inside its own <style>", () => {
    const svg = renderWalkSvg(walkFixture("ch2-accept", "nft-monitor"));
    expect(svg).toContain("@media (prefers-color-scheme:dark){svg.vb-walk{");
    expect(svg).toContain('[data-jp-theme-light="false"] svg.vb-walk{');
  });

  it("is deterministic, labelled for screen readers, and unique per walk", () => {
    const walk = walkFixture("ch4-dnat", "nft-monitor");
    expect(renderWalkSvg(walk)).toBe(renderWalkSvg(walkFixture("ch4-dnat", "nft-monitor")));
    const svg = renderWalkSvg(walk);
    const id = /aria-labelledby="(vb-walk-\w+)-title \1-desc"/.exec(svg)?.[1];
    expect(id).toBeTruthy();
    expect(svg).toContain(`<title id="${id}-title">Following one packet through netfilter</title>`);
    expect(svg).toMatch(new RegExp(`<desc id="${id}-desc">#1 request TCP SYN 192.168.50.20:44128 -&gt; 192.168.50.10:8088: `));
    const other = /aria-labelledby="([^ ]+)-title/.exec(renderWalkSvg(walkFixture("ch2-drop", "nft-monitor")))![1];
    expect(other).not.toBe(id);
  });

  it("follows the packets it is told to", () => {
    const walk = walkFixture("ch4-dnat", "xtables-monitor");
    const svg = renderWalkSvg(walk, { request: 3, reply: 5, title: "The third packet" });
    expect(svg).toContain(">#3 TCP ACK</text>");
    expect(svg).toContain(">#5 TCP ACK</text>");
    expect(svg).toContain('-title">The third packet</title>');
  });
});

describe("renderWalkText", () => {
  it.each(CASES)("tells %s", (name, scenario, source) => {
    const txt = renderWalkText(walkFixture(scenario, source));
    expectSnapshot(`walk-${name}.txt`, txt);
  });

  it("says the same things as the picture", () => {
    const txt = renderWalkText(walkFixture("ch2-drop", "kernel-log"));
    expect(txt).toContain("REQUEST #1 ICMP echo-request  11.11.11.2 → 11.11.11.3\n");
    expect(txt).toContain("  path: PREROUTING → bridge br0 → FORWARD ✕\n");
    expect(txt).toContain("  │   filter:DOCKER-USER               #1 -j RETURN  → RETURN\n");
    expect(txt).toContain("  └ ✕ DROP: dropped by filter:FORWARD policy\n");
    expect(txt).toContain("REPLY\n  No reply: the request was dropped, so nothing answered it.\n");
  });
});
