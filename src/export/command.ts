// `vethbook export <notebooks or dir...> --out DIR [--execute] [--single-file]`
import { defineCommand } from "citty";
import { pathToFileURL } from "node:url";
import { exportSite } from "./site.js";

export const exportCommand = defineCommand({
  meta: {
    name: "export",
    description: "turn executed notebooks into HTML course notes that open from file:// with no network",
  },
  args: {
    inputs: { type: "positional", description: "Notebooks (.ipynb) or directories of notebooks", required: true },
    out: { type: "string", description: "Directory to write the site into", required: true, valueHint: "DIR" },
    execute: { type: "boolean", description: "Run the notebooks first (headless runner), then export", default: false },
    "single-file": { type: "boolean", description: "Write one self-contained HTML with every chapter", default: false },
    title: { type: "string", description: "Course title shown on every page" },
    topology: { type: "string", description: "SVG file for the index's lab picture (default: chapter 1's first)", valueHint: "FILE" },
  },
  async run({ args }) {
    const inputs = args._.length ? args._.map(String) : [String(args.inputs)];
    const started = performance.now();
    const result = await exportSite(inputs, {
      outDir: args.out,
      singleFile: args["single-file"],
      title: args.title,
      topology: args.topology,
      execute: args.execute ? await loadRunner() : undefined,
    });
    const ms = Math.round(performance.now() - started);
    const what = args["single-file"] ? "1 file" : `${result.files.length} pages`;
    process.stdout.write(`Wrote ${what} in ${ms} ms. Open:\n  ${pathToFileURL(result.index).href}\n`);
  },
});

type Execute = (paths: string[]) => Promise<string[]>;
interface RunnerModule {
  executeNotebooks?: Execute;
  runNotebooks?: (options: { notebooks: string[]; parameters: Record<string, unknown>; allowErrors: boolean }) => Promise<{
    results: { notebook: string; output: string }[];
    exitCode: number;
  }>;
}

/**
 * The headless runner from src/notebook: `executeNotebooks(paths) → executed paths` when it
 * exists, else `runNotebooks` (the `vethbook run` job, writing to its default out/notebooks/).
 */
async function loadRunner(): Promise<Execute> {
  const specifier = "../notebook/index.js"; // a variable, so tsc does not require the module to exist yet
  const mod = (await import(specifier).catch(() => undefined)) as RunnerModule | undefined;
  if (typeof mod?.executeNotebooks === "function") return mod.executeNotebooks;
  const run = mod?.runNotebooks;
  if (typeof run === "function") {
    return async (notebooks) => {
      const { results, exitCode } = await run({ notebooks, parameters: {}, allowErrors: false });
      if (exitCode !== 0) {
        const outputs = results.map((r) => r.output).join(" ");
        throw new Error(`a notebook failed while running (see above); to export what ran anyway: vethbook export ${outputs} --out DIR`);
      }
      return results.map((r) => r.output);
    };
  }
  throw new Error(
    "--execute needs the headless notebook runner (src/notebook), which is not available in this build; " +
      "run the notebooks with `vethbook run` first, then export the executed copies without --execute",
  );
}
