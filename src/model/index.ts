// The model's public surface: snapshots, topology, diffs, counter deltas, chain notes.
export type {
  Address, Chain, Change, ChangeKind, CounterDelta, FdbEntry, Link, NamespaceState, Neighbour, NsId,
  Route, Rule, Ruleset, Snapshot, Table, TopoEdge, TopoInterface, TopoNode, Topology,
} from "./types.js";
export { collectSnapshot, parseSnapshotOutput, splitSections, type CollectOptions, type Section } from "./snapshot.js";
export { snapshotScript, SNAPSHOT_SYSCTLS } from "./snapshot-script.js";
export { buildTopology, resolveVethPeers, orderNamespaces, findLink, interfaceId, namespaceNodeId, bridgeNodeId } from "./topology.js";
export { diffSnapshots, diffRules, describeChange, describeLink, type DiffOptions } from "./diff.js";
export { counterDeltas, describeDelta } from "./counters.js";
export { explainChain, explainTable, isDockerChain, isBuiltinChain } from "./docker-chains.js";
export * from "./walk-index.js";
