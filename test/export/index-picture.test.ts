import { describe, expect, it } from "vitest";
import { fullestSvg } from "../../src/export/course.js";
import type { Chapter } from "../../src/export/notebook.js";

const svg = (cls: string, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 10 10">${body}</svg>`;
const chapter = (...svgs: string[]) =>
  ({ notebook: { cells: svgs.map((s) => ({ cell_type: "code", source: "", metadata: {}, outputs: [{ output_type: "display_data", data: { "image/svg+xml": s }, metadata: {} }] })) } }) as unknown as Chapter;

describe("the index's lab picture", () => {
  it("is the chapter's fullest plain picture, not a diff view nor the empty machine", () => {
    const empty = svg("vb-topo", "<g/>");
    const full = svg("vb-topo", "<g>RED BLUE cable</g>");
    const diff = svg("vb-topo vb-topo-diff", "<g>RED BLUE cable, with new markers and a legend</g>");
    expect(fullestSvg(chapter(empty, diff, full))).toBe(full);
  });

  it("falls back to a diff view when that is all there is, and to nothing without pictures", () => {
    const diff = svg("vb-topo vb-topo-diff", "<g/>");
    expect(fullestSvg(chapter(diff))).toBe(diff);
    expect(fullestSvg(chapter())).toBeUndefined();
  });
});
