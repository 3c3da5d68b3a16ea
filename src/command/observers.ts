// Who wants to know about commands: the notebook layer draws each one as a terminal block,
// live while it runs. Observers never change a result and their errors are not the command's.
import type { CommandResult } from "./result.js";

/** A command ended (or a background job was stopped). */
export interface CommandEvent {
  result: CommandResult;
  quiet: boolean;
  /** The same id its start event had (absent for a result nobody announced). */
  id?: number;
}

/** A command began; `output` events with its id follow as it prints. */
export interface CommandStart {
  id: number;
  target: string;
  hostname?: string;
  netns?: string;
  container?: string;
  command: string;
  quiet: boolean;
  /** A background job (vm.bg): it runs on while the cell goes on. */
  background?: BackgroundWatch;
}

/** What an observer can ask a running background job. */
export interface BackgroundWatch {
  /** Its output so far (stdout, stderr), and whether it has ended by itself. */
  peek(): Promise<{ stdout: string; stderr: string; ended: boolean }>;
}

export interface CommandOutput {
  id: number;
  stream: "stdout" | "stderr";
  chunk: Uint8Array;
}

type Observer = (event: CommandEvent) => void;
interface LiveObserver {
  start?(event: CommandStart): void;
  output?(event: CommandOutput): void;
}
const observers = new Set<Observer>();
const live = new Set<LiveObserver>();
let nextId = 1;

/** Called for every command that ended. */
export function onCommand(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Called when a command starts and as it prints. */
export function onCommandLive(observer: LiveObserver): () => void {
  live.add(observer);
  return () => live.delete(observer);
}

const safely = (fn: () => void) => {
  try {
    fn();
  } catch {
    /* a display problem must not fail the command */
  }
};

/** Announce a command; returns its id. */
export function notifyStart(event: Omit<CommandStart, "id">): number {
  const id = nextId++;
  for (const o of live) safely(() => o.start?.({ ...event, id }));
  return id;
}

export function notifyOutput(event: CommandOutput): void {
  for (const o of live) safely(() => o.output?.(event));
}

export function notify(event: CommandEvent): void {
  for (const o of observers) safely(() => o(event));
}
