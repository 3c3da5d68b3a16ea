// `vethbook show topology|iptables|routes|neighbours|fdb <vm>`: a live VM's network, drawn
// or tabled from one snapshot.
import { defineCommand } from "citty";
import { buildTopology } from "../model/topology.js";
import type { NamespaceState, Snapshot } from "../model/types.js";
import { snapshotOf, vmArg } from "./snapshot.js";
import { targetArgs, UsageError, useColor } from "./_support.js";
import {
  renderFdbText, renderIptablesText, renderNeighboursText, renderRoutesText, renderTopologySvg, renderTopologyText,
} from "../render/index.js";

const netnsArg = { netns: { type: "string", description: "a named namespace inside the VM (default: the VM itself)", valueHint: "NAME" } } as const;

function namespace(snap: Snapshot, name: string | undefined): NamespaceState {
  const ns = snap.namespaces.find((n) => n.name === (name ?? ""));
  if (!ns) throw new UsageError(`${snap.vm} has no namespace "${name}"; it has: ${snap.namespaces.map((n) => n.name).filter(Boolean).join(", ") || "(none besides its own)"}`);
  return ns;
}

const topology = defineCommand({
  meta: { name: "topology", description: "namespaces, interfaces, bridges and veth cables (text, or SVG with --svg)" },
  args: { ...vmArg, svg: { type: "boolean", description: "print the SVG picture to stdout" }, ...targetArgs },
  async run({ args }) {
    const topo = buildTopology(await snapshotOf(args));
    process.stdout.write(args.svg ? renderTopologySvg(topo) : renderTopologyText(topo) + "\n");
  },
});

const iptables = defineCommand({
  meta: { name: "iptables", description: "rules with counters in the `iptables -nvL` shape (coloured on a terminal)" },
  args: {
    ...vmArg,
    table: { type: "string", description: "filter (default), nat, mangle, raw", valueHint: "T" },
    chain: { type: "string", description: "only these chains (comma-separated)", valueHint: "C" },
    exact: { type: "boolean", description: "exact counters, as -x" },
    ...netnsArg,
    ...targetArgs,
  },
  async run({ args }) {
    const ns = namespace(await snapshotOf(args), args.netns as string | undefined);
    const table = (args.table as string | undefined) ?? "filter";
    if (!ns.iptables.tables.some((t) => t.name === table)) {
      throw new UsageError(`no table "${table}" here; tables in use: ${ns.iptables.tables.map((t) => t.name).join(", ")}`);
    }
    const chains = args.chain ? String(args.chain).split(",").map((c) => c.trim()).filter(Boolean) : undefined;
    const known = ns.iptables.tables.find((t) => t.name === table)!.chains.map((c) => c.name);
    const unknown = chains?.filter((c) => !known.includes(c)) ?? [];
    if (unknown.length) throw new UsageError(`no chain ${unknown.join(", ")} in table ${table}; it has: ${known.join(", ")}`);
    process.stdout.write(renderIptablesText(ns.iptables, { table, chains, exact: Boolean(args.exact), color: useColor() }));
  },
});

const tableCommand = (name: string, description: string, render: (ns: NamespaceState) => string) =>
  defineCommand({
    meta: { name, description },
    args: { ...vmArg, ...netnsArg, ...targetArgs },
    async run({ args }) {
      process.stdout.write(render(namespace(await snapshotOf(args), args.netns as string | undefined)) + "\n");
    },
  });

export const showCommand = defineCommand({
  meta: { name: "show", description: "see a VM's network: topology, iptables, routes, neighbours, fdb" },
  subCommands: {
    topology,
    iptables,
    routes: tableCommand("routes", "the main routing table", (ns) => renderRoutesText(ns.routes)),
    neighbours: tableCommand("neighbours", "the neighbour (ARP) table", (ns) => renderNeighboursText(ns.neighbours)),
    fdb: tableCommand("fdb", "bridges' forwarding databases (learned MACs)", (ns) => renderFdbText(ns.fdb)),
  },
});
