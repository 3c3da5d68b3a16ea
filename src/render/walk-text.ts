// text/plain twin of the walk SVG: the request, then its reply, each as its path through
// the hooks and one line per step. Pure: same walk, same text.
import type { PacketWalk } from "../model/walk.js";
import { ARROW, choosePackets, panelFor, subtitle, type Panel, type WalkRenderOptions } from "./_walk-prep.js";

export type WalkTextOptions = WalkRenderOptions;

export function renderWalkText(walk: PacketWalk, options: WalkTextOptions = {}): string {
  const [req, rep] = choosePackets(walk, options);
  const out = [options.title ?? "Following one packet through netfilter", subtitle(walk, req, rep), ""];
  for (const panel of [panelFor(req, "request"), panelFor(rep, "reply", req)]) out.push(...panelText(panel), "");
  return out.join("\n").replace(/\n+$/, "\n");
}

function pathLine(p: Panel): string {
  const words: string[] = [];
  if (p.path[0] === "OUTPUT") words.push("local process");
  for (const h of p.path) {
    words.push(`${h}${p.quiet.has(h) ? " (untraced)" : ""}${p.droppedAt === h ? " ✕" : ""}`);
    if (h === "PREROUTING" && p.path.length > 1) words.push(p.bridged ? `bridge ${p.bridged}` : "routing decision");
  }
  if (p.ending?.tone === "accept") words.push(p.path[p.path.length - 1] === "INPUT" ? "local process" : p.outLabel ? `out ${p.outLabel}` : "out");
  return `path: ${words.join(` ${ARROW} `)}`;
}

function panelText(p: Panel): string[] {
  const head = p.role.toUpperCase();
  if (p.empty) return [head, `  ${p.empty}`];
  const lines = [`${head} ${p.heading}  ${p.route}`];
  if (p.ifaces) lines.push(`  ${p.ifaces}`);
  if (p.rewritten) lines.push(`  ${p.rewritten}`);
  lines.push(`  ${pathLine(p)}`);
  const width = Math.max(0, ...p.groups.flatMap((g) => g.rows.map((r) => (r.kind === "step" ? r.depth * 2 + r.label.length : 0))));
  for (const g of p.groups) {
    lines.push(g.seen ? `  ┌ ${g.hook}${g.where ? `  ${g.where}` : ""}` : `  ┌ ${g.hook}  passed, no chain here has rules to trace`);
    for (const r of g.rows) {
      if (r.kind === "nat") {
        for (const c of r.changes) lines.push(`  │ NAT ${c}`);
        lines.push(`  │     ${r.by}`);
        continue;
      }
      const label = `${"  ".repeat(r.depth)}${r.label}`.padEnd(width);
      const what = r.rule ?? r.inline ?? "";
      lines.push(`  │ ${label}  ${what}${r.tracing && r.rule ? " (the TRACE rule)" : ""}  ${ARROW} ${r.verdict}${r.jump ? ` ${r.jump}` : ""}`.replace(/\s+$/, ""));
    }
  }
  const e = p.ending;
  if (e) {
    lines.push(`  └ ${e.head}: ${e.what}${e.by ? `; ${e.by}` : ""}${e.rule ? ` (${e.rule})` : ""}`);
    if (e.note) lines.push(`    ${e.note}`);
  }
  return lines;
}
