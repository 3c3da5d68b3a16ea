// `vethbook kernel install|status`: the Jupyter kernel (tslab) the notebooks use.
import { defineCommand } from "citty";
import { installKernel, JUPYTER_APT_HINT, kernelStatus } from "../notebook/kernel.js";

const kernelInstallCommand = defineCommand({
  meta: { name: "install", description: "Register the tslab (TypeScript) kernel with Jupyter" },
  args: {
    user: { type: "boolean", description: "install for this user only (~/.local/share/jupyter)" },
    prefix: { type: "string", description: "install into PREFIX/share/jupyter/kernels" },
    python: { type: "string", description: "the Python with jupyter_client (default: Jupyter's own)" },
  },
  run({ args }) {
    const r = installKernel({ user: args.user, prefix: args.prefix, python: args.python });
    process.stdout.write(`tslab kernel registered (python ${r.python}, kernel ${r.binary}).\nOpen a notebook and pick the "TypeScript" kernel.\n`);
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
    process.stdout.write(`tslab kernel: ${s.spec.dir}\n  starts: ${s.spec.argv.join(" ")}\n`);
    if (!s.pointsHere) process.stdout.write(`  note: not this project's tslab (${s.binary}); run: vethbook kernel install\n`);
  },
});

export const kernelCommand = defineCommand({
  meta: { name: "kernel", description: "the Jupyter kernel (tslab) the notebooks use" },
  subCommands: { install: kernelInstallCommand, status: kernelStatusCommand },
});
