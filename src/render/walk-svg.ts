// The walk of one packet (and its reply, beside it) as a self-contained SVG: netfilter's
// hooks with the packet's path lit, then every table:chain step with its verdict, NAT
// rewrites marked before -> after, and how it ended. Pure: same walk, same bytes.
import { describePacket } from "../model/walk-query.js";
import type { PacketWalk } from "../model/walk.js";
import { esc, r1, shortHash } from "./_escape.js";
import { el, text, title } from "./_svg.js";
import { ARROW, choosePackets, panelFor, subtitle, type HookGroup, type NatRow, type Panel, type StepRow, type WalkRenderOptions } from "./_walk-prep.js";
import { WALK_CSS } from "./_walk-style.js";
import { badge, diagram, DIAGRAM_HEIGHT } from "./_walk-diagram.js";

export type WalkSvgOptions = WalkRenderOptions;

const W = 900;
const M = 12;
const PW = (W - 3 * M) / 2;
const TOP = 58;
const ID_TOKEN = "\u0000ID\u0000";

/** Rough monospace advance at a font size (DejaVu Sans Mono is 0.602 em). */
const cw = (size: number) => size * 0.62;

function wrap(s: string, max: number, lines = 3): string[] {
  const words = s.split(" ");
  const out: string[] = [];
  let cur = "";
  for (const w of words) {
    if (cur && (cur + " " + w).length > max) { out.push(cur); cur = w; }
    else cur = cur ? `${cur} ${w}` : w;
    while (cur.length > max) { out.push(cur.slice(0, max)); cur = cur.slice(max); }
  }
  if (cur) out.push(cur);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = `${kept[lines - 1]!.slice(0, max - 1)}…`;
    return kept;
  }
  return out;
}

export function renderWalkSvg(walk: PacketWalk, options: WalkSvgOptions = {}): string {
  const [req, rep] = choosePackets(walk, options);
  const panels = [panelFor(req, "request"), panelFor(rep, "reply", req)];
  const drawn = panels.map((p, i) => drawPanel(p, M + i * (PW + M)));
  const panelH = Math.max(...drawn.map((d) => d.height));
  const H = TOP + panelH + 40;
  const heading = options.title ?? "Following one packet through netfilter";
  const desc = [req, rep].filter(Boolean).map((p) => describePacket(p!)).join(" ") || "No packet was traced.";
  const body = [
    el("title", { id: `${ID_TOKEN}-title` }, esc(heading)),
    el("desc", { id: `${ID_TOKEN}-desc` }, esc(desc)),
    el("style", {}, WALK_CSS),
    el("rect", { class: "w-frame", x: 0.5, y: 0.5, width: W - 1, height: H - 1, rx: 8 }),
    text({ class: "w-title", x: M, y: 26 }, heading),
    text({ class: "w-sub", x: M, y: 44 }, subtitle(walk, req, rep)),
    ...drawn.map((d, i) => el("g", { class: "w-side" },
      el("rect", { class: "w-panel", x: M + i * (PW + M), y: TOP, width: PW, height: panels[i]!.empty ? d.height : panelH, rx: 6 }), d.svg)),
    legend(TOP + panelH + 24),
  ].join("\n");
  const id = `vb-walk-${shortHash(body)}`;
  const svg = el("svg", { xmlns: "http://www.w3.org/2000/svg", class: "vb-walk", viewBox: `0 0 ${W} ${r1(H)}`, width: W, height: r1(H), role: "img", "aria-labelledby": `${id}-title ${id}-desc` }, `\n${body}\n`);
  return svg.split(ID_TOKEN).join(id) + "\n";
}

// ---- the steps -------------------------------------------------------------------------

function drawPanel(p: Panel, px: number): { svg: string; height: number } {
  const parts: string[] = [];
  let y = TOP + 20;
  parts.push(text({ class: "w-tag", x: px + 12, y }, p.role.toUpperCase()));
  if (p.empty) {
    parts.push(text({ class: "w-none", x: px + 12, y: y + 24 }, p.empty));
    return { svg: parts.join("\n"), height: 60 };
  }
  parts.push(text({ class: "w-muted", x: px + 12 + cw(10) * p.role.length + 10, y }, p.heading));
  parts.push(text({ class: "w-route", x: px + 12, y: y + 19 }, p.route));
  // two lines kept for the interfaces and the rewrite, so both panels' diagrams line up
  const max = Math.floor((PW - 24) / cw(10));
  const fit = (s: string) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  if (p.ifaces) parts.push(text({ class: "w-iface", x: px + 12, y: y + 34 }, fit(p.ifaces)));
  if (p.rewritten) parts.push(text({ class: "w-small", x: px + 12, y: y + 47, style: "fill:var(--w-nat)" }, fit(p.rewritten)));
  y += 54;
  parts.push(diagram(p, px, y, PW));
  y += DIAGRAM_HEIGHT + 22;
  for (const g of p.groups) {
    const drawn = group(g, px, y);
    parts.push(drawn.svg);
    y += drawn.height + 8;
  }
  if (p.ending) {
    const e = p.ending;
    const lines: [string, string][] = [[e.what, "font-size:10.5px"]];
    if (e.by) lines.push([e.by, "font-size:10.5px"]);
    for (const l of e.rule ? wrap(e.rule, Math.floor((PW - 44) / cw(10)), 3) : []) lines.push([l, "font-size:10px;fill:var(--w-muted)"]);
    for (const l of e.note ? wrap(e.note, Math.floor((PW - 44) / cw(10)), 2) : []) lines.push([l, "font-size:10px;fill:var(--w-muted);font-style:italic"]);
    const h = 30 + lines.length * 13;
    parts.push(el("g", { class: `w-final w-${e.tone}` },
      el("rect", { x: px + 10, y, width: PW - 20, height: h, rx: 6 }),
      text({ class: "w-final-t", x: px + 22, y: y + 20 }, e.head),
      ...lines.map(([l, style], i) => text({ x: px + 22, y: y + 37 + i * 13, style }, l))));
    y += h + 12;
  }
  return { svg: parts.join("\n"), height: y - TOP };
}

function group(g: HookGroup, px: number, y0: number): { svg: string; height: number } {
  const parts: string[] = [];
  const quiet = !g.seen;
  let y = y0 + 12;
  const head = quiet ? `${g.hook}: passed, no chain here has rules to trace` : g.hook;
  parts.push(text({ class: `w-group${quiet ? " w-quiet" : ""}`, x: px + 20, y }, head));
  if (g.where && !quiet) {
    const room = Math.floor((PW - 40 - cw(11) * g.hook.length) / cw(10));
    const w = g.where.length > room ? `${g.where.slice(0, room - 1)}…` : g.where;
    parts.push(text({ class: "w-iface", x: px + PW - 12, y, "text-anchor": "end" }, w));
  }
  y += 6;
  for (const r of g.rows) {
    const drawn = r.kind === "nat" ? natRow(r, px, y) : stepRow(r, px, y);
    parts.push(drawn.svg);
    y += drawn.height;
  }
  const height = y - y0;
  parts.unshift(el("rect", { class: `w-bar${quiet ? " w-quiet" : ""}`, x: px + 10, y: y0 + 2, width: 3, height: height - 2, rx: 1.5 }));
  return { svg: el("g", { class: "w-hook-steps" }, title(`${g.hook}${g.where ? `: ${g.where}` : ""}`), ...parts), height };
}

function stepRow(r: StepRow, px: number, y: number): { svg: string; height: number } {
  const x = px + 22 + r.depth * 14;
  const verdict = r.jump ? `${r.verdict} ${ARROW} ${r.jump}` : r.verdict;
  const pillW = verdict.length * cw(9.5) + 12;
  const pillX = px + PW - 12 - pillW;
  const labelEnd = x + cw(11) * r.label.length;
  // a long jump target under a long chain name: the verdict goes on a line of its own
  const pillLine = labelEnd + 6 > pillX ? 1 : 0;
  const inlineFits = r.inline !== undefined && labelEnd + 8 + cw(10) * r.inline.length < (pillLine ? px + PW - 12 : pillX - 6);
  const ruleText = r.rule ?? (inlineFits ? undefined : r.inline);
  const lines = ruleText ? wrap(ruleText, Math.floor((px + PW - 14 - (x + 8)) / cw(10)), 3) : [];
  const top = y + pillLine * 15;
  const h = 17 + pillLine * 15 + lines.length * 12;
  const parts = [
    title(r.title),
    text({ class: "w-chain", x, y: y + 12 }, r.label),
    inlineFits ? text({ class: "w-rule", x: labelEnd + 8, y: y + 12 }, r.inline!) : "",
    el("g", { class: `w-v-${r.tone}` }, el("rect", { class: "w-pill", x: pillX, y: top + 2, width: pillW, height: 14, rx: 7 }),
      text({ class: "w-pill-t", x: pillX + pillW / 2, y: top + 12.5, "text-anchor": "middle" }, verdict)),
    ...lines.map((l, i) => text({ class: "w-rule", x: x + 8, y: top + 25 + i * 12 }, l)),
  ];
  if (r.depth > 0) parts.unshift(el("path", { class: "w-guide", d: `M${r1(x - 8)},${r1(y + 1)}V${r1(y + h - 1)}` }));
  return { svg: el("g", { class: `w-step${r.tracing ? " w-trace" : ""}` }, ...parts), height: h };
}

function natRow(r: NatRow, px: number, y: number): { svg: string; height: number } {
  const x = px + 22;
  const by = wrap(r.by, Math.floor((PW - 50) / cw(10)), 2);
  const h = 8 + r.changes.length * 14 + by.length * 12 + 4;
  return {
    svg: el("g", { class: `w-nat${r.inferred ? " w-inferred" : ""}` }, title(r.title),
      el("rect", { x: x - 4, y: y + 3, width: px + PW - 12 - (x - 4), height: h - 4, rx: 5 }),
      ...r.changes.map((c, i) => el("text", { x: x + 4, y: y + 16 + i * 14 }, el("tspan", { class: "w-nat-t" }, "NAT "), esc(c))),
      ...by.map((l, i) => text({ class: "w-rule", x: x + 4, y: y + 16 + r.changes.length * 14 + i * 12 - 2 }, l))),
    height: h + 2,
  };
}

function legend(y: number): string {
  const items: string[] = [];
  let x = M + 4;
  const box = (cls: string, label: string) => {
    items.push(el("g", { class: `w-hook ${cls}` }, el("rect", { x, y: y - 9, width: 22, height: 12, rx: 3 })));
    items.push(text({ class: "w-muted w-small", x: x + 28, y: y + 1 }, label));
    x += 28 + cw(10) * label.length + 18;
  };
  box("w-lit", "traced here");
  box("w-quiet", "passed, nothing traced (no rules)");
  box("", "not on this path");
  items.push(badge(x, y - 10, "NAT", "w-badge-nat"), text({ class: "w-muted w-small", x: x + 34, y: y + 1 }, "address rewritten"));
  x += 34 + cw(10) * 17 + 18;
  items.push(badge(x, y - 10, "✕", "w-badge-drop", 20), text({ class: "w-muted w-small", x: x + 26, y: y + 1 }, "dropped"));
  return el("g", { class: "w-legend" }, ...items);
}
