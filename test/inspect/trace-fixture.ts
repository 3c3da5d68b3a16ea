// Reads a captured trace fixture (see test/fixtures/trace/README.md for what made each one).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/trace");

export function traceFixture(name: string): string {
  return readFileSync(join(dir, name), "utf8");
}

/** The scenarios captured on the sandbox lab, each with xtables-monitor and nft traces. */
export const SCENARIOS = ["ch2-drop", "ch2-accept", "ch3-masquerade", "local-output", "ch4-dnat", "ch4-output", "ipv6"] as const;
