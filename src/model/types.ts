// The typed picture of one lab machine, assembled from what src/inspect parsed out of
// real command output: snapshots, topology, diffs and counter deltas.
import type { FdbEntry, Link, Neighbour, NsId, Route, Ruleset } from "../inspect/types.js";

/** One network namespace: the VM's own (name "") or a named one (`ip netns add RED`). */
export interface NamespaceState {
  /** "" for the machine's own namespace, else the `ip netns` name. */
  name: string;
  /** The id this namespace has in the VM's root namespace's view (ip netns list-id). */
  nsid?: number;
  /** A running Docker container's namespace, named by the container's name (found
   *  through `docker inspect`'s Pid), not an `ip netns` one. */
  container?: true;
  links: Link[];
  routes: Route[];
  neighbours: Neighbour[];
  fdb: FdbEntry[];
  sysctls: Record<string, string>;
  iptables: Ruleset;
  ip6tables: Ruleset;
  /** This namespace's own view of other namespaces (`ip -n NAME netns list-id`):
   *  nsid -> name (absent name: a namespace with no `ip netns` name, e.g. the VM's own). */
  nsids?: NsId[];
}

export interface Snapshot {
  /** Lab machine name (vm1) and its hostname (docker1). */
  vm: string;
  hostname: string;
  namespaces: NamespaceState[];
  /** Things that could not be collected but did not stop the snapshot (e.g. no ip6tables). */
  warnings?: string[];
}

// ---- Topology: what the graph draws -------------------------------------------------

export interface TopoInterface {
  /** "<namespace>/<ifname>", unique in the VM: "/enp0s8", "RED/veth0". */
  id: string;
  namespace: string;
  name: string;
  kind: string;
  state: string;
  adminUp: boolean;
  mac?: string;
  addresses: string[]; // "11.11.11.2/24"
  master?: string; // bridge node id ("br:/br0")
  ifindex?: number;
  /** veth: the peer's interface id when the peer is in this VM. */
  peer?: string;
  /** veth whose peer is outside the snapshot (a VM uplink, a Docker container's namespace). */
  peerOutside?: boolean;
}

export interface TopoNode {
  /** "ns:<name>" for namespaces ("ns:" is the VM itself), "br:<ns>/<bridge>" for bridges. */
  id: string;
  kind: "host" | "namespace" | "bridge";
  label: string;
  namespace: string;
  /** A namespace node that is a Docker container's (drawn like a namespace, marked so). */
  container?: true;
  /** TopoInterface ids. A namespace/host lists its interfaces except bridge devices; a
   *  bridge lists its own device (e.g. "/br0"), which holds the bridge's addresses. */
  interfaces: string[];
}

export interface TopoEdge {
  /** veth pair (a cable), or bridge port (interface -> bridge). */
  kind: "veth" | "port";
  a: string; // interface id
  b: string; // interface id (veth) or bridge node id (port)
  /** Both ends up (operstate UP / lower layer up). */
  up: boolean;
}

export interface Topology {
  vm: string;
  hostname: string;
  nodes: TopoNode[];
  interfaces: TopoInterface[];
  edges: TopoEdge[];
}

// ---- Diffs --------------------------------------------------------------------------

export type ChangeKind = "added" | "removed" | "changed";

export interface Change {
  kind: ChangeKind;
  /** What changed: "link", "address", "route", "neighbour", "namespace", "fdb", "sysctl", "rule", "policy". */
  what: string;
  namespace: string;
  /** Stable key of the thing: an interface id, an address, a route dst, ... */
  key: string;
  before?: string;
  after?: string;
  /** For "changed": which attribute (state, master, mac, mtu, gateway, lladdr, policy, ...). */
  field?: string;
}

/** A counter that moved between two snapshots of a ruleset. */
export interface CounterDelta {
  family: "ipv4" | "ipv6";
  namespace: string;
  table: string;
  chain: string;
  /** Rule number, or undefined for the chain's policy. */
  num?: number;
  spec?: string;
  target?: string;
  packets: number;
  bytes: number;
}
