// Sort and sort out a Topology for drawing: which interface goes where (internal).
// Everything is ordered here by name, so any input order gives the same picture.
import type { Change, TopoEdge, TopoInterface, TopoNode, Topology } from "../model/types.js";
import { naturalCompare } from "./_escape.js";

export interface Prepared {
  hostLabel: string;
  host?: TopoNode;
  ifaces: Map<string, TopoInterface>;
  /** Host interfaces drawn in the top row: uplinks, lo, anything not placed elsewhere. */
  hostRow: TopoInterface[];
  bridges: PreparedBridge[];
  namespaces: PreparedNamespace[];
  /** veth pairs not between a namespace and a host-side chip (ns<->ns, host<->host). */
  otherCables: TopoEdge[];
  /** Cables host chip -> namespace chip. */
  nsCables: TopoEdge[];
  edgeUp: Map<string, boolean>;
}

export interface PreparedBridge {
  node: TopoNode;
  device?: TopoInterface;
  /** Ports drawn right under the switch (peer not in a named namespace, or not a veth). */
  directPorts: TopoInterface[];
  /** Index in the bridge list (for colours and bus lanes). */
  index: number;
}

export interface PreparedNamespace {
  node: TopoNode;
  /** Interfaces inside the box: bridges of the namespace, then by name, lo last. */
  chips: TopoInterface[];
  /** Host-side peers of this namespace's veths, drawn above the box. */
  hostChips: TopoInterface[];
}

export function ifaceOrder(a: TopoInterface, b: TopoInterface): number {
  const lo = (i: TopoInterface) => (i.kind === "loopback" || i.name === "lo" ? 1 : 0);
  const br = (i: TopoInterface) => (i.kind === "bridge" ? 0 : 1);
  return lo(a) - lo(b) || br(a) - br(b) || naturalCompare(a.name, b.name) || naturalCompare(a.id, b.id);
}

export const edgeKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export function prepare(topo: Topology): Prepared {
  const ifaces = new Map<string, TopoInterface>();
  for (const i of [...topo.interfaces].sort((a, b) => naturalCompare(a.id, b.id))) ifaces.set(i.id, i);
  const nodes = [...topo.nodes].sort((a, b) => naturalCompare(a.id, b.id));
  const host = nodes.find((n) => n.kind === "host");
  const bridgeNodes = nodes.filter((n) => n.kind === "bridge");
  const nsNodes = nodes.filter((n) => n.kind === "namespace").sort((a, b) => naturalCompare(a.label, b.label) || naturalCompare(a.id, b.id));

  // Peers and ports, from the edges and from the interfaces themselves.
  const peer = new Map<string, string>();
  const edgeUp = new Map<string, boolean>();
  const veths: TopoEdge[] = [];
  const seen = new Set<string>();
  const addVeth = (e: TopoEdge) => {
    const k = edgeKey(e.a, e.b);
    if (seen.has(k) || !ifaces.has(e.a) || !ifaces.has(e.b)) return;
    seen.add(k);
    const [a, b] = e.a < e.b ? [e.a, e.b] : [e.b, e.a];
    veths.push({ kind: "veth", a, b, up: e.up });
    peer.set(a, b);
    peer.set(b, a);
  };
  for (const e of topo.edges) {
    if (e.kind === "veth") addVeth(e);
    edgeUp.set(edgeKey(e.a, e.b), e.up);
  }
  for (const i of ifaces.values()) {
    if (i.peer && ifaces.has(i.peer)) {
      const p = ifaces.get(i.peer)!;
      addVeth({ kind: "veth", a: i.id, b: p.id, up: isUp(i) && isUp(p) });
    }
  }
  veths.sort((x, y) => naturalCompare(x.a, y.a) || naturalCompare(x.b, y.b));

  const bridgeDevice = new Set<string>();
  for (const b of bridgeNodes) for (const id of b.interfaces) bridgeDevice.add(id);

  const isNamed = (i: TopoInterface) => i.namespace !== "";
  const nsByName = new Map(nsNodes.map((n) => [n.namespace, n]));
  const namespaces: PreparedNamespace[] = nsNodes.map((node) => {
    const ids = new Set(node.interfaces);
    for (const b of bridgeNodes) if (b.namespace === node.namespace) for (const id of b.interfaces) ids.add(id);
    for (const i of ifaces.values()) if (i.namespace === node.namespace) ids.add(i.id);
    const chips = [...ids].map((id) => ifaces.get(id)).filter((i): i is TopoInterface => !!i).sort(ifaceOrder);
    return { node, chips, hostChips: [] };
  });
  const nsPrepared = new Map(namespaces.map((n) => [n.node.namespace, n]));

  // Host interfaces: everything in the VM's own namespace that is not a bridge device.
  const hostIfaces = [...ifaces.values()].filter((i) => i.namespace === "" && !bridgeDevice.has(i.id)).sort(ifaceOrder);
  const hostRow: TopoInterface[] = [];
  const direct = new Map<string, TopoInterface[]>();
  const nsCables: TopoEdge[] = [];
  const placed = new Set<string>();
  for (const i of hostIfaces) {
    const p = peer.get(i.id);
    const pi = p ? ifaces.get(p) : undefined;
    if (pi && isNamed(pi) && nsByName.has(pi.namespace)) {
      nsPrepared.get(pi.namespace)!.hostChips.push(i);
      placed.add(i.id);
    } else if (i.master && bridgeNodes.some((b) => b.id === i.master)) {
      const list = direct.get(i.master) ?? [];
      list.push(i);
      direct.set(i.master, list);
    } else {
      hostRow.push(i);
    }
  }
  for (const ns of namespaces) {
    // Host chips in the order of the namespace chips they connect to.
    const pos = (h: TopoInterface) => ns.chips.findIndex((c) => c.id === peer.get(h.id));
    ns.hostChips.sort((a, b) => pos(a) - pos(b) || ifaceOrder(a, b));
  }
  const otherCables: TopoEdge[] = [];
  for (const e of veths) {
    if (placed.has(e.a) || placed.has(e.b)) nsCables.push(e);
    else otherCables.push(e);
  }
  const bridges: PreparedBridge[] = bridgeNodes
    .filter((b) => b.namespace === "")
    .sort((a, b) => naturalCompare(a.label, b.label))
    .map((node, index) => ({
      node,
      index,
      device: node.interfaces.map((id) => ifaces.get(id)).find((i) => i !== undefined),
      directPorts: (direct.get(node.id) ?? []).sort(ifaceOrder),
    }));
  return {
    hostLabel: host?.label ?? topo.hostname,
    host,
    ifaces,
    hostRow,
    bridges,
    namespaces,
    otherCables,
    nsCables,
    edgeUp,
  };
}

export function isUp(i: TopoInterface): boolean {
  return i.adminUp && (i.state === "UP" || i.state === "UNKNOWN");
}

/** The state word shown on a chip: what `ip link` says, DOWN when not set up. */
export function stateWord(i: TopoInterface): string {
  if (!i.adminUp) return "DOWN";
  return i.state || "UNKNOWN";
}

/** Highlights for the diff view. */
export interface Highlights {
  ifaces: Map<string, "added" | "changed">;
  namespaces: Map<string, "added" | "changed">;
  addresses: Set<string>;
  removed: string[];
  other: Map<string, number>;
  total: number;
}

export function highlights(changes: readonly Change[] | undefined, topo: Topology): Highlights | undefined {
  if (!changes) return undefined;
  const h: Highlights = { ifaces: new Map(), namespaces: new Map(), addresses: new Set(), removed: [], other: new Map(), total: changes.length };
  const ids = new Set(topo.interfaces.map((i) => i.id));
  const mark = (map: Map<string, "added" | "changed">, key: string, kind: "added" | "changed") => {
    if (map.get(key) !== "added") map.set(key, kind);
  };
  // Each name once, as the picture names it ("veth0" in the VM, "RED/veth0" in a namespace):
  // a removed namespace stands for everything in it, a removed link for its addresses.
  const shown = (id: string) => (id.startsWith("/") ? id.slice(1) : id);
  const goneSpaces = new Set(changes.filter((c) => c.what === "namespace" && c.kind === "removed").map((c) => c.key));
  const goneLinks = new Set(changes.filter((c) => c.what === "link" && c.kind === "removed").map((c) => c.key));
  for (const c of changes) {
    const kind = c.kind === "added" ? "added" : "changed";
    if (c.what === "namespace") {
      if (c.kind === "removed") h.removed.push(`namespace ${c.key}`);
      else mark(h.namespaces, c.key, kind);
      continue;
    }
    if (goneSpaces.has(c.namespace)) continue;
    if (c.what === "link") {
      // A link's key is its interface id (`RED/veth0`, `/veth0` in the VM itself).
      const id = c.key.includes("/") ? c.key : `${c.namespace}/${c.key}`;
      if (c.kind === "removed") h.removed.push(shown(id));
      else mark(h.ifaces, id, kind);
    } else if (c.what === "address") {
      const [id, addr] = c.key.includes(" ") ? [c.key.slice(0, c.key.indexOf(" ")), c.key.slice(c.key.indexOf(" ") + 1)] : [undefined, c.key];
      if (id && goneLinks.has(id)) continue;
      const iface = id && ids.has(id) ? id : topo.interfaces.find((i) => i.namespace === c.namespace && i.addresses.includes(addr))?.id;
      if (c.kind === "removed") h.removed.push(`${addr} on ${shown(id ?? iface ?? c.namespace)}`);
      else if (iface) {
        mark(h.ifaces, iface, "changed");
        h.addresses.add(`${iface} ${addr}`);
      }
    } else {
      h.other.set(c.what, (h.other.get(c.what) ?? 0) + 1);
    }
  }
  const rank = (r: string) => (r.startsWith("namespace ") ? 0 : r.includes(" on ") ? 2 : 1);
  h.removed.sort((a, b) => rank(a) - rank(b) || naturalCompare(a, b));
  return h;
}
