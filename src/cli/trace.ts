// `vethbook trace <vm> [--netns NAME] [--match ...] [--svg|--json] -- argv...`: run one
// command on a lab VM while netfilter traces its packets, and print their walk (text, the
// SVG picture, or the typed walk as JSON). The command's own output goes to stderr, so
// stdout is the walk alone.
import { defineCommand } from "citty";
import { parseDuration } from "../command/duration.js";
import { argvToCommand } from "../command/quote.js";
import { trace, type TraceMatch } from "../model/trace.js";
import { renderWalkSvg, renderWalkText } from "../render/index.js";
import { openLab } from "../targets/connect.js";
import { labOptionsFrom, passthrough, requireSandboxVm, targetArgs, UsageError } from "./_support.js";

/** "tcp 192.168.50.10 8088" or "tcp,192.168.50.10,8088": a protocol, addresses, ports. */
export function parseMatchArg(text: string): TraceMatch {
  const m: TraceMatch = {};
  const hosts: string[] = [];
  const ports: number[] = [];
  for (const word of text.split(/[\s,]+/).filter(Boolean)) {
    const w = word.replace(/^(host|port|proto|protocol)=/, "");
    if (/^(icmp|icmpv6|tcp|udp)$/i.test(w)) m.protocol = w.toLowerCase() === "icmpv6" ? "icmp" : (w.toLowerCase() as TraceMatch["protocol"]);
    else if (/^(ipv4|ipv6|-4|-6)$/.test(w)) m.family = w.includes("6") ? "ipv6" : "ipv4";
    else if (/^:?\d+$/.test(w)) ports.push(Number(w.replace(/^:/, "")));
    else if (/^[\d.]+$/.test(w) || w.includes(":")) hosts.push(w);
    else throw new UsageError(`--match: "${word}" is not a protocol (icmp, tcp, udp), an address or a port`);
  }
  if (hosts.length) m.host = hosts;
  if (ports.length) m.port = ports;
  return m;
}

export const traceCommand = defineCommand({
  meta: { name: "trace", description: "run one command on a lab VM and show its packets' walk through netfilter" },
  args: {
    vm: { type: "positional", description: "vm1, vm2 or vm3: where netfilter is traced (and the command runs)", required: true },
    netns: { type: "string", description: "run the command inside this named network namespace of the VM", valueHint: "NAME" },
    "trace-netns": { type: "string", description: "trace inside this namespace instead of the VM itself", valueHint: "NAME" },
    match: { type: "string", description: "the traffic to trace, e.g. \"tcp 192.168.50.10 8088\" (default: read from the command: ping, curl, wget, nc)", valueHint: "PROTO ADDR PORT" },
    svg: { type: "boolean", description: "print the walk as an SVG picture" },
    json: { type: "boolean", description: "print the typed walk as JSON" },
    ndp: { type: "boolean", description: "keep neighbour discovery (NDP, MLD) packets" },
    timeout: { type: "string", description: "give up on the command after this long (seconds, or 500ms/2m; default 60 s)", valueHint: "S" },
    ...targetArgs,
  },
  async run({ args }) {
    const argv = passthrough.argv;
    if (!argv || argv.length === 0) throw new UsageError("give the command after --, e.g. `vethbook trace vm1 --netns RED -- ping -c1 -W1 11.11.11.3`");
    if (args.svg && args.json) throw new UsageError("--svg and --json: choose one");
    const options = labOptionsFrom(args);
    requireSandboxVm(options, String(args.vm));
    const timeoutMs = args.timeout ? parseDuration(/^\d+(\.\d+)?$/.test(String(args.timeout)) ? `${args.timeout}s` : String(args.timeout)) : 60_000;
    const match = args.match ? parseMatchArg(String(args.match)) : undefined;
    const lab = openLab(options);
    try {
      const vm = await lab.vm(String(args.vm));
      const where = args["trace-netns"] ? vm.netns(String(args["trace-netns"])) : vm;
      const runner = args.netns ? vm.netns(String(args.netns)) : vm;
      const walk = await trace(where, () => runner.script(argvToCommand(argv), {
        onStdout: (b) => process.stderr.write(b),
        onStderr: (b) => process.stderr.write(b),
        timeoutMs,
      }).nothrow().quiet(), { match, timeoutMs: timeoutMs + 5000, neighbourDiscovery: args.ndp === true });
      for (const w of walk.warnings) process.stderr.write(`vethbook: ${w}\n`);
      if (args.json) {
        const r = walk.result;
        const { result: _result, ...rest } = walk;
        process.stdout.write(JSON.stringify({ ...rest, command: { command: r.command, where: r.where, exitCode: r.exitCode, timedOut: r.timedOut, durationMs: Math.round(r.durationMs) } }, null, 2) + "\n");
      } else if (args.svg) {
        process.stdout.write(renderWalkSvg(walk) + "\n");
      } else {
        process.stdout.write(renderWalkText(walk));
      }
    } finally {
      await lab.close();
    }
  },
});
