// Reading what an experiment returned, for predictions: a command result, a counter report
// ({ result, deltas }), or plain captured text. Internal to src/exercise.
import type { CounterDelta } from "../model/types.js";

/** The text a value carries: stdout+stderr of a result, the result of a report, a string. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("\n");
  if (value && typeof value === "object") {
    const v = value as { stdout?: unknown; stderr?: unknown; result?: unknown };
    if (typeof v.stdout === "string") return v.stdout + (typeof v.stderr === "string" ? v.stderr : "");
    if (v.result !== undefined) return textOf(v.result);
  }
  return "";
}

/** The exit code a value carries (a result, or a report's result). */
export function exitCodeOf(value: unknown): number | null | undefined {
  if (value && typeof value === "object") {
    const v = value as { exitCode?: number | null; result?: unknown };
    if ("exitCode" in v) return v.exitCode;
    if (v.result !== undefined) return exitCodeOf(v.result);
  }
  return undefined;
}

/** A counter report's deltas. */
export function deltasOf(value: unknown): CounterDelta[] | undefined {
  const d = (value as { deltas?: unknown } | undefined)?.deltas;
  return Array.isArray(d) ? (d as CounterDelta[]) : undefined;
}
