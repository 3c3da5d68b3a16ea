// The graph a renderer draws: the VM, its namespaces and bridges as nodes; veth pairs
// (resolved across namespaces) as cables; bridge ports. Sorted, so the same state
// always gives the same topology, byte for byte.
import { formatAddress } from "../inspect/ip-link.js";
import { compare } from "./snapshot.js";
import type { NamespaceState, Snapshot, TopoEdge, TopoInterface, TopoNode, Topology } from "./types.js";
import type { Link } from "../inspect/types.js";

export const interfaceId = (namespace: string, name: string): string => `${namespace}/${name}`;
export const namespaceNodeId = (namespace: string): string => `ns:${namespace}`;
export const bridgeNodeId = (namespace: string, name: string): string => `br:${namespace}/${name}`;

export function buildTopology(snapshot: Snapshot): Topology {
  const spaces = orderNamespaces(snapshot.namespaces);
  const nodes: TopoNode[] = [];
  const bridges: TopoNode[] = [];
  const interfaces: TopoInterface[] = [];
  const edges: TopoEdge[] = [];
  const peers = resolveVethPeers(spaces);

  for (const ns of spaces) {
    const links = [...ns.links].sort((a, b) => a.ifindex - b.ifindex);
    const isBridge = new Set(links.filter((l) => l.kind === "bridge").map((l) => l.name));
    const node: TopoNode = {
      id: namespaceNodeId(ns.name),
      kind: ns.name === "" ? "host" : "namespace",
      label: ns.name === "" ? snapshot.hostname || snapshot.vm : ns.name,
      namespace: ns.name,
      interfaces: [],
    };
    if (ns.container) node.container = true;
    nodes.push(node);
    for (const l of links) {
      const id = interfaceId(ns.name, l.name);
      const iface: TopoInterface = {
        id,
        namespace: ns.name,
        name: l.name,
        kind: l.kind,
        state: l.state,
        adminUp: l.adminUp,
        addresses: l.addresses.map(formatAddress),
        ifindex: l.ifindex,
      };
      if (l.mac !== undefined) iface.mac = l.mac;
      if (l.master !== undefined && isBridge.has(l.master)) iface.master = bridgeNodeId(ns.name, l.master);
      if (l.kind === "veth") {
        const peer = peers.get(id);
        if (peer) iface.peer = peer.id;
        else if (peer === null) iface.peerOutside = true;
      }
      interfaces.push(iface);
      if (isBridge.has(l.name)) {
        bridges.push({ id: bridgeNodeId(ns.name, l.name), kind: "bridge", label: l.name, namespace: ns.name, interfaces: [id] });
      } else {
        node.interfaces.push(id);
      }
      if (iface.master) {
        const br = links.find((b) => b.name === l.master)!;
        edges.push({ kind: "port", a: id, b: iface.master, up: l.state === "UP" && br.state === "UP" });
      }
    }
  }
  const byId = new Map(interfaces.map((i) => [i.id, i]));
  for (const i of interfaces) {
    if (!i.peer || compare(i.id, i.peer) > 0) continue;
    const p = byId.get(i.peer)!;
    edges.push({ kind: "veth", a: i.id, b: p.id, up: i.state === "UP" && p.state === "UP" });
  }
  edges.sort((x, y) => compare(x.kind, y.kind) || compare(x.a, y.a) || compare(x.b, y.b));
  return { vm: snapshot.vm, hostname: snapshot.hostname, nodes: [...nodes, ...bridges], interfaces, edges };
}

/** The VM itself first, then named namespaces by name. */
export function orderNamespaces(spaces: readonly NamespaceState[]): NamespaceState[] {
  return [...spaces].sort((a, b) => (a.name === "" ? -1 : b.name === "" ? 1 : compare(a.name, b.name)));
}

interface Found {
  id: string;
}

/**
 * Each veth's peer, by interface id: found (its id), outside the snapshot (null), or
 * ambiguous (absent). A peer is the veth in a namespace the link's netnsid can name
 * (as seen from the link's own namespace) whose ifindex is the link's peer ifindex and
 * whose own peer ifindex points back, checked from both ends.
 */
export function resolveVethPeers(spaces: readonly NamespaceState[]): Map<string, Found | null> {
  const out = new Map<string, Found | null>();
  for (const ns of spaces) {
    for (const l of ns.links) {
      if (l.kind === "veth" && l.peerIfindex === undefined && l.peerName !== undefined) {
        // Both ends in this namespace: `ip` named the peer; it must name this end back.
        const p = ns.links.find((q) => q.kind === "veth" && q !== l && q.name === l.peerName && (q.peerName === l.name || q.peerIfindex === l.ifindex));
        if (p) out.set(interfaceId(ns.name, l.name), { id: interfaceId(ns.name, p.name) });
        continue;
      }
      if (l.kind !== "veth" || l.peerIfindex === undefined) continue;
      const matches: Found[] = [];
      for (const other of spaces) {
        if (!couldBe(ns, l.peerNetnsId, other, spaces)) continue;
        for (const p of other.links) {
          if (p.kind !== "veth" || p.ifindex !== l.peerIfindex || p.peerIfindex !== l.ifindex) continue;
          if (other === ns && p === l) continue;
          if (!couldBe(other, p.peerNetnsId, ns, spaces)) continue;
          matches.push({ id: interfaceId(other.name, p.name) });
        }
      }
      const id = interfaceId(ns.name, l.name);
      if (matches.length === 1) out.set(id, matches[0]!);
      else if (matches.length === 0) out.set(id, null);
    }
  }
  return out;
}

/** Can `nsid`, as namespace `view` sees it, be namespace `target`? */
function couldBe(view: NamespaceState, nsid: number | undefined, target: NamespaceState, all: readonly NamespaceState[]): boolean {
  if (nsid === undefined) return target === view;
  if (target === view) return false;
  const known = view.nsids;
  if (!known) return true;
  const entry = known.find((k) => k.nsid === nsid);
  if (entry?.name !== undefined) return entry.name === target.name;
  // An id without a name: a namespace `ip netns` does not name (the VM's own, a
  // container's), so not one this view knows by name under another id.
  if (target.name === "") return true;
  return !known.some((k) => k.name === target.name) && all.includes(target);
}

