// Register the tslab kernel with Jupyter (the kernel.json `tslab install` writes, pointed at
// this checkout's own tslab, per user by default) and report what Jupyter has registered.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, delimiter, dirname, join } from "node:path";

export const JUPYTER_APT_HINT = "apt-get install -y jupyter-notebook jupyter-client";

/** Jupyter or a usable Python is missing; the message says what to install. */
export class KernelSetupError extends Error {
  override name = "KernelSetupError";
}

/** Where a kernelspec goes, as `jupyter kernelspec install` / `ipykernel install` name them. */
export type KernelScope = "user" | "sys-prefix" | "prefix" | "system";

export interface KernelInstallOptions {
  /**
   * user (default): this user's Jupyter data folder (~/.local/share/jupyter/kernels, or
   * $JUPYTER_DATA_DIR/kernels); sys-prefix: the Jupyter Python's sys.prefix (a venv);
   * prefix: PREFIX/share/jupyter/kernels; system: /usr/local/share/jupyter/kernels.
   */
  scope?: KernelScope;
  /** With scope "prefix" (or alone): install into PREFIX/share/jupyter/kernels. */
  prefix?: string;
  /** The kernelspec's name; default "tslab", or tslab-vethbook-<checkout> when another checkout has "tslab". */
  name?: string;
  /** The Python whose jupyter_client registers the kernel (default: found, see findJupyterPython). */
  python?: string;
  /** Where the installer's output goes (default: piped and returned). */
  stdio?: "inherit" | "pipe";
}

export interface KernelInstallResult {
  python: string;
  binary: string;
  /** The kernelspec's name and the folder it was written to. */
  name: string;
  dir: string;
  scope: KernelScope;
  displayName: string;
  /** When the name is not plain "tslab": the other checkout's "tslab" that made it so. */
  otherTslab?: string;
  command: string[];
  output: string;
}

export interface KernelStatus {
  jupyter?: string;
  /** The registered tslab kernelspec, if any. */
  spec?: { name: string; dir: string; argv: string[] };
  /** Does the spec start this project's tslab? */
  pointsHere: boolean;
  binary: string;
}

export function onPath(name: string): string | undefined {
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

/** The checkout this tslab belongs to (the folder holding node_modules). */
export function checkoutDir(): string {
  return dirname(dirname(tslabPaths().dir));
}

/** A kernelspec name for this checkout: tslab-vethbook-<folder name>, in the characters Jupyter allows. */
export function checkoutKernelName(dir = checkoutDir()): string {
  const slug = basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "checkout";
  return `tslab-vethbook-${slug}`;
}

// Writes kernel.json (what `tslab install` writes) through jupyter_client, prints the folder.
const INSTALL_PY = `
import json, os, sys, tempfile
from jupyter_client.kernelspec import KernelSpecManager
name, binary, display, scope, prefix = sys.argv[1:6]
if scope == "sys-prefix":
    prefix = sys.prefix
with tempfile.TemporaryDirectory() as td:
    os.chmod(td, 0o755)
    with open(os.path.join(td, "kernel.json"), "w") as f:
        json.dump({"argv": [binary, "kernel", "--config-path", "{connection_file}"], "display_name": display, "language": "typescript"}, f, sort_keys=True, indent=1)
    print(KernelSpecManager().install_kernel_spec(td, name, user=(scope == "user"), prefix=(prefix or None)))
`;

/** Every kernelspec Jupyter can see: name -> folder and argv. */
export function listKernelSpecs(jupyter = onPath("jupyter")): Record<string, { dir: string; argv: string[]; displayName?: string }> | undefined {
  if (!jupyter) return undefined;
  const list = spawnSync(jupyter, ["kernelspec", "list", "--json"], { encoding: "utf8" });
  if (list.status !== 0) return undefined;
  const specs = (JSON.parse(list.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name?: string } }> }).kernelspecs;
  return Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, { dir: v.resource_dir, argv: v.spec.argv, displayName: v.spec.display_name }]));
}

/**
 * Register this checkout's tslab with Jupyter, for this user by default (like
 * `ipykernel install --user`). The spec is "tslab" (what the notebooks ask for) unless a
 * "tslab" of another checkout is already there: then it is named after this checkout.
 */
export function installKernel(options: KernelInstallOptions = {}): KernelInstallResult {
  const jupyter = findJupyter();
  const python = options.python ?? findJupyterPython(jupyter);
  const { binary } = tslabPaths();
  const scope: KernelScope = options.scope ?? (options.prefix ? "prefix" : "user");
  if (scope === "prefix" && !options.prefix) throw new KernelSetupError("--prefix needs a folder: vethbook kernel install --prefix=PREFIX");
  const existing = listKernelSpecs(jupyter)?.tslab;
  const otherTslab = !options.name && existing && existing.argv[0] !== binary ? existing.dir : undefined;
  const name = options.name ?? (otherTslab ? checkoutKernelName() : "tslab");
  const displayName = name === "tslab" ? "TypeScript" : `TypeScript (vethbook ${basename(checkoutDir())})`;
  const args = ["-c", INSTALL_PY, name, binary, displayName, scope, scope === "prefix" ? options.prefix! : ""];
  const run = spawnSync(python, args, { stdio: ["ignore", "pipe", options.stdio === "inherit" ? "inherit" : "pipe"], encoding: "utf8" });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  if (run.error || run.status !== 0) {
    throw new KernelSetupError(
      `registering the kernel failed (${run.error?.message ?? `exit ${run.status}`}): ${python} -c <install kernelspec ${name}> (${scope})\n${output}` +
        (/permission denied/i.test(output) ? "\nInstall for this user only (the default), or with --prefix into a folder you can write." : ""),
    );
  }
  const dir = (run.stdout ?? "").trim().split("\n").pop() ?? "";
  return { python, binary, name, dir, scope, displayName, ...(otherTslab ? { otherTslab } : {}), command: [python, ...args], output };
}

/** What `jupyter kernelspec list` says about tslab: this checkout's spec if one is registered, else "tslab". */
export function kernelStatus(): KernelStatus {
  const { binary } = tslabPaths();
  const jupyter = onPath("jupyter");
  if (!jupyter) return { binary, pointsHere: false };
  const specs = listKernelSpecs(jupyter);
  if (!specs) return { jupyter, binary, pointsHere: false };
  const mine = Object.entries(specs).filter(([, v]) => v.argv[0] === binary).sort(([a], [b]) => (a === "tslab" ? -1 : b === "tslab" ? 1 : a.localeCompare(b)))[0];
  const [name, spec] = mine ?? ["tslab", specs.tslab];
  if (!spec) return { jupyter, binary, pointsHere: false };
  return { jupyter, binary, spec: { name, dir: spec.dir, argv: spec.argv }, pointsHere: spec.argv[0] === binary };
}
