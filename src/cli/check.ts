// `vethbook check <chapter> [exercise]`: grade the lab as it is now, for a learner who works
// in a shell instead of Jupyter. `--setup` prepares an exercise's starting point and prints
// its task; `--solution` prints the hidden solution (for the facilitator).
import { defineCommand } from "citty";
import pc from "picocolors";
import { chapterExercises, findExercise, prepare, runCheck, stepsAsShell, type ChapterExercises, type Exercise } from "../exercise/index.js";
import { exerciseLabel, plainMarkdown, renderExerciseText } from "../render/exercise.js";
import { openLab } from "../targets/connect.js";
import { labOptionsFrom, requireSandboxVm, targetArgs, UsageError, useColor } from "./_support.js";

function pick(chapter: string, id: string | undefined): { chapter: ChapterExercises; exercises: Exercise[] } {
  try {
    if (id) {
      const found = findExercise(chapter, id);
      return { chapter: found.chapter, exercises: [found.exercise] };
    }
    const ch = chapterExercises(chapter);
    return { chapter: ch, exercises: ch.exercises };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export const checkCommand = defineCommand({
  meta: { name: "check", description: "grade a chapter's exercises (or one) against the lab as it is now" },
  args: {
    chapter: { type: "positional", description: "chapter number: 1, 02, 03-host-and-internet...", required: true },
    exercise: { type: "positional", description: "one exercise: its id (icmp-only) or number (1); default all of the chapter", required: false },
    setup: { type: "boolean", description: "prepare the exercise's starting point on the lab and print its task" },
    solution: { type: "boolean", description: "print the hidden solution instead of checking (for the facilitator)" },
    ...targetArgs,
  },
  async run({ args }) {
    const { chapter, exercises } = pick(String(args.chapter), args.exercise ? String(args.exercise) : undefined);
    const color = useColor();
    const ref = (ex: Exercise) => ({ chapter: chapter.chapter, id: ex.id, number: chapter.exercises.indexOf(ex) + 1, title: ex.title });
    if (args.solution) {
      for (const ex of exercises) process.stdout.write(`${exerciseLabel(ref(ex))} — ${ex.title}\n${stepsAsShell(ex.solution)}\n\n`);
      return;
    }
    if (args.setup && exercises.length !== 1) throw new UsageError(`--setup prepares one exercise: name it (chapter ${chapter.chapter} has: ${chapter.exercises.map((e) => e.id).join(", ")})`);
    const options = labOptionsFrom(args);
    requireSandboxVm(options, "vm1");
    const lab = openLab(options);
    try {
      if (args.setup) {
        const ex = exercises[0]!;
        await prepare(ex, lab);
        process.stdout.write(renderExerciseText({ kind: "task", ...ref(ex), task: ex.task, start: ex.start, checkCode: `await ex${ref(ex).number}.check()`, checkCli: `vethbook check ${chapter.chapter} ${ex.id}` }));
        return;
      }
      let failed = 0;
      for (const ex of exercises) {
        const r = await runCheck(chapter, ex, lab);
        if (!r.passed) failed++;
        const head = `${r.passed ? "✔ passed" : "✘ not yet"} · ${exerciseLabel(ref(ex))} — ${ex.title}`;
        process.stdout.write(`${color ? (r.passed ? pc.green(head) : pc.yellow(head)) : head}\n  ${plainMarkdown(r.message)}\n`);
        for (const o of r.observations) process.stdout.write(`    ${o.ok ? "✔" : "✘"} ${o.what}: ${o.saw}\n`);
        if (!r.passed && ex.hints.length) process.stdout.write(`  hints:\n${ex.hints.map((h, i) => `    ${i + 1}. ${plainMarkdown(h)}\n`).join("")}`);
        process.stdout.write("\n");
      }
      if (exercises.length > 1) process.stdout.write(`chapter ${chapter.chapter}: ${exercises.length - failed} of ${exercises.length} passed\n`);
      process.exitCode = failed ? 1 : 0;
    } finally {
      await lab.close();
    }
  },
});
