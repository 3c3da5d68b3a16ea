// `vethbook kernel install` against the machine's real Jupyter, with HOME and the Jupyter data
// folder pointed at a temporary directory (the machine's own kernels are never touched):
// the kernelspec lands in the user's data folder, `jupyter kernelspec list` finds it, and a
// "tslab" of another checkout makes this one take a name of its own.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkoutKernelName, findJupyter, tslabPaths } from "../../src/notebook/index.js";
import { describeUnless } from "../helpers/skip.js";
import { kernelSkip } from "../helpers/kernel.js";

const skip = kernelSkip;
const cli = join(import.meta.dirname, "../../dist/src/cli/index.js");

function freshUser() {
  const root = mkdtempSync(join(tmpdir(), "vethbook-kernel-user-"));
  const home = join(root, "home");
  mkdirSync(home);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, JUPYTER_DATA_DIR: join(root, "data"), NO_COLOR: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  delete env.JUPYTER_PATH;
  delete env.XDG_DATA_HOME;
  const vethbook = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: "utf8", timeout: 60_000 });
  const specs = () => {
    const r = spawnSync(findJupyter(), ["kernelspec", "list", "--json"], { env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string } }> }).kernelspecs;
  };
  return { root, home, data: join(root, "data"), env, vethbook, specs };
}

describeUnless(skip)("vethbook kernel install", () => {
  const { binary } = tslabPaths();

  it("writes the kernelspec under this user's Jupyter data folder, and Jupyter finds it", () => {
    const u = freshUser();
    // A tslab of another checkout installed machine-wide would make this one take its own name.
    const machineTslab = u.specs().tslab;
    const name = machineTslab && machineTslab.spec.argv[0] !== binary ? checkoutKernelName() : "tslab";
    const r = u.vethbook("kernel", "install");
    expect(r.status, r.stderr).toBe(0);
    const dir = join(u.data, "kernels", name);
    expect(r.stdout).toContain(`Kernel "${name}" `);
    expect(r.stdout).toContain(`written to ${dir}\n`);
    expect(r.stdout).toContain("for this user only");
    const found = u.specs()[name];
    expect(found?.resource_dir).toBe(dir);
    expect(found?.spec.argv).toEqual([binary, "kernel", "--config-path", "{connection_file}"]);
    expect(JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")).language).toBe("typescript");

    const status = u.vethbook("kernel", "status");
    expect(status.status, status.stdout).toBe(0);
    expect(status.stdout).toContain(`tslab kernel "${name}": ${dir}\n`);
    expect(status.stdout).not.toContain("not this project's tslab");
  }, 60_000);

  it("takes this checkout's name when another checkout's tslab is registered", () => {
    const u = freshUser();
    const other = join(u.data, "kernels", "tslab");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "kernel.json"), JSON.stringify({ argv: ["/srv/other-checkout/node_modules/.bin/tslab", "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" }));
    const r = u.vethbook("kernel", "install");
    expect(r.status, r.stderr).toBe(0);
    const name = checkoutKernelName();
    expect(name).toMatch(/^tslab-vethbook-[a-z0-9._-]+$/);
    expect(r.stdout).toContain(`Kernel "${name}" (TypeScript (vethbook `);
    expect(r.stdout).toContain(`"tslab" is another checkout's (${other})`);
    const specs = u.specs();
    expect(specs.tslab?.spec.argv[0]).toBe("/srv/other-checkout/node_modules/.bin/tslab");
    expect(specs[name]?.spec.argv[0]).toBe(binary);
    expect(specs[name]?.spec.display_name).toMatch(/^TypeScript \(vethbook .+\)$/);
    expect(u.vethbook("kernel", "status").stdout).toContain(`tslab kernel "${name}": ${join(u.data, "kernels", name)}\n`);
  }, 60_000);

  it("--prefix writes under PREFIX/share/jupyter/kernels; two places at once is refused", () => {
    const u = freshUser();
    const prefix = join(u.root, "prefix");
    const r = u.vethbook("kernel", "install", "--prefix", prefix, "--name", "tslab");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`written to ${join(prefix, "share", "jupyter", "kernels", "tslab")}\n`);
    expect(JSON.parse(readFileSync(join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8")).argv[0]).toBe(binary);
    const both = u.vethbook("kernel", "install", "--prefix", prefix, "--system");
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain("pick one of --prefix, --system");
  }, 60_000);
});
