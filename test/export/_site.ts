// Shared by the export tests: the fixture course and small HTML helpers.
import { fileURLToPath } from "node:url";

export const COURSE = fileURLToPath(new URL("../fixtures/export/course", import.meta.url));
export const HOSTILE = fileURLToPath(new URL("../fixtures/export/hostile/99-hostile.ipynb", import.meta.url));

export const ids = (html: string): Set<string> => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
export const hrefs = (html: string): string[] => [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
/** The page without the one <script> vethbook itself adds. */
export const withoutOwnScript = (html: string): string => html.replace(/<script>\(\(\)=>\{const t=document[\s\S]*?<\/script>/, "");
