// Pure parsers of real command output -> typed data. No I/O here.
export type { Address, Chain, FdbEntry, Link, Neighbour, NsId, Route, Rule, Ruleset, Table } from "./types.js";
export { ParseError } from "./errors.js";
export { parseIpLinks, parseIpAddrs, formatAddress } from "./ip-link.js";
export { parseIpRoutes, formatRoute } from "./ip-route.js";
export { parseIpNeighbours } from "./ip-neigh.js";
export { parseBridgeFdb, isBridgeEntry } from "./bridge-fdb.js";
export { parseNetnsListId, parseNetnsList, type NetnsName } from "./netns.js";
export { parseSysctls } from "./sysctl.js";
export { parseIptablesSave, formatIptablesSave, splitWords } from "./iptables-save.js";
export { parseRuleSpec, type ParsedRule, type Module as RuleModule, type Opt as RuleOption } from "./rule-words.js";
export type { TraceEvent, TraceFamily, TracePacket, TraceSource, TraceVerdict } from "./trace-event.js";
export { parseXtablesMonitorTrace } from "./trace-xtables-monitor.js";
export { parseNftMonitorTrace, parseNftRuleHandles, type NftRuleHandle } from "./trace-nft-monitor.js";
export { parseKernelLogTrace } from "./trace-kernel-log.js";
