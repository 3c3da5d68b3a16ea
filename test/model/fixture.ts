// Snapshots parsed from captured output (see test/fixtures/inspect/README.md).
import { parseSnapshotOutput } from "../../src/model/snapshot.js";
import type { Snapshot } from "../../src/model/types.js";
import { fixture } from "../inspect/fixture.js";

export function snapshotFixture(name: "ch2" | "ten-ns" | "docker"): Snapshot {
  return parseSnapshotOutput(fixture(`${name}.snapshot.txt`), "vm1");
}

export const clone = <T>(x: T): T => structuredClone(x);
