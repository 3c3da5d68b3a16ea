// The typed picture of one lab machine, as parsed from real command output.
// Parsers in src/inspect produce the pieces; src/model assembles and compares them.

/** One interface, from `ip -j -d link` (+ addresses from `ip -j addr`). */
export interface Link {
  ifindex: number;
  name: string;
  /** veth, bridge, loopback, dummy, ... or "device" for a plain NIC (no linkinfo). */
  kind: string;
  /** UP, DOWN, UNKNOWN, LOWERLAYERDOWN (operstate). */
  state: string;
  /** IFF_UP: set administratively up (`ip link set X up`). */
  adminUp: boolean;
  mac?: string;
  mtu?: number;
  /** The bridge this interface is a port of. */
  master?: string;
  /** veth: the peer's ifindex (`link_index` / `@ifN`). */
  peerIfindex?: number;
  /** veth: the peer's namespace id as seen from this namespace (absent = same namespace). */
  peerNetnsId?: number;
  addresses: Address[];
  /** Interface flags as `ip link` prints them: UP, LOWER_UP, NO-CARRIER, ... */
  flags?: string[];
  /** Bridge port: its STP state (forwarding, blocking, disabled, ...). */
  portState?: string;
}

export interface Address {
  family: "inet" | "inet6";
  address: string;
  prefixlen: number;
  scope?: string;
}

export interface Route {
  dst: string; // "default" or CIDR
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  table?: string;
  /** unicast, local, broadcast, multicast, blackhole, ... (`ip route show table all`). */
  type?: string;
  metric?: number;
  family?: "inet" | "inet6";
}

export interface Neighbour {
  dst: string;
  dev: string;
  lladdr?: string;
  state: string[]; // REACHABLE, STALE, PERMANENT, FAILED, ...
  family?: "inet" | "inet6";
  router?: boolean;
}

export interface FdbEntry {
  mac: string;
  dev: string;
  master?: string;
  vlan?: number;
  state?: string; // "permanent", "static", "" (learned)
  flags?: string[];
}

/** One iptables rule, with its counters from `iptables-save -c`. */
export interface Rule {
  /** The rule as iptables-save prints it, without the counters and the `-A CHAIN`. */
  spec: string;
  /** Where it jumps: ACCEPT, DROP, DOCKER-USER, MASQUERADE, ... (absent: no target). */
  target?: string;
  packets: number;
  bytes: number;
  /** 1-based position in its chain (as `iptables -L --line-numbers`). */
  num: number;
  /** `-g CHAIN` (goto) rather than `-j`. */
  goto?: boolean;
  /** The text of `-m comment --comment "..."`, unquoted. */
  comment?: string;
}

export interface Chain {
  name: string;
  /** Built-in chains have a policy; user chains have none. */
  policy?: string;
  /** The policy's counters (built-in chains only). */
  packets: number;
  bytes: number;
  rules: Rule[];
}

export interface Table {
  name: string; // filter, nat, mangle, raw, security
  /** Chains in the order iptables-save prints them (built-ins first, as the kernel orders them). */
  chains: Chain[];
}

export interface Ruleset {
  family: "ipv4" | "ipv6";
  tables: Table[];
}

/** One network namespace: the VM's own (name "") or a named one (`ip netns add RED`). */
export interface NamespaceState {
  /** "" for the machine's own namespace, else the `ip netns` name. */
  name: string;
  /** The id this namespace has in the VM's root namespace's view (ip netns list-id). */
  nsid?: number;
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

/** One line of `ip -j netns list-id`. */
export interface NsId {
  nsid: number;
  name?: string;
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
