// Exercise cards in the two editions of the notes, from chapter 2 as captured by
// exercise-fixtures.capture.ts: the facilitator's copy folds hints and solutions (with the
// solution's terminal blocks as they ran); the handout keeps tasks, hints and room to write,
// and drops every solution and recorded answer.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCourse, renderChapter } from "../../src/export/index.js";
import { renderExerciseNotes } from "../../src/export/exercise.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/export/exercises/${name}.ipynb`, import.meta.url));
const page = async (name: string, handout = false) => renderChapter(await loadCourse([fixture(name)], { handout }), 0);
const SOLUTION = "vm1$ iptables -I DOCKER-USER -s 11.11.11.2 -d 11.11.11.3 -p icmp -j ACCEPT";

describe("exercises in the notes", () => {
  it("the facilitator's copy: the check's verdict, what it tried, hints and the solution folded, as it ran", async () => {
    const html = await page("02-facilitator");
    expect(html).toContain("✔ Passed</strong> on this run, after the solution below");
    expect(html.match(/<details class="vb-ex-fold vb-ex-sol">/g)).toHaveLength(2);
    expect(html.match(/<details class="vb-ex-fold vb-ex-hints">/g)).toHaveLength(2);
    expect(html).toContain(SOLUTION);
    expect(html).toMatch(/As it ran:<\/p><div class="vb-outputs">.*root@docker1/s);
    expect(html).toContain("Prediction recorded on this run: <strong>gets a reply</strong> (given as a parameter)");
    expect(html).toContain("✘ Not as predicted");
    expect(html).toContain("2 of 2 exercises passed on this run");
  });

  it("a learner's run: not yet, with the hint the untouched lab gave, and nothing that ran", async () => {
    const html = await page("02-learner");
    expect(html).toContain("✘ Not yet</strong> on this run, on the lab as the exercise left it: RED's echo request never reached BLUE");
    expect(html).not.toContain("As it ran:");
    expect(html).toContain("0 of 2 exercises passed on this run");
  });

  it("the handout: tasks, empty boxes, room to write, hints; no solution, no verdict, no recorded prediction", async () => {
    const html = await page("02-facilitator", true);
    expect(html).toContain('id="exercise-02-icmp-only"');
    expect(html).not.toContain(SOLUTION);
    expect(html).not.toContain("iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT");
    expect(html).not.toContain('class="vb-ex-fold vb-ex-sol"');
    expect(html).not.toMatch(/✔ Passed|✘ Not yet|As it ran|Prediction recorded|Not as predicted|exercises passed on this run/);
    expect(html.match(/class="vb-ex-answer"/g)).toHaveLength(2);
    expect(html.match(/<details class="vb-ex-fold vb-ex-hints">/g)).toHaveLength(2);
    expect(html).toContain("vethbook check 02 icmp-only</code> in a shell");
    expect(html).toContain("Chapter 2: your exercises");
    // The solution ran in this recording: the learner's cells show none of it.
    expect(html).not.toContain("-d 11.11.11.3 -p icmp");
  });

  it("treats a card's text as untrusted", () => {
    const html = renderExerciseNotes({ kind: "task", chapter: "02", id: "x", number: 1, title: "<img src=x onerror=alert(1)>", task: "**bold** <script>alert(1)</script>", start: "[a](javascript:alert(1))", checkCode: "", checkCli: "" });
    expect(html).not.toMatch(/<script|<img|javascript:/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("<strong>bold</strong>");
  });
});
