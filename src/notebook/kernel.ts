// Register the tslab kernel with Jupyter (`tslab install`, pointed at this project's own tslab)
// and report what Jupyter has registered.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";

export const JUPYTER_APT_HINT = "apt-get install -y jupyter-notebook jupyter-client";

/** Jupyter or a usable Python is missing; the message says what to install. */
export class KernelSetupError extends Error {
  override name = "KernelSetupError";
}

export interface KernelInstallOptions {
  /** Install into the per-user registry (~/.local/share/jupyter). Default: tslab's (user unless root). */
  user?: boolean;
  /** Install into PREFIX/share/jupyter/kernels (what a test or a venv wants). */
  prefix?: string;
  /** The Python whose jupyter_client registers the kernel (default: found, see findJupyterPython). */
  python?: string;
  /** Where tslab's output goes (default: inherited). */
  stdio?: "inherit" | "pipe";
}

export interface KernelInstallResult {
  python: string;
  binary: string;
  command: string[];
  output: string;
}

export interface KernelStatus {
  jupyter?: string;
  /** The registered tslab kernelspec, if any. */
  spec?: { dir: string; argv: string[] };
  /** Does the spec start this project's tslab? */
  pointsHere: boolean;
  binary: string;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

export function findJupyter(): string {
  const jupyter = onPath("jupyter");
  if (!jupyter) throw new KernelSetupError(`Jupyter is not installed (no \`jupyter\` on PATH). Install it with:\n  ${JUPYTER_APT_HINT}\nor, in a Python venv: pip install jupyterlab`);
  return jupyter;
}

const canRegister = (python: string) =>
  spawnSync(python, ["-c", "import jupyter_client, IPython"], { stdio: "ignore" }).status === 0;

/**
 * The Python that can register kernels: the one Jupyter itself runs on (its script's #! line)
 * first, then python3 on PATH, then /usr/bin/python3. pyenv or a venv often puts a python3 first
 * on PATH that has no jupyter_client; that one is skipped.
 */
export function findJupyterPython(jupyter = findJupyter()): string {
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(jupyter, "utf8").split("\n", 1)[0] ?? "")?.[1];
  const candidates = [shebang, onPath("python3"), "/usr/bin/python3"].filter((p): p is string => !!p && !p.endsWith("/env"));
  const python = candidates.find(canRegister);
  if (!python) {
    throw new KernelSetupError(
      `none of ${candidates.join(", ")} can import jupyter_client and IPython, which tslab's installer needs. Install them with:\n  ${JUPYTER_APT_HINT}`,
    );
  }
  return python;
}

/** This project's tslab: its package folder and the absolute path of node_modules/.bin/tslab. */
export function tslabPaths(): { dir: string; binary: string; script: string } {
  const dir = dirname(createRequire(import.meta.url).resolve("tslab/package.json"));
  const script = join(dir, "bin", "tslab");
  const bin = join(dirname(dir), ".bin", "tslab");
  return { dir, script, binary: existsSync(bin) ? bin : script };
}

/** `tslab install --python=<python with jupyter_client> --binary=<abs node_modules/.bin/tslab>`. */
export function installKernel(options: KernelInstallOptions = {}): KernelInstallResult {
  const python = options.python ?? findJupyterPython();
  const { script, binary } = tslabPaths();
  const args = [script, "install", `--python=${python}`, `--binary=${binary}`];
  if (options.user) args.push("--user");
  if (options.prefix) args.push(`--prefix=${options.prefix}`);
  const stdio = options.stdio ?? "inherit";
  const run = spawnSync(process.execPath, args, { stdio: stdio === "inherit" ? "inherit" : "pipe", encoding: "utf8" });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  if (run.error || run.status !== 0) {
    throw new KernelSetupError(
      `\`tslab install\` failed (${run.error?.message ?? `exit ${run.status}`}): node ${args.join(" ")}\n${output}` +
        (/permission denied/i.test(output) ? "\nInstall for this user only with --user." : ""),
    );
  }
  return { python, binary, command: [process.execPath, ...args], output };
}

/** What `jupyter kernelspec list` says about tslab, and whether it starts this project's tslab. */
export function kernelStatus(): KernelStatus {
  const { binary } = tslabPaths();
  const jupyter = onPath("jupyter");
  if (!jupyter) return { binary, pointsHere: false };
  const list = spawnSync(jupyter, ["kernelspec", "list", "--json"], { encoding: "utf8" });
  if (list.status !== 0) return { jupyter, binary, pointsHere: false };
  const specs = (JSON.parse(list.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[] } }> }).kernelspecs;
  const tslab = specs.tslab;
  if (!tslab) return { jupyter, binary, pointsHere: false };
  return { jupyter, binary, spec: { dir: tslab.resource_dir, argv: tslab.spec.argv }, pointsHere: tslab.spec.argv[0] === binary };
}
