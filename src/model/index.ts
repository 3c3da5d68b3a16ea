// The model's public surface: snapshots, topology, diffs, counter deltas, chain notes.
export type { Change, ChangeKind, CounterDelta, NamespaceState, Snapshot, TopoEdge, TopoInterface, TopoNode, Topology } from "./types.js";
export { collectSnapshot, parseSnapshotOutput, splitSections, type CollectOptions, type Section } from "./snapshot.js";
export { snapshotScript, SNAPSHOT_SYSCTLS } from "./_snapshot-script.js";
export { buildTopology, resolveVethPeers, orderNamespaces, interfaceId, namespaceNodeId, bridgeNodeId } from "./topology.js";
export { diffSnapshots, diffRules, describeChange, describeLink, type DiffOptions } from "./diff.js";
export { counterDeltas, describeDelta } from "./counters.js";
export { explainChain, explainTable, isDockerChain, isBuiltinChain } from "./docker-chains.js";
export type {
  Endpoints, FinalVerdict, Hook, HookPass, NatStep, PacketWalk, RuleStep, TracedPacket, WalkOptions, WalkRule, WalkStep,
} from "./walk.js";
export { buildWalk, host as endpointHost, endpoint as formatEndpoint } from "./walk.js";
export {
  findSteps, passed, endsWith, rewrites, describeWalk, describePacket, describeFinal, describeNat, describeRule, describeVerdict,
  type FoundStep, type PacketSelector, type Rewrite, type StepSelector,
} from "./walk-query.js";
export { trace, walkOf, TraceError, TraceTimeoutError, TraceMatchError, type TraceMatch, type TraceOptions, type TraceRule, type TraceTiming, type TracedWalk } from "./trace.js";
