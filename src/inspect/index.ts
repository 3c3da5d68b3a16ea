// Pure parsers of real command output -> typed data. No I/O here.
export { ParseError } from "./errors.js";
export { parseIpLinks, parseIpAddrs, formatAddress } from "./ip-link.js";
export { parseIpRoutes, formatRoute } from "./ip-route.js";
export { parseIpNeighbours } from "./ip-neigh.js";
export { parseBridgeFdb, isBridgeEntry } from "./bridge-fdb.js";
export { parseNetnsListId, parseNetnsList, type NetnsName } from "./netns.js";
export { parseSysctls, LAB_SYSCTLS } from "./sysctl.js";
export { parseIptablesSave, formatIptablesSave, splitWords } from "./iptables-save.js";
export * from "./trace-index.js";
