// What the parsers produce: interfaces, addresses, routes, neighbours, bridge fdb entries,
// namespace ids and iptables rulesets, typed as the kernel reports them. src/model builds on these.

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
  /** veth whose peer is in the same namespace: the peer's name (`link`, `veth0@veth1`);
   *  `ip -j` gives no ifindex then. */
  peerName?: string;
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

/** One line of `ip -j netns list-id`. */
export interface NsId {
  nsid: number;
  name?: string;
}

