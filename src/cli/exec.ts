// `vethbook exec <vm> [--netns NAME] -- argv...`: one command on a lab VM; its output and
// exit code pass through.
import { constants as osConstants } from "node:os";
import { defineCommand } from "citty";
import { parseDuration } from "../command/duration.js";
import { argvToCommand } from "../command/quote.js";
import { openLab } from "../targets/connect.js";
import { labOptionsFrom, passthrough, requireSandboxVm, targetArgs, UsageError } from "./_support.js";

export const execCommand = defineCommand({
  meta: { name: "exec", description: "run one command on a lab VM; its output and exit code pass through" },
  args: {
    vm: { type: "positional", description: "vm1, vm2 or vm3 (or the hostname: docker1, docker2, gw)", required: true },
    timeout: { type: "string", description: "kill the command after this long (seconds, or 500ms/2m; default: no limit, Ctrl-C interrupts it)", valueHint: "S" },
    netns: { type: "string", description: "run inside this named network namespace of the VM", valueHint: "NAME" },
    ...targetArgs,
  },
  async run({ args }) {
    const argv = passthrough.argv;
    if (!argv || argv.length === 0) {
      throw new UsageError("give the command after --, e.g. `vethbook exec vm1 -- ip -br addr`");
    }
    const options = labOptionsFrom(args);
    requireSandboxVm(options, String(args.vm));
    const timeoutMs = args.timeout ? parseDuration(/^\d+(\.\d+)?$/.test(String(args.timeout)) ? `${args.timeout}s` : String(args.timeout)) : undefined;
    const lab = openLab(options);
    try {
      const vm = await lab.vm(String(args.vm));
      const target = args.netns ? vm.netns(String(args.netns)) : vm;
      // Ctrl-C interrupts the command in the VM (it gets SIGINT, as in a terminal), not the CLI.
      const interrupt = new AbortController();
      const onSigint = () => interrupt.abort();
      process.on("SIGINT", onSigint);
      // The command's bytes, exactly and as they come (a capture piped to Wireshark, a file).
      const r = await target.script(argvToCommand(argv), {
        signal: interrupt.signal,
        onStdout: (b) => process.stdout.write(b),
        onStderr: (b) => process.stderr.write(b),
        timeoutMs: timeoutMs ?? Infinity,
      }).nothrow().quiet().finally(() => process.off("SIGINT", onSigint));
      if (r.interrupted) {
        process.stderr.write(`vethbook: interrupted: \`${r.command}\` on ${r.where} after ${(r.durationMs / 1000).toFixed(1)} s\n`);
        process.exitCode = 130;
      } else if (r.timedOut) {
        process.stderr.write(`vethbook: timeout: \`${r.command}\` on ${r.where} was killed after ${r.timeoutMs} ms (raise it with --timeout); ${r.target} is still usable\n`);
        process.exitCode = 124;
      } else {
        // A command killed by a signal exits as a shell reports it: 128 + the signal's number.
        process.exitCode = r.exitCode ?? (r.signal ? 128 + (osConstants.signals[r.signal as keyof typeof osConstants.signals] ?? 0) : 1);
      }
    } finally {
      await lab.close();
    }
  },
});

