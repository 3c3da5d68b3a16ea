// Shared fixtures for the render tests: real captured output, and snapshot comparison.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";
import type { Chain, Ruleset, Table } from "../../src/inspect/types.js";

export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/render/${name}`, import.meta.url), "utf8");

/** A small reader of `iptables-save -c` for these tests (the real parser lives in src/inspect). */
export function readIptablesSave(text: string, family: "ipv4" | "ipv6" = "ipv4"): Ruleset {
  const tables: Table[] = [];
  let table: Table | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) tables.push((table = { name: line.slice(1), chains: [] }));
    else if (line.startsWith(":") && table) {
      const [name, policy, counts] = line.slice(1).split(" ");
      const [p, b] = (counts ?? "[0:0]").slice(1, -1).split(":").map(Number);
      const chain: Chain = { name: name!, packets: p!, bytes: b!, rules: [] };
      if (policy !== "-") chain.policy = policy;
      table.chains.push(chain);
    } else {
      const m = /^\[(\d+):(\d+)\] -A (\S+) (.*)$/.exec(line);
      if (!m || !table) continue;
      const chain = table.chains.find((c) => c.name === m[3])!;
      const target = /(?:^| )-[jg] (\S+)/.exec(m[4]!)?.[1];
      chain.rules.push({ spec: m[4]!, target, packets: Number(m[1]), bytes: Number(m[2]), num: chain.rules.length + 1 });
    }
  }
  return { family, tables };
}

/** Compare with test/output/<name>; write it only when UPDATE_SNAPSHOTS=1. */
export function expectSnapshot(name: string, actual: string): void {
  const url = new URL(`../output/${name}`, import.meta.url);
  if (process.env.UPDATE_SNAPSHOTS === "1" || (!existsSync(url) && process.env.UPDATE_SNAPSHOTS === "new")) {
    mkdirSync(new URL("../output/", import.meta.url), { recursive: true });
    writeFileSync(url, actual);
    return;
  }
  if (!existsSync(url)) throw new Error(`no snapshot test/output/${name}: run UPDATE_SNAPSHOTS=1 npx vitest run test/render, then look at it`);
  expect(actual).toBe(readFileSync(url, "utf8"));
}
