// predict() and its reveal in real cells: the learner's answer from the cell, else from a
// run's `predictions` parameter; a choice that is not one fails the cell; a wrong prediction
// is revealed as wrong, never as a failure. (The exercises' checks run on a lab in
// test/exercise and test/notebooks.)
import { describe, expect, it } from "vitest";
import { runCells } from "./_run.js";
import { EXERCISE_MIME } from "../../src/render/exercise.js";
import type { Output } from "../../src/notebook/index.js";

const cards = (outputs: Output[]) => outputs.flatMap((o) => ("data" in o && o.data?.[EXERCISE_MIME] ? [o.data[EXERCISE_MIME] as Record<string, unknown>] : []));
const text = (outputs: Output[]) => outputs.map((o) => ("data" in o ? String(o.data?.["text/plain"] ?? "") : "")).join("");
const IMPORT = `import { predict, solutionsMode } from "./dist/kernel-helpers/index.js";`;
const result = (exitCode: number, stdout: string) => `({ exitCode: ${exitCode}, stdout: ${JSON.stringify(stdout)}, stderr: "", command: "ping" })`;

describe("predict", () => {
  it("takes the cell's answer, reveals what happened, and says whether it was right", async () => {
    const r = await runCells([IMPORT, `const p = predict("02", "bridge-ping", "gets a reply");`, `p.reveal(${result(1, "1 packets transmitted, 0 received")});`]);
    expect(r.ok, r.error?.message).toBe(true);
    expect(cards(r.outputs[1]!)).toEqual([expect.objectContaining({ kind: "prediction", id: "bridge-ping", mine: "gets a reply", from: "cell" })]);
    expect(cards(r.outputs[2]!)).toEqual([expect.objectContaining({ kind: "reveal", mine: "gets a reply", happened: "gets no reply" })]);
    expect(text(r.outputs[2]!)).toContain("✘ Not what you predicted: gets no reply (you predicted: gets a reply)");
  }, 180_000);

  it("takes a headless run's predictions parameter when the cell leaves it empty", async () => {
    const r = await runCells([IMPORT, `const p = predict("04", "from-vm1", "");`, `p.reveal(${result(7, "curl: (7) Failed to connect to 192.168.50.10 port 8088: Couldn't connect to server")});`, `console.log(solutionsMode());`], {
      parameters: { predictions: { "from-vm1": "connection refused" }, solutions: true },
    });
    expect(r.ok, r.error?.message).toBe(true);
    // The injected parameters cell comes first, so every cell is one further down.
    expect(cards(r.outputs[2]!)[0]).toMatchObject({ mine: "connection refused", from: "parameter" });
    expect(text(r.outputs[3]!)).toContain("✔ You predicted it: connection refused");
    expect(JSON.stringify(r.outputs[4])).toContain("true");
  }, 180_000);

  it("with no prediction, only says what happened", async () => {
    const r = await runCells([IMPORT, `predict("01", "first-packet", "").reveal("12:00:00.1 ARP, Request who-has 11.11.11.3 tell 11.11.11.2, length 28\\n12:00:00.2 ARP, Reply 11.11.11.3 is-at 5e:1f:aa:00:00:01");`]);
    expect(r.ok, r.error?.message).toBe(true);
    expect(text(r.outputs[1]!)).toContain("No prediction yet.");
    expect(text(r.outputs[1]!)).toContain("What happened: an ARP question from RED: who has 11.11.11.3?");
  }, 180_000);

  it("fails the cell for an answer that is not one of the choices, and lists them", async () => {
    const r = await runCells([IMPORT, `predict("02", "bridge-ping", "it works");`]);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain(`"it works" is not one of the choices for this prediction: "gets a reply", "gets no reply"`);
  }, 180_000);
});
