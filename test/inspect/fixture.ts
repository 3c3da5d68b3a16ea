// Reads a captured fixture (see test/fixtures/inspect/README.md for what made each one).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/inspect");

export function fixture(name: string): string {
  return readFileSync(join(dir, name), "utf8");
}
