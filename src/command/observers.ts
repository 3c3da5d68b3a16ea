// Who wants to know that a command ran: the notebook layer draws each one as a
// terminal block. Observers never change a result and their errors are not the command's.
import type { CommandResult } from "./result.js";

export interface CommandEvent {
  result: CommandResult;
  quiet: boolean;
}

type Observer = (event: CommandEvent) => void;
const observers = new Set<Observer>();

export function onCommand(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function notify(event: CommandEvent): void {
  for (const o of observers) {
    try {
      o(event);
    } catch {
      /* a display problem must not fail the command */
    }
  }
}
