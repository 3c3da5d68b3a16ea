// Geometry of the topology picture: a layered layout computed from text sizes (internal).
// Rows, top to bottom, inside the VM frame: the VM's own interfaces (uplinks), its
// bridges (switches, with ports that lead out of the lab's named namespaces right under
// them), then the named namespaces in a grid, each with the host side of its veths above it.
import { max, sum } from "d3-array";
import { scaleBand } from "d3-scale";
import type { TopoInterface } from "../model/types.js";
import { stateWord, type Prepared, type PreparedBridge, type PreparedNamespace } from "./_topo-prep.js";

export const FONT = { name: 12, addr: 11, small: 9.5, title: 15, head: 13 };
/** Advance of one monospace character, as a share of the font size. */
const CH = 0.62;
const textWidth = (s: string, size: number): number => s.length * size * CH;

export interface Box { x: number; y: number; w: number; h: number }
export interface ChipBox extends Box { iface: TopoInterface; compact: boolean }
export interface BridgeBox extends Box { bridge: PreparedBridge; ports: ChipBox[]; dropX: number }
export interface NsBox extends Box { ns: PreparedNamespace; chips: ChipBox[]; hostChips: ChipBox[]; channelX: number }
export interface Bus { bridge: PreparedBridge; segments: [number, number][][]; drops: { x: number; y1: number; y2: number; iface: string }[]; junctions: [number, number][] }

export interface Layout {
  width: number;
  height: number;
  frame: Box;
  hostRow: ChipBox[];
  bridges: BridgeBox[];
  namespaces: NsBox[];
  buses: Bus[];
  chips: Map<string, ChipBox>;
  legendY: number;
}

const PAD = 12;
const GAP = 14;
const CHANNEL = 12;

export function addressesShown(i: TopoInterface, linkLocal: boolean): string[] {
  return linkLocal ? i.addresses : i.addresses.filter((a) => !a.toLowerCase().startsWith("fe80:"));
}

export const badgeWidth = (i: TopoInterface): number => textWidth(stateWord(i), FONT.small) + 8;
const isLo = (i: TopoInterface): boolean => i.kind === "loopback" || i.name === "lo";

export function chipSize(i: TopoInterface, linkLocal: boolean): { w: number; h: number; compact: boolean } {
  const compact = isLo(i);
  const addrs = compact ? [] : addressesShown(i, linkLocal);
  const meta = compact ? "" : metaLine(i);
  const w = Math.max(textWidth(i.name, FONT.name) + badgeWidth(i) + 22, ...addrs.map((a) => textWidth(a, FONT.addr) + 16), textWidth(meta, FONT.small) + 16);
  const h = compact ? 22 : 22 + addrs.length * 14 + (meta ? 13 : 0) + 3;
  return { w: Math.ceil(w), h, compact };
}

export function metaLine(i: TopoInterface): string {
  return [i.kind === "device" ? "" : i.kind, i.mac ?? ""].filter(Boolean).join(" ");
}

export function layout(p: Prepared, opts: { linkLocal: boolean; columns?: number; legendHeight: number; minWidth: number }): Layout {
  const size = (i: TopoInterface) => chipSize(i, opts.linkLocal);
  const chips = new Map<string, ChipBox>();
  const place = (i: TopoInterface, x: number, y: number, w?: number): ChipBox => {
    const s = size(i);
    const c: ChipBox = { iface: i, x, y, w: w ?? s.w, h: s.h, compact: s.compact };
    chips.set(i.id, c);
    return c;
  };

  const left = PAD + 8;
  const busBridges = p.bridges.filter((b) => p.namespaces.some((n) => n.hostChips.some((h) => h.master === b.node.id)));
  const gridLeft = left + 16 + busBridges.length * 8;
  let y = 46;

  // Row 1: the VM's own interfaces.
  const hostRow: ChipBox[] = [];
  let x = gridLeft;
  const rowH = max(p.hostRow, (i) => size(i).h) ?? 0;
  for (const i of p.hostRow) {
    hostRow.push(place(i, x, y));
    x += size(i).w + GAP;
  }
  let right = x - GAP;
  if (p.hostRow.length) y += rowH + 22;

  // Row 2: bridges, each with its direct ports below.
  const bridges: BridgeBox[] = [];
  x = gridLeft;
  let bridgeRowH = 0;
  for (const b of p.bridges) {
    const dev = b.device;
    const addrs = dev ? addressesShown(dev, opts.linkLocal) : [];
    const head = textWidth(b.node.label, FONT.head) + 34 + 8 + textWidth("bridge", FONT.small) + 12 + (dev ? badgeWidth(dev) + 8 : 0);
    const w0 = Math.max(170, head, ...addrs.map((a) => textWidth(a, FONT.addr) + 40));
    const h = 30 + addrs.length * 14 + 6;
    const ports: ChipBox[] = [];
    let px = x + 30;
    const py = y + h + 26;
    for (const port of b.directPorts) {
      ports.push(place(port, px, py));
      px += size(port).w + 10;
    }
    const w = Math.max(w0, px - 10 - x);
    const portsH = max(b.directPorts, (i) => size(i).h) ?? 0;
    const totalH = h + (ports.length ? 26 + portsH + 22 : 0);
    bridges.push({ bridge: b, ports, x, y, w, h, dropX: x + 14 });
    bridgeRowH = Math.max(bridgeRowH, totalH);
    x += w + GAP * 2;
  }
  right = Math.max(right, x - GAP * 2);
  if (p.bridges.length) y += bridgeRowH + 8;

  // Rows 3+: the namespaces in a grid of equal cells.
  const n = p.namespaces.length;
  let cols = opts.columns ?? Math.min(n, Math.max(3, Math.ceil(Math.sqrt(n * 2.5))));
  cols = Math.max(1, Math.min(cols, n || 1));
  const rows = Math.ceil(n / cols);
  cols = Math.ceil(n / Math.max(rows, 1)) || 1;
  const chipW = Math.max(120, max(p.namespaces.flatMap((ns) => ns.chips), (i) => size(i).w) ?? 0);
  const hostChipW = max(p.namespaces.flatMap((ns) => ns.hostChips), (i) => size(i).w) ?? 0;
  const headW = max(p.namespaces, (ns) => textWidth(ns.node.label, FONT.head) + 70) ?? 0;
  const maxHost = max(p.namespaces, (ns) => ns.hostChips.length) ?? 0;
  const boxW = Math.max(chipW + CHANNEL + PAD * 2, headW, maxHost * (hostChipW + 10) - 10 + 10);
  const band = scaleBand<number>().domain(Array.from({ length: cols }, (_, i) => i)).range([gridLeft, gridLeft + cols * boxW + (cols - 1) * 26]).paddingInner(26 / (boxW + 26));
  const namespaces: NsBox[] = [];
  const buses = new Map<string, Bus>(busBridges.map((b) => [b.node.id, { bridge: b, segments: [], drops: [], junctions: [] }]));
  const busY: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const cells = p.namespaces.slice(r * cols, r * cols + cols);
    const laneH = busBridges.length ? 10 + busBridges.length * 8 : 6;
    busY.push(busBridges.map((_, k) => y + 8 + k * 8));
    y += laneH;
    const hostH = max(cells.flatMap((c) => c.hostChips), (i) => size(i).h) ?? 0;
    const hostBand = hostH ? hostH + 24 : 0;
    const boxH = max(cells, (c) => 32 + sum(c.chips, (i) => size(i).h + 6) + 4) ?? 0;
    cells.forEach((ns, c) => {
      const bx = band(c)!;
      let hx = bx + 10;
      const hostChips = ns.hostChips.map((h) => {
        const chip = place(h, hx, y, hostChipW);
        hx += hostChipW + 10;
        return chip;
      });
      const by = y + hostBand;
      let cy = by + 32;
      const inner = ns.chips.map((i) => {
        const chip = place(i, bx + PAD + CHANNEL, cy, boxW - PAD * 2 - CHANNEL);
        cy += chip.h + 6;
        return chip;
      });
      namespaces.push({ ns, x: bx, y: by, w: boxW, h: boxH, chips: inner, hostChips, channelX: bx + PAD });
    });
    y += hostBand + boxH + 12;
  }
  const gridRight = n ? band(cols - 1)! + boxW : gridLeft;
  right = Math.max(right, gridRight);

  // Buses: from each bridge down to the lanes above the rows that hold its ports.
  for (const bus of buses.values()) {
    const k = busBridges.indexOf(bus.bridge);
    const bb = bridges.find((b) => b.bridge === bus.bridge)!;
    const trunkX = gridLeft - 10 - k * 8;
    const drops = new Map<number, number[]>();
    namespaces.forEach((nb, idx) => {
      const r = Math.floor(idx / cols);
      for (const hc of nb.hostChips) {
        if (hc.iface.master !== bus.bridge.node.id) continue;
        const dx = hc.x + 16 + k * 6;
        bus.drops.push({ x: dx, y1: busY[r]![k]!, y2: hc.y, iface: hc.iface.id });
        bus.junctions.push([dx, busY[r]![k]!]);
        drops.set(r, [...(drops.get(r) ?? []), dx]);
      }
    });
    const lastRow = Math.max(...drops.keys());
    const y0 = busY[0]![k]!;
    bus.segments.push([[bb.dropX, bb.y + bb.h], [bb.dropX, y0]]);
    if (lastRow > 0) bus.segments.push([[trunkX, y0], [trunkX, busY[lastRow]![k]!]]);
    for (let r = 0; r <= lastRow; r++) {
      const xs = [...(drops.get(r) ?? [])];
      if (r === 0) xs.push(bb.dropX);
      if (lastRow > 0) xs.push(trunkX);
      if (xs.length > 1 || drops.has(r)) bus.segments.push([[Math.min(...xs), busY[r]![k]!], [Math.max(...xs), busY[r]![k]!]]);
    }
  }

  const legendY = y + 4;
  const height = Math.ceil(legendY + opts.legendHeight + PAD);
  const width = Math.ceil(Math.max(right + PAD + 8, opts.minWidth, 360));
  return {
    width,
    height,
    frame: { x: 8, y: 8, w: width - 16, h: height - 16 },
    hostRow,
    bridges,
    namespaces,
    buses: [...buses.values()],
    chips,
    legendY,
  };
}
