// The topology as a self-contained SVG: the VM as a frame, bridges as switches, named
// namespaces as boxes, veth pairs as cables. Pure: same topology, same bytes.
import { path as d3path } from "d3-path";
import { linkHorizontal, linkVertical } from "d3-shape";
import type { Change, TopoEdge, Topology } from "../model/types.js";
import { esc, naturalCompare, r1, shortHash } from "./_escape.js";
import { el, text, title } from "./_svg.js";
import { addressesShown, badgeWidth, layout, metaLine, type BridgeBox, type ChipBox, type Layout, type NsBox } from "./_topo-layout.js";
import { edgeKey, highlights, isUp, prepare, stateWord, type Highlights, type Prepared } from "./_topo-prep.js";
import { TOPO_CSS } from "./_topo-style.js";
import { describeTopology, displayId, vmTitle } from "./topology-text.js";

export interface TopologySvgOptions {
  /** Diff view: highlight what these changes added or changed; list what they removed. */
  changes?: readonly Change[];
  /** Show fe80:: link-local addresses in the boxes (always in the hover titles). */
  linkLocal?: boolean;
  /** Namespaces per grid row (default: chosen from the count). */
  columns?: number;
  /** Title for screen readers and hover (default "Network topology of docker1 (vm1)"). */
  title?: string;
}

const ID_TOKEN = "\u0000ID\u0000";

export function renderTopologySvg(topology: Topology, options: TopologySvgOptions = {}): string {
  const p = prepare(topology);
  const h = highlights(options.changes, topology);
  const linkLocal = options.linkLocal ?? false;
  const legend = legendLines(h);
  const minWidth = Math.max(...legend.map((l) => l.length * 11 * 0.62 + 60), 134 + KEY_TEXT.length * 11 * 0.62 + 44);
  const L = layout(p, { linkLocal, columns: options.columns, legendHeight: 22 + (h ? 20 : 0) + legend.length * 16, minWidth });
  const heading = options.title ?? `Network topology of ${vmTitle(topology)}`;

  const body = [
    el("title", { id: `${ID_TOKEN}-title` }, esc(heading)),
    el("desc", { id: `${ID_TOKEN}-desc` }, esc(describeTopology(topology))),
    el("style", {}, TOPO_CSS),
    drawFrame(L, topology),
    ...L.namespaces.map((b) => drawNamespace(b, h)),
    ...L.bridges.map((b) => drawBridge(b, p, L, h)),
    ...L.buses.map((bus) =>
      el("g", { class: "vb-bus-group" },
        ...bus.segments.map((s) => el("path", { class: `vb-bus vb-brc-${bus.bridge.index % 4}`, d: poly(s, 0) })),
        ...bus.drops.map((d) => {
          const iface = p.ifaces.get(d.iface)!;
          const up = p.edgeUp.get(edgeKey(d.iface, bus.bridge.node.id)) ?? isUp(iface);
          return el("path", { class: `vb-cable ${up ? "vb-up" : "vb-down"} vb-brc-${bus.bridge.index % 4}${chg(h, d.iface)}`, d: poly([[d.x, d.y1], [d.x, d.y2]], 0) },
            title(`${iface.name} is a port of bridge ${bus.bridge.node.label}: ${up ? "UP" : "DOWN"}`));
        }),
        ...bus.junctions.map(([x, y]) => el("circle", { class: `vb-dot vb-brc-${bus.bridge.index % 4}`, cx: x, cy: y, r: 3.2 })))),
    ...p.nsCables.map((e) => drawNsCable(e, L, h)),
    ...p.otherCables.map((e) => drawOtherCable(e, L, h)),
    ...[...L.chips.values()].map((c) => drawChip(c, h, linkLocal)),
    drawLegend(L, legend, h),
  ].join("\n");
  const id = `vb-topo-${shortHash(body)}`;
  const svg = el("svg", {
    xmlns: "http://www.w3.org/2000/svg",
    // A diff view says so, so a reader (the notes' index) can tell a plain picture from one.
    class: options.changes ? "vb-topo vb-topo-diff" : "vb-topo",
    viewBox: `0 0 ${L.width} ${L.height}`,
    width: L.width,
    height: L.height,
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
  }, `\n${body}\n`);
  return svg.split(ID_TOKEN).join(id) + "\n";
}

const chg = (h: Highlights | undefined, ...ids: string[]): string => {
  const kinds = ids.map((i) => h?.ifaces.get(i)).filter(Boolean);
  return kinds.includes("added") ? " vb-chg-added" : kinds.length ? " vb-chg-changed" : "";
};

/** An orthogonal polyline with rounded corners (d3-path arcTo). */
function poly(points: [number, number][], radius = 6): string {
  const pts = points.map(([x, y]) => [r1(x), r1(y)] as [number, number]);
  const p = d3path();
  p.moveTo(pts[0]![0], pts[0]![1]);
  for (let i = 1; i < pts.length - 1; i++) {
    const [x0, y0] = pts[i - 1]!;
    const [x1, y1] = pts[i]!;
    const [x2, y2] = pts[i + 1]!;
    const r = Math.min(radius, Math.hypot(x1 - x0, y1 - y0) / 2, Math.hypot(x2 - x1, y2 - y1) / 2);
    p.arcTo(x1, y1, x2, y2, r);
  }
  const last = pts[pts.length - 1]!;
  p.lineTo(last[0], last[1]);
  return roundPath(p.toString());
}

/** Round every number in a path so output is short and stable. */
const roundPath = (d: string): string => d.replace(/-?\d*\.\d+(?:e-?\d+)?/g, (n) => String(r1(Number(n))));

function drawFrame(L: Layout, topo: Topology): string {
  const f = L.frame;
  return el("g", { class: "vb-vm" },
    title(`VM ${vmTitle(topo)}: its own (root) network namespace holds the uplinks, the bridges and the host side of every veth`),
    el("rect", { class: "vb-frame", x: f.x, y: f.y, width: f.w, height: f.h, rx: 12 }),
    text({ class: "vb-title", x: f.x + 14, y: f.y + 22 }, vmTitle(topo)),
    text({ class: "vb-sub", x: f.x + 14 + vmTitle(topo).length * 15 * 0.62 + 12, y: f.y + 22 }, "VM · root network namespace"));
}

function stateClass(i: { adminUp: boolean; state: string }): string {
  if (!i.adminUp || i.state === "DOWN") return "vb-st-down";
  if (i.state === "UP" || i.state === "UNKNOWN") return "vb-st-up";
  return "vb-st-warn";
}

function pill(x: number, y: number, kind: "added" | "changed"): string {
  const word = kind === "added" ? "new" : "changed";
  const w = word.length * 9 * 0.62 + 10;
  return el("g", {}, el("rect", { class: `vb-pill-${kind}`, x: x - w, y: y - 7, width: w, height: 13, rx: 6.5 }), text({ class: "vb-pill-t", x: x - w / 2, y: y + 2.6, "text-anchor": "middle" }, word));
}

function drawChip(c: ChipBox, h: Highlights | undefined, linkLocal: boolean): string {
  const i = c.iface;
  const state = stateWord(i);
  const kind = h?.ifaces.get(i.id);
  const bw = badgeWidth(i);
  const details = [
    `${displayId(i.id)}${i.namespace === "" ? " (VM's own namespace)" : ` (namespace ${i.namespace})`}`,
    `${i.kind}, ${state}${i.adminUp ? "" : " (not set up)"}`,
    ...(i.addresses.length ? [`addresses: ${i.addresses.join(", ")}`] : []),
    ...(i.mac ? [`MAC ${i.mac}`] : []),
    ...(i.master ? [`port of bridge ${i.master.slice(i.master.lastIndexOf("/") + 1)}`] : []),
    ...(i.peer ? [`veth peer: ${displayId(i.peer)}`] : i.peerOutside ? ["veth peer: in a namespace `ip netns` does not name (outside the lab's named namespaces)"] : []),
    ...(kind ? [`${kind} since the last snapshot`] : []),
  ].join("\n");
  const parts = [
    title(details),
    el("rect", { class: "vb-chip", x: c.x, y: c.y, width: c.w, height: c.h, rx: 5 }),
    text({ class: "vb-if-name", x: c.x + 8, y: c.y + 15.5 }, i.name),
    el("rect", { class: "vb-badge", x: c.x + c.w - bw - 6, y: c.y + 5, width: bw, height: 13, rx: 3 }),
    text({ class: "vb-badge-t", x: c.x + c.w - 6 - bw / 2, y: c.y + 14.8, "text-anchor": "middle" }, state),
  ];
  if (!c.compact) {
    let y = c.y + 15.5;
    for (const a of addressesShown(i, linkLocal)) {
      y += 14;
      parts.push(text({ class: kind !== "added" && h?.addresses.has(`${i.id} ${a}`) ? "vb-addr vb-addr-chg" : "vb-addr", x: c.x + 8, y }, a));
    }
    const meta = metaLine(i);
    if (meta) parts.push(text({ class: "vb-meta", x: c.x + 8, y: y + 13 }, meta));
  }
  if (i.peerOutside) {
    // A stub: this cable leaves the part of the machine the snapshot can see.
    const up = i.namespace === "" && !i.master;
    const x = c.x + c.w / 2;
    const y0 = up ? c.y : c.y + c.h;
    const y1 = up ? c.y - 9 : c.y + c.h + 12;
    const where = up ? "out of the VM" : "to a namespace `ip netns` does not name (a container's, say)";
    parts.push(
      el("path", { class: `vb-cable ${isUp(i) ? "vb-up" : "vb-down"}`, d: poly([[x, y0], [x, y1]], 0) }, title(`${i.name}'s cable leads ${where}: ${isUp(i) ? "UP" : "DOWN"}`)),
      el("circle", { class: "vb-stub", cx: x, cy: y1, r: 3 }),
    );
  }
  if (kind) parts.push(pill(c.x + c.w + 4, c.y, kind));
  return el("g", { class: `vb-if vb-if-${i.kind.replace(/[^\w-]/g, "")} ${stateClass(i)}${kind ? ` vb-chg-${kind}` : ""}` }, ...parts);
}

function drawNamespace(b: NsBox, h: Highlights | undefined): string {
  const kind = h?.namespaces.get(b.ns.node.namespace);
  const label = b.ns.node.label;
  return el("g", { class: `vb-ns${kind ? ` vb-chg-${kind}` : ""}` },
    title(`${b.ns.node.container ? "Docker container" : "network namespace"} ${label}: ${b.ns.chips.map((c) => c.name).join(", ") || "no interfaces"}${kind ? ` (${kind})` : ""}`),
    el("rect", { class: "vb-box", x: b.x, y: b.y, width: b.w, height: b.h, rx: 8 }),
    el("path", { class: "vb-box-head", d: roundPath(`M${b.x + 1.2},${b.y + 24}V${b.y + 8}Q${b.x + 1.2},${b.y + 1.2} ${b.x + 8},${b.y + 1.2}H${b.x + b.w - 8}Q${b.x + b.w - 1.2},${b.y + 1.2} ${b.x + b.w - 1.2},${b.y + 8}V${b.y + 24}Z`) }),
    text({ class: "vb-ns-name", x: b.x + 24, y: b.y + 17 }, label),
    text({ class: "vb-meta", x: b.x + b.w - 8, y: b.y + 16, "text-anchor": "end" }, b.ns.node.container ? "container" : "netns"),
    kind && pill(b.x + b.w + 4, b.y, kind));
}

function drawBridge(b: BridgeBox, p: Prepared, L: Layout, h: Highlights | undefined): string {
  const dev = b.bridge.device;
  const k = b.bridge.index % 4;
  const kind = dev ? h?.ifaces.get(dev.id) : undefined;
  const ports = [...p.ifaces.values()].filter((i) => i.master === b.bridge.node.id).map((i) => i.name);
  const bw = dev ? badgeWidth(dev) : 0;
  const ix = b.x + 10;
  const iy = b.y + 9;
  const parts = [
    title([`bridge ${b.bridge.node.label} (a virtual switch in the VM)`, dev ? `${stateWord(dev)}${dev.addresses.length ? `, ${dev.addresses.join(", ")}` : ""}` : "", dev?.mac ? `MAC ${dev.mac}` : "", `ports: ${ports.join(", ") || "none"}`, kind ? `${kind} since the last snapshot` : ""].filter(Boolean).join("\n")),
    el("rect", { class: "vb-switch", x: b.x, y: b.y, width: b.w, height: b.h, rx: 10 }),
    // The switch symbol: two arrows passing each other.
    el("path", { class: "vb-switch-icon", d: roundPath(`M${ix},${iy + 3}h16m-4,-3.5l4,3.5l-4,3.5M${ix + 16},${iy + 11}h-16m4,-3.5l-4,3.5l4,3.5`) }),
    text({ class: "vb-bridge-name", x: b.x + 34, y: b.y + 19 }, b.bridge.node.label),
    text({ class: "vb-meta", x: b.x + 34 + b.bridge.node.label.length * 13 * 0.62 + 8, y: b.y + 18.5 }, "bridge"),
  ];
  if (dev) {
    parts.push(el("g", { class: stateClass(dev) },
      el("rect", { class: "vb-badge", x: b.x + b.w - bw - 8, y: b.y + 8, width: bw, height: 13, rx: 3 }),
      text({ class: "vb-badge-t", x: b.x + b.w - 8 - bw / 2, y: b.y + 17.8, "text-anchor": "middle" }, stateWord(dev))));
    addressesShown(dev, false).forEach((a, n) => parts.push(text({ class: h?.addresses.has(`${dev.id} ${a}`) ? "vb-addr vb-addr-chg" : "vb-addr", x: b.x + 34, y: b.y + 34 + n * 14 }, a)));
  }
  for (const port of b.ports) {
    const up = p.edgeUp.get(edgeKey(port.iface.id, b.bridge.node.id)) ?? isUp(port.iface);
    const x = port.x + 16;
    parts.push(el("path", { class: `vb-cable ${up ? "vb-up" : "vb-down"} vb-brc-${k}${chg(h, port.iface.id)}`, d: poly([[x, b.y + b.h], [x, port.y]], 0) }, title(`${port.iface.name} is a port of bridge ${b.bridge.node.label}: ${up ? "UP" : "DOWN"}`)));
  }
  if (kind) parts.push(pill(b.x + b.w + 4, b.y, kind));
  void L;
  return el("g", { class: `vb-bridge vb-brc-${k}${kind ? ` vb-chg-${kind}` : ""}` }, ...parts);
}

function cableTitle(e: TopoEdge): string {
  return `veth pair (a cable): ${displayId(e.a)} <-> ${displayId(e.b)}: ${e.up ? "UP" : "DOWN"}`;
}

/** Host chip (above a namespace box) down the box's left channel into the namespace's chip. */
function drawNsCable(e: TopoEdge, L: Layout, h: Highlights | undefined): string {
  const ca = L.chips.get(e.a)!;
  const cb = L.chips.get(e.b)!;
  const [host, inner] = ca.iface.namespace === "" ? [ca, cb] : [cb, ca];
  const box = L.namespaces.find((b) => b.chips.includes(inner));
  if (!box) return "";
  const j = box.hostChips.indexOf(host);
  const sx = host.x + 6 + 6 * Math.max(j, 0) + (j === 0 ? 0 : 0);
  const cx = box.channelX + 4 + j * 4;
  const laneY = box.y - 8 - j * 3;
  const midY = inner.y + 11;
  const pts: [number, number][] = j === 0 && Math.abs(sx - cx) < 0.5
    ? [[sx, host.y + host.h], [cx, midY], [inner.x, midY]]
    : [[sx, host.y + host.h], [sx, laneY], [cx, laneY], [cx, midY], [inner.x, midY]];
  return el("path", { class: `vb-cable ${e.up ? "vb-up" : "vb-down"}${chg(h, e.a, e.b)}`, d: poly(pts) }, title(cableTitle(e)));
}

/** veth pairs between two namespaces, or two host interfaces: a curve. */
function drawOtherCable(e: TopoEdge, L: Layout, h: Highlights | undefined): string {
  const a = L.chips.get(e.a);
  const b = L.chips.get(e.b);
  if (!a || !b) return "";
  const [l, r] = a.x <= b.x ? [a, b] : [b, a];
  let d: string;
  if (Math.abs(l.y - r.y) < 4 && l.x + l.w < r.x) {
    d = linkHorizontal<unknown, [number, number]>().source(() => [l.x + l.w, l.y + 11]).target(() => [r.x, r.y + 11])({}) ?? "";
  } else if (l.iface.namespace === "" && r.iface.namespace === "") {
    const y = Math.max(l.y + l.h, r.y + r.h) + 9;
    d = poly([[l.x + l.w / 2, l.y + l.h], [l.x + l.w / 2, y], [r.x + r.w / 2, y], [r.x + r.w / 2, r.y + r.h]]);
  } else {
    const [t, u] = l.y <= r.y ? [l, r] : [r, l];
    d = linkVertical<unknown, [number, number]>().source(() => [t.x + t.w / 2, t.y + t.h]).target(() => [u.x + u.w / 2, u.y])({}) ?? "";
  }
  return el("path", { class: `vb-cable ${e.up ? "vb-up" : "vb-down"}${chg(h, e.a, e.b)}`, d: roundPath(d) }, title(cableTitle(e)));
}

function legendLines(h: Highlights | undefined): string[] {
  if (!h) return [];
  const lines: string[] = [];
  if (h.total === 0) return ["No changes since the last snapshot."];
  if (h.removed.length) {
    let line = "removed:";
    for (const r of h.removed) {
      if (line.length + r.length > 100) {
        lines.push(line);
        line = "  ";
      }
      line += ` ${r}${r === h.removed[h.removed.length - 1] ? "" : ","}`;
    }
    lines.push(line);
  }
  const other = [...h.other].sort((a, b) => naturalCompare(a[0], b[0])).map(([w, n]) => `${n} ${w}${n > 1 ? "s" : ""}`);
  if (other.length) lines.push(`also changed (not drawn): ${other.join(", ")}`);
  return lines;
}

const KEY_TEXT = "veth pairs are cables; a bridge's ports hang from its coloured bus";

function drawLegend(L: Layout, lines: string[], h: Highlights | undefined): string {
  const x = L.frame.x + 16;
  const y = L.legendY + 8;
  const parts = [
    el("path", { class: "vb-key vb-cable vb-up", d: `M${x},${y}h26` }), text({ class: "vb-sub", x: x + 32, y: y + 4 }, "UP"),
    el("path", { class: "vb-key vb-cable vb-down", d: `M${x + 60},${y}h26` }), text({ class: "vb-sub", x: x + 92, y: y + 4 }, "DOWN"),
    text({ class: "vb-sub", x: x + 134, y: y + 4 }, KEY_TEXT),
  ];
  if (h) {
    const y2 = y + 20;
    parts.push(pill(x + 30, y2 - 1, "added"), text({ class: "vb-sub", x: x + 36, y: y2 + 3 }, "added"));
    parts.push(pill(x + 138, y2 - 1, "changed"), text({ class: "vb-sub", x: x + 144, y: y2 + 3 }, "changed since the last snapshot"));
    lines.forEach((l, n) => parts.push(text({ class: l.startsWith("removed") || l.startsWith("  ") ? "vb-sub vb-rm" : "vb-sub", x, y: y2 + 20 + n * 16 }, l)));
  }
  return el("g", { class: "vb-legend" }, ...parts);
}
