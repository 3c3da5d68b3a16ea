import { describe, expect, it } from "vitest";
import type { Change, Topology } from "../../src/model/types.js";
import { renderTopologySvg, renderTopologyText } from "../../src/render/index.js";
import { expectSnapshot, fixture } from "./_fixtures.js";

// Topologies built by src/model from real sandbox snapshots (test/fixtures/render/README.md).
const topo = (name: string): Topology => JSON.parse(fixture(`${name}.topology.json`));
const diff = JSON.parse(fixture("ch3-diff.json")) as { topology: Topology; changes: Change[] };
// Chapter 1 §4 (each end moved into RED/BLUE) against §2, and chapter 1's lab with BLUE deleted.
const moved = JSON.parse(fixture("ch1-s4-diff.json")) as { topology: Topology; changes: Change[] };
const deleted = JSON.parse(fixture("ch1-del-blue-diff.json")) as { topology: Topology; changes: Change[] };

/** Reverse every list: a different input order must draw the same picture. */
function permuted(t: Topology): Topology {
  return {
    ...t,
    nodes: [...t.nodes].reverse().map((n) => ({ ...n, interfaces: [...n.interfaces].reverse() })),
    interfaces: [...t.interfaces].reverse().map((i) => ({ ...i, addresses: [...i.addresses] })),
    edges: [...t.edges].reverse().map((e) => ({ ...e, a: e.b.startsWith("br:") ? e.a : e.b, b: e.b.startsWith("br:") ? e.b : e.a })),
  };
}

describe("renderTopologySvg", () => {
  it.each(["ch1", "ch2", "docker", "ns10", "ns40"])("draws %s", (name) => {
    const svg = renderTopologySvg(topo(name));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="vb-topo" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('role="img"');
    expectSnapshot(`topology-${name}.svg`, svg);
  });

  it("marks a container's box as a container, named by its name", () => {
    const svg = renderTopologySvg(topo("docker"));
    expect(svg).toContain("Docker container red: eth0, lo");
    expect(svg).toMatch(/>red<\/text>.*?>container<\/text>/s);
    expect(renderTopologyText(topo("docker"))).toContain("container blue");
  });

  it("draws the chapter 3 diff: br0's new address, GREEN added, BLUE's cable down", () => {
    const svg = renderTopologySvg(diff.topology, { changes: diff.changes });
    expect(svg).toContain("vb-chg-added");
    expect(svg).toContain("vb-chg-changed");
    expect(svg).toContain("vb-addr vb-addr-chg");
    expect(svg).toContain("also changed (not drawn)");
    expectSnapshot("topology-ch3-diff.svg", svg);
  });

  it("draws chapter 1 §2's veth pair, both ends still in the VM, as one cable", () => {
    const svg = renderTopologySvg(topo("ch1-s2"));
    const cables = [...svg.matchAll(/<path class="vb-cable vb-(?:up|down)[^"]*" d="[^"]+"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(cables.filter((c) => c.startsWith("veth pair"))).toEqual(["veth pair (a cable): veth0 &lt;-&gt; veth1: DOWN"]);
    expectSnapshot("topology-ch1-s2.svg", svg);
  });

  it("names each removed thing once, the way the picture names it", () => {
    const svgMoved = renderTopologySvg(moved.topology, { changes: moved.changes });
    expect(svgMoved).toContain(">removed: veth0, veth1</text>");
    expectSnapshot("topology-ch1-s4-diff.svg", svgMoved);
    const svgDeleted = renderTopologySvg(deleted.topology, { changes: deleted.changes });
    expect(svgDeleted).toContain(">removed: namespace BLUE, RED/veth0</text>");
    expect(svgDeleted).not.toMatch(/BLUE\/BLUE|RED\/RED|[ >]\/veth/);
    expectSnapshot("topology-ch1-del-blue-diff.svg", svgDeleted);
  });

  it("is deterministic: twice the same bytes, and the same for any input order", () => {
    for (const name of ["ch1", "ch2", "ns10", "ns40"]) {
      const t = topo(name);
      expect(renderTopologySvg(t)).toBe(renderTopologySvg(t));
      expect(renderTopologySvg(permuted(t))).toBe(renderTopologySvg(t));
      expect(renderTopologyText(permuted(t))).toBe(renderTopologyText(t));
    }
    const shuffled = [...diff.changes].reverse();
    expect(renderTopologySvg(permuted(diff.topology), { changes: shuffled })).toBe(renderTopologySvg(diff.topology, { changes: diff.changes }));
  });

  it("is accessible: a labelled root, a title on every interface, cable and box", () => {
    const svg = renderTopologySvg(topo("ch2"));
    const id = /aria-labelledby="(vb-topo-\w+)-title \1-desc"/.exec(svg)?.[1];
    expect(id).toMatch(/^vb-topo-\w+$/);
    expect(svg).toContain(`<title id="${id}-title">Network topology of docker1 (vm1)</title>`);
    expect(svg).toMatch(new RegExp(`<desc id="${id}-desc">The VM docker1 \\(vm1\\)`));
    for (const cls of ["vb-if ", "vb-ns", "vb-bridge "]) {
      const groups = svg.split(`<g class="${cls}`).slice(1);
      expect(groups.length).toBeGreaterThan(0);
      // the group's own first child is its title (not a title somewhere further down)
      for (const g of groups) expect(g, `<g class="${cls}${g.slice(0, 60)}`).toMatch(/^[^>]*><title>[^<]+<\/title>/);
    }
    // every cable says what it joins and whether it is up
    const cables = [...svg.matchAll(/<path class="vb-cable vb-(up|down)[^"]*"[^>]*>(.*?)<\/path>/g)];
    expect(cables.length).toBe(svg.split('<path class="vb-cable').length - 1);
    for (const [, state, inner] of cables) expect(inner).toMatch(new RegExp(`^<title>.+: ${state === "up" ? "UP" : "DOWN"}</title>$`));
    expect(svg).toContain(">UP</text>");
  });

  it("shows state in words and line style: a DOWN cable is dashed", () => {
    const svg = renderTopologySvg(diff.topology);
    expect(svg).toMatch(/class="vb-cable vb-down" d="[^"]+"><title>veth pair \(a cable\): beth1 &lt;-&gt; BLUE\/beth0: DOWN/);
    expect(svg).toContain(">DOWN</text>");
  });

  it("different states get different ids (several SVGs can share a page)", () => {
    const a = /aria-labelledby="([^ ]+)-title/.exec(renderTopologySvg(topo("ch1")))![1];
    const b = /aria-labelledby="([^ ]+)-title/.exec(renderTopologySvg(topo("ch2")))![1];
    expect(a).not.toBe(b);
  });
});

describe("renderTopologyText", () => {
  it.each(["ch1", "ch2", "ns10"])("describes %s", (name) => {
    expectSnapshot(`topology-${name}.txt`, renderTopologyText(topo(name)));
  });

  it("names cables the way the course does", () => {
    const text = renderTopologyText(topo("ch1"));
    expect(text).toContain("BLUE/veth1 <-> RED/veth0  UP");
  });

  it("lists chapter 1 §2's pair with both ends in the VM", () => {
    const text = renderTopologyText(topo("ch1-s2"));
    expect(text).toContain("veth0  veth  DOWN");
    expect(text).toMatch(/veth0 .*<-> veth1\n/);
    expect(text).toContain("cables (veth pairs):\n  veth0 <-> veth1  DOWN\n");
    expectSnapshot("topology-ch1-s2.txt", text);
  });

  it("lists removed things once each", () => {
    const text = renderTopologyText(deleted.topology, { changes: deleted.changes });
    expect(text).toContain("  removed namespace BLUE\n  removed RED/veth0\n");
    expect(text).not.toContain("BLUE/");
    expect(renderTopologyText(moved.topology, { changes: moved.changes })).toContain("  removed veth0\n  removed veth1\n");
  });

  it("lists the diff", () => {
    const text = renderTopologyText(diff.topology, { changes: diff.changes });
    expect(text).toContain("added namespace GREEN");
    expect(text).toContain("changed BLUE/beth0");
    expectSnapshot("topology-ch3-diff.txt", text);
  });
});
