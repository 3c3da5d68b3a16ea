// "Follow one packet": the walk model and its queries (re-exported by index.ts).
export type {
  Endpoints, FinalVerdict, Hook, HookPass, NatStep, PacketWalk, RuleStep, TracedPacket, WalkOptions, WalkRule, WalkStep,
} from "./walk.js";
export { buildWalk, host as endpointHost, endpoint as formatEndpoint } from "./walk.js";
export {
  findSteps, passed, endsWith, rewrites, describeWalk, describePacket, describeFinal, describeNat, describeRule, describeVerdict,
  type FoundStep, type PacketSelector, type Rewrite, type StepSelector,
} from "./walk-query.js";
