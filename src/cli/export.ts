// `vethbook export <notebooks or dir...> --out DIR [--execute] [--single-file]`
import { defineCommand } from "citty";
import { pathToFileURL } from "node:url";
import { exportSite } from "../export/site.js";
import { createProgress } from "../notebook/progress.js";
import { runNotebooks, trustNote } from "./run.js";
import { labOptionsFrom, UsageError } from "./_support.js";

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
    handout: { type: "boolean", description: "a printable handout for learners: tasks and hints, no solutions (default: the facilitator's copy, solutions folded)", default: false },
  },
  async run({ args }) {
    const inputs = args._.length ? args._.map(String) : [String(args.inputs)];
    const started = performance.now();
    const result = await exportSite(inputs, {
      outDir: args.out,
      singleFile: args["single-file"],
      title: args.title,
      topology: args.topology,
      handout: args.handout,
      execute: args.execute ? executeFirst() : undefined,
    });
    const ms = Math.round(performance.now() - started);
    const what = args["single-file"] ? "1 file" : `${result.files.length} pages`;
    process.stdout.write(`Wrote ${what} in ${ms} ms. Open:\n  ${pathToFileURL(result.index).href}\n`);
  },
});

/** --execute: run the notebooks first with `vethbook run`'s job (the default target, or
 *  $VETHBOOK_TARGET), then export the executed copies. */
function executeFirst(): (paths: string[]) => Promise<string[]> {
  return async (notebooks) => {
    const { exitCode, results, trust } = await runNotebooks(
      { notebooks, lab: labOptionsFrom({}), parameters: {}, allowErrors: false },
      createProgress(),
    );
    process.stderr.write(trustNote(trust));
    if (exitCode !== 0) {
      const outputs = results.map((r) => r.output).join(" ");
      throw new UsageError(`a notebook failed while running (see above); to export what ran anyway: vethbook export ${outputs} --out DIR`, 1);
    }
    return results.map((r) => r.output);
  };
}
