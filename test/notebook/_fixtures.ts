// Paths of the fixture notebooks (test/fixtures/notebooks/, written by nbformat's own writer).
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const FIXTURES = fileURLToPath(new URL("../fixtures/notebooks/", import.meta.url));
export const BOOK = join(FIXTURES, "book");
export const fixture = (name: string) => join(BOOK, `${name}.ipynb`);
