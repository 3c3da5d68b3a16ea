// The hook diagram of one walk panel (internal to walk-svg.ts): PREROUTING, the routing (or
// bridge) decision, INPUT / FORWARD, the local process, OUTPUT, POSTROUTING, with the
// packet's path lit, hooks passed untraced dashed, and NAT / drop / delivered marks.
import type { Hook } from "../model/walk.js";
import { r1 } from "./_escape.js";
import { el, text, title } from "./_svg.js";
import type { Panel } from "./_walk-prep.js";

/** The diagram's height below its top. */
export const DIAGRAM_HEIGHT = 24 + 58 + 13;

interface Node { cx: number; cy: number; w: number; h: number; label: string[] }

function nodes(px: number, yt: number, bridged?: string): Record<Hook | "ROUTE" | "LOCAL", Node> {
  const yb = yt + 58;
  return {
    PREROUTING: { cx: px + 58, cy: yt, w: 88, h: 26, label: ["PREROUTING"] },
    ROUTE: { cx: px + 160, cy: yt, w: 80, h: 40, label: bridged ? ["bridge", bridged] : ["routing", "decision"] },
    FORWARD: { cx: px + 254, cy: yt, w: 72, h: 26, label: ["FORWARD"] },
    POSTROUTING: { cx: px + 360, cy: yt, w: 100, h: 26, label: ["POSTROUTING"] },
    INPUT: { cx: px + 160, cy: yb, w: 64, h: 26, label: ["INPUT"] },
    LOCAL: { cx: px + 256, cy: yb, w: 88, h: 26, label: ["local", "process"] },
    OUTPUT: { cx: px + 360, cy: yb, w: 76, h: 26, label: ["OUTPUT"] },
  };
}

type NodeId = keyof ReturnType<typeof nodes>;
const EDGES: [NodeId | "IN", NodeId | "OUT"][] = [
  ["IN", "PREROUTING"], ["PREROUTING", "ROUTE"], ["ROUTE", "FORWARD"], ["FORWARD", "POSTROUTING"], ["POSTROUTING", "OUT"],
  ["ROUTE", "INPUT"], ["INPUT", "LOCAL"], ["LOCAL", "OUTPUT"], ["OUTPUT", "POSTROUTING"],
];

/** The diagram's nodes along the packet's path, in order (ROUTE and LOCAL included). */
function route(p: Panel): NodeId[] {
  const out: NodeId[] = [];
  for (const h of p.path) {
    if (h === "OUTPUT" && !out.length) out.push("LOCAL");
    out.push(h);
    if (h === "PREROUTING") out.push("ROUTE");
    if (h === "INPUT" && p.ending?.tone === "accept") out.push("LOCAL");
    if (h === p.droppedAt) break;
  }
  // a packet last seen at PREROUTING, fate unknown: the routing decision is not known either
  if (out[out.length - 1] === "ROUTE") out.pop();
  return out;
}

export function diagram(p: Panel, px: number, y0: number, PW: number): string {
  const yt = y0 + 24;
  const N = nodes(px, yt, p.bridged);
  const path = route(p);
  const onPath = (n: NodeId) => path.includes(n);
  const quiet = (n: NodeId) => p.quiet.has(n as Hook);
  const starts = p.path[0] === "PREROUTING";
  const ends = p.ending?.tone === "accept" && p.path[p.path.length - 1] === "POSTROUTING";
  const parts: string[] = [];
  for (const [a, b] of EDGES) {
    const lit = a === "IN" ? starts && path.length > 0 : b === "OUT" ? ends : onPath(a) && onPath(b) && path.indexOf(b) === path.indexOf(a) + 1;
    const cls = lit ? (b !== "OUT" && quiet(b as NodeId) ? "w-quiet" : "w-lit") : "";
    parts.push(edge(a, b, N, px, PW, cls));
  }
  for (const id of Object.keys(N) as NodeId[]) {
    const n = N[id];
    const state = !onPath(id) ? "" : quiet(id) ? " w-quiet" : " w-lit";
    const dropped = p.droppedAt === id ? " w-dropped" : "";
    const shape = id === "ROUTE"
      ? el("path", { d: `M${r1(n.cx)},${r1(n.cy - n.h / 2)}L${r1(n.cx + n.w / 2)},${r1(n.cy)}L${r1(n.cx)},${r1(n.cy + n.h / 2)}L${r1(n.cx - n.w / 2)},${r1(n.cy)}Z` })
      : el("rect", { x: n.cx - n.w / 2, y: n.cy - n.h / 2, width: n.w, height: n.h, rx: id === "LOCAL" ? 13 : 4 });
    const labels = n.label.map((l, i) => text({ x: n.cx, y: n.cy + 4 + (i - (n.label.length - 1) / 2) * 11, "text-anchor": "middle", style: n.label.length > 1 ? "font-size:9.5px" : undefined }, l));
    parts.push(el("g", { class: `w-hook${state}${dropped}` }, title(hookTitle(id, p)), shape, ...labels));
  }
  // marks: where an address was rewritten, where it was dropped, where it got to
  for (const g of p.groups) {
    const n = N[g.hook];
    if (g.nat) parts.push(badge(n.cx - n.w / 2 + 2, n.cy - n.h / 2 - 7, "NAT", "w-badge-nat"));
  }
  if (p.droppedAt) { const n = N[p.droppedAt]; parts.push(badge(n.cx + n.w / 2 - 22, n.cy - n.h / 2 - 7, "✕", "w-badge-drop", 20)); }
  if (p.ending?.tone === "accept") {
    const last = path[path.length - 1];
    const n = last === "LOCAL" ? N.LOCAL : ends ? N.POSTROUTING : undefined;
    if (n) parts.push(badge(n.cx + n.w / 2 - 14, n.cy - n.h / 2 - 7, "✓", "w-badge-ok", 20));
  }
  return parts.join("\n");
}

export function badge(x: number, y: number, label: string, cls: string, w = 28): string {
  return el("g", {}, el("rect", { class: cls, x, y, width: w, height: 14, rx: 7 }), text({ class: "w-badge-t", x: x + w / 2, y: y + 10.5, "text-anchor": "middle" }, label));
}

function hookTitle(id: NodeId, p: Panel): string {
  if (id === "ROUTE") return p.bridged ? `bridge ${p.bridged}: the frame is forwarded by MAC address (fdb), not routed; br_netfilter runs iptables' hooks on it` : "routing decision: local (INPUT) or forwarded (FORWARD)";
  if (id === "LOCAL") return "a process on this machine";
  const g = p.groups.find((x) => x.hook === id);
  if (!g) return `${id}: not on this packet's path`;
  return g.seen ? `${id}: ${g.rows.length} step${g.rows.length === 1 ? "" : "s"} traced` : `${id}: passed, but no chain here has rules, so nothing was traced`;
}

function edge(a: NodeId | "IN", b: NodeId | "OUT", N: Record<NodeId, Node>, px: number, PW: number, cls: string): string {
  const right = (n: Node) => [n.cx + n.w / 2, n.cy] as const;
  const left = (n: Node) => [n.cx - n.w / 2, n.cy] as const;
  let from: readonly [number, number];
  let to: readonly [number, number];
  if (a === "IN") { to = left(N.PREROUTING); from = [px + 4, to[1]]; }
  else if (b === "OUT") { from = right(N.POSTROUTING); to = [px + PW - 4, from[1]]; }
  else {
    const na = N[a];
    const nb = N[b];
    if (Math.abs(na.cy - nb.cy) < 1) { from = right(na); to = left(nb); }
    else if (nb.cy > na.cy) { from = [na.cx, na.cy + na.h / 2]; to = [nb.cx, nb.cy - nb.h / 2]; }
    else { from = [na.cx, na.cy - na.h / 2]; to = [nb.cx, nb.cy + nb.h / 2]; }
  }
  const [x1, y1] = from;
  const [x2, y2] = to;
  const dx = Math.sign(x2 - x1);
  const dy = Math.sign(y2 - y1);
  const tip = `M${r1(x2)},${r1(y2)}L${r1(x2 - dx * 6 - dy * 3.5)},${r1(y2 - dy * 6 - dx * 3.5)}L${r1(x2 - dx * 6 + dy * 3.5)},${r1(y2 - dy * 6 + dx * 3.5)}Z`;
  return el("g", {}, el("path", { class: `w-edge ${cls}`.trim(), d: `M${r1(x1)},${r1(y1)}L${r1(x2 - dx * 5)},${r1(y2 - dy * 5)}` }), el("path", { class: `w-head ${cls}`.trim(), d: tip }));
}
