import { describe, expect, it } from "vitest";
import type { CounterDelta } from "../../src/model/types.js";
import type { Ruleset } from "../../src/inspect/types.js";
import { renderCountersHtml, renderCountersText, renderIptablesHtml } from "../../src/render/index.js";
import { expectSnapshot, fixture, readIptablesSave } from "./_fixtures.js";

const ruleset = readIptablesSave(fixture("iptables-save-c.txt"));
// Chapter 2 -> 3 on sandbox vm1: `iptables -I DOCKER-USER -j ACCEPT`, then pings across br0.
const counters = JSON.parse(fixture("ch2-counters.json")) as { before: Ruleset; after: Ruleset; deltas: CounterDelta[] };
const explain = (chain: string, table: string) => (table === "filter" && chain === "DOCKER-USER" ? "Docker's place for your own forwarding rules" : undefined);

describe("renderIptablesHtml", () => {
  it("draws the filter table with Docker's chains and moved counters", () => {
    const html = renderIptablesHtml(counters.after, { table: "filter", deltas: counters.deltas, explain });
    expect(html).toContain("<strong class=\"vb-mono\">Chain DOCKER-USER</strong>");
    expect(html).toContain("Docker&#39;s place for your own forwarding rules");
    expect(html.match(/<tr class="vb-moved"/g)?.length).toBe(counters.deltas.filter((d) => d.table === "filter" && d.num !== undefined).length);
    // What moved sits under the row's counters.
    expect(html).toMatch(/<td class="vb-num">\d+<div class="vb-delta" title="moved">\+4<\/div><\/td><td class="vb-num">[^<]+<div class="vb-delta" title="moved">\+336 B<\/div><\/td>/);
    expectSnapshot("iptables-ch2-filter.html", html);
  });

  it("highlights a policy whose counter moved", () => {
    const deltas: CounterDelta[] = [{ family: "ipv4", namespace: "", table: "filter", chain: "FORWARD", target: "DROP", packets: 2, bytes: 168 }];
    const html = renderIptablesHtml(ruleset, { table: "filter", chains: ["FORWARD"], deltas });
    expect(html).toContain('<span class="vb-policy-moved">policy <span class="vb-t-bad">DROP</span> 2 packets, 168 B <span class="vb-delta">+2 pkts +168 B</span></span>');
  });

  it("lists every table in the kernel's order, rules readable", () => {
    const html = renderIptablesHtml(ruleset);
    const order = [...html.matchAll(/table <code>(\w+)<\/code>/g)].map((m) => m[1]);
    expect(order).toEqual(["filter", "nat", "mangle"]);
    expect(html).toContain("tcp dpt:8088 to:11.11.11.2:80");
    expect(html).toContain("ADDRTYPE match dst-type LOCAL");
    expectSnapshot("iptables-all-tables.html", html);
  });

  it("is deterministic for any input order", () => {
    const shuffled: Ruleset = { ...ruleset, tables: [...ruleset.tables].reverse().map((t) => ({ ...t, chains: [...t.chains].reverse().map((c) => ({ ...c, rules: [...c.rules].reverse() })) })) };
    expect(renderIptablesHtml(shuffled)).toBe(renderIptablesHtml(ruleset));
  });
});

describe("counters: which rules counted it", () => {
  it("names exactly the rules whose counters moved", () => {
    const text = renderCountersText(counters.deltas);
    expectSnapshot("counters-ch2.txt", text);
    expect(text).toContain("filter DOCKER-USER #1 -j ACCEPT");
  });

  it("names a policy", () => {
    const d: CounterDelta[] = [{ family: "ipv4", namespace: "", table: "filter", chain: "FORWARD", target: "DROP", packets: 2, bytes: 168 }];
    expect(renderCountersText(d)).toBe("filter FORWARD policy DROP  +2 pkts +168 B\n");
    expect(renderCountersText([])).toBe("no iptables counter moved\n");
  });

  it("as HTML with before and after", () => {
    const html = renderCountersHtml(counters.before, counters.after, counters.deltas);
    expect(html).toContain("Which rules counted it");
    expectSnapshot("counters-ch2.html", html);
    expect(renderCountersHtml(counters.before, counters.after, [...counters.deltas].reverse())).toBe(html);
  });
});
