// The exercises as data: every chapter has 2-4, each with a task, hints, a solution and at
// least one plausible wrong attempt; prediction ids are unique across the course (a headless
// run's `predictions` parameter names them without a chapter).
import { describe, expect, it } from "vitest";
import { CHAPTERS, chapterExercises, findExercise, findPrediction, stepsAsCode, stepsAsShell } from "../../src/exercise/index.js";
import { chapterFiles } from "../../src/course/course.js";
import { basename, join } from "node:path";

describe("the exercise catalogue", () => {
  it("has a chapter of exercises for each of chapters 1-4, numbered as the notebooks are", () => {
    const numbers = chapterFiles(join(import.meta.dirname, "../../notebooks")).map((f) => basename(f).slice(0, 2));
    for (const n of ["01", "02", "03", "04"]) expect(numbers).toContain(n);
    expect(CHAPTERS.map((c) => c.chapter)).toEqual(expect.arrayContaining(["01", "02", "03", "04"]));
  });

  it.each(CHAPTERS.map((c) => [c.chapter, c]))("chapter %s: 2-4 exercises, each complete, ids unique", (_n, ch) => {
    expect(ch.exercises.length).toBeGreaterThanOrEqual(2);
    expect(ch.exercises.length).toBeLessThanOrEqual(4);
    expect(new Set(ch.exercises.map((e) => e.id)).size).toBe(ch.exercises.length);
    for (const ex of ch.exercises) {
      expect(ex.task.length, ex.id).toBeGreaterThan(60);
      expect(ex.hints.length, ex.id).toBeGreaterThan(0);
      expect(ex.solution.length, ex.id).toBeGreaterThan(0);
      expect(ex.wrong.length, ex.id).toBeGreaterThan(0);
      for (const w of ex.wrong) expect(w.hint.length, `${ex.id}: ${w.name}`).toBeGreaterThan(5);
      expect(ch.predictions.length, `chapter ${ch.chapter} asks for a prediction`).toBeGreaterThan(0);
    }
  });

  it("names chapters and exercises the ways a learner types them", () => {
    expect(chapterExercises("2").chapter).toBe("02");
    expect(chapterExercises("02-bridge").chapter).toBe("02");
    expect(findExercise("02", "1").exercise.id).toBe("icmp-only");
    expect(() => findExercise("02", "nope")).toThrow(/has no exercise "nope" \(it has: icmp-only, whole-bridge\)/);
    expect(() => chapterExercises("09")).toThrow(/no exercises for chapter "09"/);
    expect(findPrediction("02", "bridge-ping").choices).toContain("gets no reply");
  });

  it("has prediction ids unique across the course, each with 2+ choices", () => {
    const ids = CHAPTERS.flatMap((c) => c.predictions.map((p) => p.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of CHAPTERS.flatMap((c) => c.predictions)) expect(p.choices.length, p.id).toBeGreaterThanOrEqual(2);
  });

  it("writes a solution as shell lines per machine and as the chapter's notebook code", () => {
    const steps = [{ on: "vm1", run: "ip -n RED route add 192.168.50.0/24 via 11.11.11.1" }, { on: "vm2", run: "ip route add 11.11.11.0/24 via 192.168.50.10" }, { on: "vm1", netns: "RED", run: "ping -c 1 `hostname`" }];
    expect(stepsAsShell(steps)).toBe("vm1$ ip -n RED route add 192.168.50.0/24 via 11.11.11.1\nvm2$ ip route add 11.11.11.0/24 via 192.168.50.10\nvm1$ ip netns exec RED ping -c 1 `hostname`");
    expect(stepsAsCode(steps)).toBe("await vm1.sh`ip -n RED route add 192.168.50.0/24 via 11.11.11.1`;\nawait vm2.sh`ip route add 11.11.11.0/24 via 192.168.50.10`;\nawait red.sh`ping -c 1 \\`hostname\\``;");
  });
});
