// The packet-trace parsers and their shared event type (re-exported by index.ts).
export type { TraceEvent, TraceFamily, TracePacket, TraceSource, TraceVerdict } from "./trace-event.js";
export { parseXtablesMonitorTrace } from "./trace-xtables-monitor.js";
export { parseNftMonitorTrace, parseNftRuleHandles, type NftRuleHandle } from "./trace-nft-monitor.js";
export { parseKernelLogTrace } from "./trace-kernel-log.js";
