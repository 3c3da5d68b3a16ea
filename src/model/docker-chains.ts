// One line on what each chain is for: the kernel's built-in chains and the ones
// Docker's engine adds. Written for a learner reading a counters table.

const BUILTIN: Readonly<Record<string, string>> = {
  PREROUTING: "every packet that arrives, before the routing decision; where DNAT rewrites destinations",
  INPUT: "packets addressed to this machine itself",
  FORWARD: "packets passing through: routed between interfaces, or bridged when br_netfilter is on",
  OUTPUT: "packets this machine itself sends",
  POSTROUTING: "every packet about to leave, after routing; where MASQUERADE and SNAT rewrite sources",
};

const DOCKER: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  filter: {
    "DOCKER-USER": "Docker's place for your own forwarding rules: checked first in FORWARD, and Docker never touches it",
    "DOCKER-ISOLATION-STAGE-1": "catches traffic leaving a Docker network for somewhere else, to check it in stage 2",
    "DOCKER-ISOLATION-STAGE-2": "drops traffic headed into a different Docker network, so networks stay apart",
    DOCKER: "accepts outside traffic to container ports published with -p; anything else to a container falls through",
  },
  nat: {
    DOCKER: "DNATs this machine's published ports (-p HOST:CONTAINER) to the container's address",
  },
};

const TABLES: Readonly<Record<string, string>> = {
  filter: "decides whether a packet may pass (ACCEPT, DROP, REJECT)",
  nat: "rewrites addresses for the first packet of a connection; conntrack does the rest",
  mangle: "changes packet fields and marks",
  raw: "runs before conntrack; can exempt packets from tracking",
  security: "SELinux security marks",
};

/** What a chain does in a table, in one line; undefined for chains nobody here knows. */
export function explainChain(table: string, chain: string): string | undefined {
  const docker = DOCKER[table]?.[chain];
  if (docker) return docker;
  const builtin = BUILTIN[chain];
  if (!builtin) return undefined;
  if (table === "nat" && chain === "OUTPUT") return "connections this machine starts; where DNAT rewrites their destinations (port forwarding for the host itself)";
  if (table === "nat" && chain === "INPUT") return "connections arriving for this machine; where SNAT may rewrite their sources";
  return builtin;
}

export function explainTable(table: string): string | undefined {
  return TABLES[table];
}

/** Chains Docker's engine creates and manages. */
export function isDockerChain(table: string, chain: string): boolean {
  return DOCKER[table]?.[chain] !== undefined;
}

export function isBuiltinChain(chain: string): boolean {
  return BUILTIN[chain] !== undefined;
}
