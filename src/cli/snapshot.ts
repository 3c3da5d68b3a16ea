// `vethbook snapshot <vm> --json`: everything a VM knows about its network, in one round trip.
import { defineCommand } from "citty";
import { collectSnapshot } from "../model/snapshot.js";
import type { Snapshot } from "../model/types.js";
import { openLab } from "../targets/connect.js";
import { labOptionsFrom, requireSandboxVm, targetArgs } from "./_support.js";

export const vmArg = { vm: { type: "positional", description: "vm1, vm2 or vm3", required: true } } as const;

export async function snapshotOf(args: Record<string, unknown>): Promise<Snapshot> {
  const options = labOptionsFrom(args);
  requireSandboxVm(options, String(args.vm));
  const lab = openLab(options);
  try {
    return await collectSnapshot(await lab.target(String(args.vm)));
  } finally {
    await lab.close();
  }
}

export const snapshotCommand = defineCommand({
  meta: { name: "snapshot", description: "the whole network state of a VM and its namespaces, in one round trip" },
  args: { ...vmArg, json: { type: "boolean", description: "print it as JSON (the default)", default: true }, ...targetArgs },
  async run({ args }) {
    const snap = await snapshotOf(args);
    process.stdout.write(JSON.stringify(snap, null, 2) + "\n");
  },
});

