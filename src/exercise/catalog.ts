// Every chapter's exercises, by chapter number. A chapter joins the course here, as data.
import { chapter01 } from "./chapters/01.js";
import { chapter02 } from "./chapters/02.js";
import { chapter03 } from "./chapters/03.js";
import { chapter04 } from "./chapters/04.js";
import { chapter05 } from "./chapters/05.js";
import { chapter06 } from "./chapters/06.js";
import type { ChapterExercises, Exercise, PredictionSpec } from "./types.js";

export const CHAPTERS: readonly ChapterExercises[] = [chapter01, chapter02, chapter03, chapter04, chapter05, chapter06];

/** "2", "02" or "02-bridge" → the chapter's exercises. */
export function chapterExercises(chapter: string): ChapterExercises {
  const number = /^\d+/.exec(chapter.trim())?.[0]?.padStart(2, "0");
  const found = CHAPTERS.find((c) => c.chapter === number);
  if (!found) throw new Error(`no exercises for chapter "${chapter}" (there are: ${CHAPTERS.map((c) => c.chapter).join(", ")})`);
  return found;
}

export function findExercise(chapter: string, id: string): { chapter: ChapterExercises; exercise: Exercise } {
  const ch = chapterExercises(chapter);
  const exercise = ch.exercises.find((e) => e.id === id || String(ch.exercises.indexOf(e) + 1) === id);
  if (!exercise) throw new Error(`chapter ${ch.chapter} has no exercise "${id}" (it has: ${ch.exercises.map((e) => e.id).join(", ")})`);
  return { chapter: ch, exercise };
}

export function findPrediction(chapter: string, id: string): PredictionSpec {
  const ch = chapterExercises(chapter);
  const p = ch.predictions.find((x) => x.id === id);
  if (!p) throw new Error(`chapter ${ch.chapter} has no prediction "${id}" (it has: ${ch.predictions.map((x) => x.id).join(", ") || "none"})`);
  return p;
}
