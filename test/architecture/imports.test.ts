// The import graph between src/'s folders: arrows one way, no cycles, and each folder's
// internals (files starting with _) used only inside their folder (tests may look anywhere).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The concern a file belongs to: src/<folder>, or kernel-helpers. */
function concern(file: string): string {
  const rel = relative(root, file).split("/");
  return rel[0] === "src" ? (rel.length > 2 ? rel[1]! : "index") : rel[0]!;
}

const sources = [...files(join(root, "src")), ...files(join(root, "kernel-helpers"))];
const edges = sources.flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/(?:^|\n)\s*(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g)]
    .map((m) => resolve(dirname(file), (m[1] ?? m[2])!.replace(/\.js$/, ".ts")))
    .filter((target) => target.startsWith(root))
    .map((target) => ({ file, target })),
);

/** Which concern may import which: the layering the design describes. */
const ALLOWED: Record<string, string[]> = {
  command: [],
  inspect: [],
  model: ["inspect", "command"],
  render: ["model", "inspect"],
  notebook: [],
  targets: ["command"],
  course: [],
  exercise: ["command", "inspect", "model"],
  export: ["notebook", "render"],
  cli: ["command", "inspect", "model", "render", "notebook", "targets", "course", "export", "exercise"],
  "kernel-helpers": ["command", "inspect", "model", "render", "notebook", "targets", "exercise"],
  index: ["command", "inspect", "model", "render", "notebook", "targets", "export"],
};

describe("the import graph", () => {
  it("knows every concern folder", () => {
    expect(new Set(sources.map(concern))).toEqual(new Set(Object.keys(ALLOWED)));
  });

  it("has its arrows one way: each concern imports only the concerns below it", () => {
    const wrong = edges
      .filter(({ file, target }) => concern(file) !== concern(target) && !ALLOWED[concern(file)]!.includes(concern(target)))
      .map(({ file, target }) => `${relative(root, file)} -> ${relative(root, target)}`);
    expect(wrong).toEqual([]);
  });

  it("has no cycle between folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const { file, target } of edges) {
      const [a, b] = [concern(file), concern(target)];
      if (a !== b) (graph.get(a) ?? graph.set(a, new Set()).get(a)!).add(b);
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(" -> "));
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it("keeps internals (_*.ts) inside their folder", () => {
    const leaks = edges
      .filter(({ target }) => /^_/.test(target.split("/").pop()!))
      .filter(({ file, target }) => dirname(file) !== dirname(target) && !dirname(file).startsWith(dirname(target) + "/"))
      .map(({ file, target }) => `${relative(root, file)} -> ${relative(root, target)}`);
    expect(leaks).toEqual([]);
  });
});
