// text/plain twin of the topology SVG: the same graph as an indented tree.
import type { Change, TopoInterface, Topology } from "../model/types.js";
import { naturalCompare } from "./_escape.js";
import { highlights, prepare, stateWord } from "./_topo-prep.js";

export interface TopologyTextOptions {
  /** Mark what changed (added/changed) and list what was removed. */
  changes?: readonly Change[];
}

/** "RED/veth0" for a namespace's interface, "veth0-br" for the VM's own. */
export const displayId = (id: string): string => (id.startsWith("/") ? id.slice(1) : id);

export function vmTitle(topo: Topology): string {
  const host = topo.hostname || topo.vm;
  return topo.vm && topo.vm !== host ? `${host} (${topo.vm})` : host;
}

function ifaceLine(i: TopoInterface, mark: string): string {
  const parts = [i.name, i.kind === "device" ? "" : i.kind, stateWord(i), ...i.addresses].filter(Boolean);
  if (i.mac) parts.push(i.mac);
  if (i.master) parts.push(`port of ${i.master.slice(i.master.lastIndexOf("/") + 1)}`);
  if (i.peer) parts.push(`<-> ${displayId(i.peer)}`);
  else if (i.peerOutside) parts.push("<-> (peer outside the named namespaces)");
  return parts.join("  ") + mark;
}

export function renderTopologyText(topology: Topology, options: TopologyTextOptions = {}): string {
  const p = prepare(topology);
  const h = highlights(options.changes, topology);
  const mark = (id: string) => {
    const k = h?.ifaces.get(id);
    return k ? `  [${k}]` : "";
  };
  const out: string[] = [`${vmTitle(topology)}`];
  const sections: { head: string; lines: string[] }[] = [];
  const hostIfaces = [...p.ifaces.values()].filter((i) => i.namespace === "" && !p.bridges.some((b) => b.device?.id === i.id));
  sections.push({ head: "VM's own namespace", lines: hostIfaces.map((i) => ifaceLine(i, mark(i.id))) });
  for (const b of p.bridges) {
    const dev = b.device;
    const ports = [...p.ifaces.values()].filter((i) => i.master === b.node.id).sort((x, y) => naturalCompare(x.name, y.name));
    const head = `bridge ${b.node.label}${dev ? `  ${stateWord(dev)}${dev.addresses.length ? `  ${dev.addresses.join("  ")}` : ""}` : ""}${dev ? mark(dev.id) : ""}`;
    sections.push({ head, lines: ports.length ? ports.map((i) => `port ${i.name}  ${stateWord(i)}${i.peer ? `  <-> ${displayId(i.peer)}` : ""}`) : ["(no ports)"] });
  }
  for (const ns of p.namespaces) {
    const k = h?.namespaces.get(ns.node.namespace);
    sections.push({ head: `${ns.node.container ? "container" : "namespace"} ${ns.node.label}${k ? `  [${k}]` : ""}`, lines: ns.chips.length ? ns.chips.map((i) => ifaceLine(i, mark(i.id))) : ["(no interfaces)"] });
  }
  sections.forEach((s, si) => {
    const last = si === sections.length - 1;
    out.push(`${last ? "└─" : "├─"} ${s.head}`);
    s.lines.forEach((l, li) => out.push(`${last ? "   " : "│  "}${li === s.lines.length - 1 ? "└─" : "├─"} ${l}`));
  });
  const cables = [...p.nsCables, ...p.otherCables].map((e) => `${displayId(e.a)} <-> ${displayId(e.b)}  ${e.up ? "UP" : "DOWN"}`).sort(naturalCompare);
  if (cables.length) {
    out.push("", "cables (veth pairs):");
    for (const c of cables) out.push(`  ${c}`);
  }
  if (h) {
    out.push("", `changes: ${h.total === 0 ? "none" : `${h.total}`}`);
    for (const [id, k] of [...h.ifaces].sort((a, b) => naturalCompare(a[0], b[0]))) out.push(`  ${k} ${displayId(id)}`);
    for (const [ns, k] of [...h.namespaces].sort((a, b) => naturalCompare(a[0], b[0]))) out.push(`  ${k} namespace ${ns}`);
    for (const r of h.removed) out.push(`  removed ${r}`);
    const other = [...h.other].sort((a, b) => naturalCompare(a[0], b[0]));
    if (other.length) out.push(`  also changed (not drawn): ${other.map(([w, n]) => `${n} ${w}${n > 1 ? "s" : ""}`).join(", ")}`);
  }
  return out.join("\n") + "\n";
}

/** One paragraph for the SVG's <desc>. */
export function describeTopology(topology: Topology): string {
  const p = prepare(topology);
  const parts = [`The VM ${vmTitle(topology)}`];
  if (p.hostRow.length) parts.push(`with its own interfaces ${p.hostRow.map((i) => `${i.name} (${stateWord(i)}${i.addresses.length ? `, ${i.addresses.join(", ")}` : ""})`).join(", ")}`);
  const bridges = p.bridges.map((b) => {
    const ports = [...p.ifaces.values()].filter((i) => i.master === b.node.id).length;
    return `${b.node.label} (${b.device ? stateWord(b.device) : "?"}, ${ports} port${ports === 1 ? "" : "s"})`;
  });
  if (bridges.length) parts.push(`bridges ${bridges.join(", ")}`);
  parts.push(`${p.namespaces.length} named namespace${p.namespaces.length === 1 ? "" : "s"}${p.namespaces.length ? `: ${p.namespaces.map((n) => n.node.label).join(", ")}` : ""}`);
  const cables = [...p.nsCables, ...p.otherCables];
  const shown = cables.slice(0, 24).map((e) => `${displayId(e.a)} to ${displayId(e.b)} ${e.up ? "UP" : "DOWN"}`);
  if (cables.length) parts.push(`veth cables: ${shown.join("; ")}${cables.length > shown.length ? `; and ${cables.length - shown.length} more` : ""}`);
  return parts.join("; ") + ".";
}
