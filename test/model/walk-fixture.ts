// Walks built from the captured traces (test/fixtures/trace/README.md), from each source.
import { parseBridgeFdb } from "../../src/inspect/bridge-fdb.js";
import { parseIptablesSave } from "../../src/inspect/iptables-save.js";
import { parseKernelLogTrace } from "../../src/inspect/trace-kernel-log.js";
import { parseNftMonitorTrace, parseNftRuleHandles } from "../../src/inspect/trace-nft-monitor.js";
import { parseXtablesMonitorTrace } from "../../src/inspect/trace-xtables-monitor.js";
import { buildWalk, type PacketWalk, type WalkOptions } from "../../src/model/walk.js";
import { traceFixture } from "../inspect/trace-fixture.js";

export type Source = "xtables-monitor" | "nft-monitor" | "kernel-log";
export const SOURCES: Source[] = ["xtables-monitor", "nft-monitor", "kernel-log"];

/** The walk of a scenario as one source saw it, named with the ruleset saved beside it. */
export function walkFixture(scenario: string, source: Source, extra: WalkOptions = {}): PacketWalk {
  const v6 = scenario === "ipv6";
  const family = v6 ? "ipv6" : "ipv4";
  const save = `${v6 ? "ip6" : "ip"}tables-save.txt`;
  if (source === "kernel-log") {
    const rulesets = [parseIptablesSave(traceFixture(`legacy-${scenario}.${save}`), family)];
    return buildWalk(parseKernelLogTrace(traceFixture(`legacy-${scenario}.log`)), { rulesets, ...extra });
  }
  const options: WalkOptions = {
    rulesets: [parseIptablesSave(traceFixture(`${scenario}.${save}`), family)],
    fdb: parseBridgeFdb(traceFixture(`${scenario}.fdb.json`)),
    nftHandles: parseNftRuleHandles(traceFixture(`${scenario}.nft-ruleset.txt`)),
    ...extra,
  };
  const events = source === "nft-monitor"
    ? parseNftMonitorTrace(traceFixture(`${scenario}.nft-monitor.txt`))
    : parseXtablesMonitorTrace(traceFixture(`${scenario}.xtables-monitor.txt`));
  return buildWalk(events, options);
}
