// Running an exercise's steps (setup, solution, a wrong attempt) on the lab, and the one
// reset every setup starts from.
import type { CommandResult } from "../command/result.js";
import { removeProbeScript } from "./checker.js";
import type { ExerciseLab, Step } from "./types.js";

export interface StepOptions {
  /** Show each command as a terminal block (a solution run); setup runs quiet. */
  quiet?: boolean;
}

/** Run steps in order; the first that fails stops them with an error that says which. */
export async function runSteps(lab: ExerciseLab, steps: Step[], options: StepOptions = {}): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const step of steps) {
    const vm = await lab.vm(step.on);
    const where = step.netns ? vm.netns(step.netns) : vm;
    const r = await where.script(step.run, { quiet: options.quiet ?? true, nothrow: true, timeoutMs: 30_000 });
    results.push(r);
    if (r.exitCode !== 0) {
      throw new Error(`exercise step failed on ${step.on}${step.netns ? ` (netns ${step.netns})` : ""}: ${step.run}\n${(r.stderr || r.stdout).trim()}`);
    }
  }
  return results;
}

/** Where exercise web servers keep their pages: under /run, which is each VM's own (the
 *  sandbox VMs share this machine's /tmp, and so would share /tmp/vethbook-www). */
export const EXERCISE_WWW = "/run/vethbook-exercise-www";

/** vm1 as every chapter finds it: no RED, BLUE or GREEN, no br0, no rule of ours, Docker's
 *  FORWARD policy DROP, no conntrack entries of 11.11.11.x (the chapters' own reset, plus
 *  what the exercises add: GREEN, 22.22.22.x, the probe namespace, port 8089 from vm1). */
export const RESET_VM1 = String.raw`
for ns in RED BLUE GREEN; do
  if [ -e /run/netns/$ns ]; then
    for pid in $(ip netns pids $ns); do kill $pid; done
    ip netns del $ns
  fi
done
${removeProbeScript()}
for dev in veth0 veth1 reth1 beth1; do
  for i in $(seq 20); do ip link show $dev >/dev/null 2>&1 || break; sleep 0.1; done
  ip link del $dev 2>/dev/null
done
ip link del br0 2>/dev/null
while iptables -D DOCKER-USER -j ACCEPT 2>/dev/null; do :; done
for t in filter nat; do
  iptables -t $t -S | grep -E -- '11\.11\.11\.|22\.22\.22\.|-[io] br0|--dport 808[89]' | sed 's/^-A /-D /' |
    while read -r rule; do eval "iptables -t $t $rule"; done
done
iptables -S FORWARD | grep -qx -- '-P FORWARD DROP' || iptables -P FORWARD DROP
sysctl -qw net.ipv4.conf.all.route_localnet=0
for ip in 11.11.11.2 11.11.11.3; do
  conntrack -D -s $ip >/dev/null 2>&1; conntrack -D -d $ip >/dev/null 2>&1; conntrack -D --reply-src $ip >/dev/null 2>&1
done
rm -rf ${EXERCISE_WWW}
true
`;

/** vm2 and vm3 without the routes to 11.11.11.0/24 an exercise may add. */
export const RESET_PEER = "ip route del 11.11.11.0/24 2>/dev/null; true";

/** The reset of every machine an exercise may touch. */
export const RESET: Step[] = [
  { on: "vm1", run: RESET_VM1 },
  { on: "vm2", run: RESET_PEER },
  { on: "vm3", run: RESET_PEER },
];

/** Steps on vm1 from a list of commands. */
export function onVm1(...commands: string[]): Step[] {
  return commands.map((run) => ({ on: "vm1", run }));
}

/** A solution or a wrong attempt as a learner would type it in a shell on each machine. */
export function stepsAsShell(steps: Step[]): string {
  return steps.map((s) => `${s.on}$ ${s.netns ? `ip netns exec ${s.netns} ` : ""}${s.run}`).join("\n");
}

/** The same steps as notebook code (the handles the chapters name vm1, vm2, red, blue). */
export function stepsAsCode(steps: Step[]): string {
  return steps
    .map((s) => {
      const handle = s.netns ? s.netns.toLowerCase() : s.on;
      return `await ${handle}.sh\`${s.run.replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\`;`;
    })
    .join("\n");
}
