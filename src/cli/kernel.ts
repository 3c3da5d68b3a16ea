// `vethbook kernel install|status`: the Jupyter kernel (tslab) the notebooks use.
import { defineCommand } from "citty";
import { UsageError } from "./_support.js";
import { installKernel, JUPYTER_APT_HINT, kernelStatus, type KernelScope } from "../notebook/kernel.js";

const kernelInstallCommand = defineCommand({
  meta: { name: "install", description: "Register this checkout's tslab (TypeScript) kernel with Jupyter, for this user" },
  args: {
    user: { type: "boolean", description: "for this user only, in ~/.local/share/jupyter/kernels (the default)" },
    "sys-prefix": { type: "boolean", description: "into the Jupyter Python's sys.prefix (a venv or conda env)" },
    prefix: { type: "string", description: "into PREFIX/share/jupyter/kernels" },
    system: { type: "boolean", description: "for every user of the machine (/usr/local/share/jupyter/kernels)" },
    name: { type: "string", description: "the kernelspec's name (default tslab, or tslab-vethbook-<checkout> when another checkout has tslab)" },
    python: { type: "string", description: "the Python with jupyter_client (default: Jupyter's own)" },
  },
  run({ args }) {
    const chosen = [args.user && "--user", args["sys-prefix"] && "--sys-prefix", args.prefix !== undefined && "--prefix", args.system && "--system"].filter(Boolean);
    if (chosen.length > 1) throw new UsageError(`pick one of ${chosen.join(", ")}`);
    const scope: KernelScope = args["sys-prefix"] ? "sys-prefix" : args.prefix !== undefined ? "prefix" : args.system ? "system" : "user";
    const r = installKernel({ scope, prefix: args.prefix, name: args.name, python: args.python });
    const lines = [`Kernel "${r.name}" (${r.displayName}) written to ${r.dir}`, `  starts ${r.binary}`];
    if (r.otherTslab) lines.push(`  "tslab" is another checkout's (${r.otherTslab}); in Jupyter pick "${r.displayName}" (Kernel > Change kernel).`);
    else lines.push(`Open a notebook and pick the "${r.displayName}" kernel.`);
    if (scope === "user") lines.push("  (for this user only; --system registers it for everyone)");
    process.stdout.write(lines.join("\n") + "\n");
  },
});

const kernelStatusCommand = defineCommand({
  meta: { name: "status", description: "Show whether Jupyter knows the tslab kernel, and which tslab it starts" },
  run() {
    const s = kernelStatus();
    if (!s.jupyter) {
      process.stdout.write(`jupyter: not installed (${JUPYTER_APT_HINT})\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`jupyter: ${s.jupyter}\n`);
    if (!s.spec) {
      process.stdout.write("tslab kernel: not registered (run: vethbook kernel install)\n");
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`tslab kernel "${s.spec.name}": ${s.spec.dir}\n  starts: ${s.spec.argv.join(" ")}\n`);
    if (!s.pointsHere) process.stdout.write(`  note: not this project's tslab (${s.binary}); run: vethbook kernel install\n`);
  },
});

export const kernelCommand = defineCommand({
  meta: { name: "kernel", description: "the Jupyter kernel (tslab) the notebooks use" },
  subCommands: { install: kernelInstallCommand, status: kernelStatusCommand },
});
