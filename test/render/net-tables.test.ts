import { describe, expect, it } from "vitest";
import type { FdbEntry, Neighbour, Route } from "../../src/inspect/types.js";
import { renderFdbHtml, renderFdbText, renderNeighboursHtml, renderNeighboursText, renderRoutesHtml, renderRoutesText } from "../../src/render/index.js";
import { expectSnapshot, fixture } from "./_fixtures.js";

// From the chapter 2 snapshot of sandbox vm1 (test/fixtures/render/README.md).
const t = JSON.parse(fixture("ch2-red.tables.json")) as { neighbours: Neighbour[]; routes: Route[]; hostRoutes: Route[]; fdb: FdbEntry[] };

describe("neighbours, routes, fdb", () => {
  it("text tables", () => {
    const text = [
      renderNeighboursText(t.neighbours, { title: "RED: neighbours" }),
      renderRoutesText(t.routes, { title: "RED: routes" }),
      renderRoutesText(t.hostRoutes, { title: "docker1: routes" }),
      renderFdbText(t.fdb, { title: "docker1: bridge fdb" }),
    ].join("\n");
    expect(text).toContain("11.11.11.3");
    expectSnapshot("net-tables-ch2.txt", text);
  });

  it("HTML tables", () => {
    const html = renderNeighboursHtml(t.neighbours, { title: "RED: neighbours" }) + renderRoutesHtml(t.hostRoutes, { title: "docker1: routes" }) + renderFdbHtml(t.fdb, { title: "docker1: bridge fdb" });
    expectSnapshot("net-tables-ch2.html", html);
  });

  it("deterministic for any input order; empty lists say so", () => {
    expect(renderFdbText([...t.fdb].reverse())).toBe(renderFdbText(t.fdb));
    expect(renderRoutesText([...t.hostRoutes].reverse())).toBe(renderRoutesText(t.hostRoutes));
    expect(renderNeighboursText([])).toBe("address\n(no neighbours)\n");
  });
});
