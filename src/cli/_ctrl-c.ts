// Ctrl-C while notebooks run, for `vethbook run` and for each worker of `run --jobs`.
import { interrupt } from "../command/interrupt.js";

/**
 * Ctrl-C while chapters run: the command the cell waits for is interrupted in the VM (as in
 * a terminal), the cell then ends with that interrupt, the executed notebook is written as
 * far as it got, and no later cell or notebook runs. A cell still waiting 1.5 s later is
 * abandoned; a second Ctrl-C ends at once. `announce`: say so on the terminal (a worker
 * leaves that to its parent, which says it once for all of them).
 */
export function interruptOnCtrlC(announce = true): { signal: AbortSignal; interrupted: () => boolean; abandon: () => void; dispose: () => void } {
  const stop = new AbortController();
  let presses = 0;
  // Straight to the terminal: while a cell runs, the runner captures process.stderr for it.
  const say = process.stderr.write.bind(process.stderr);
  const onSigint = () => {
    if (++presses > 1) process.exit(130);
    if (announce) say("\ninterrupting (Ctrl-C again to quit at once)...\n");
    void interrupt();
    setTimeout(() => stop.abort(), 1500).unref();
  };
  process.on("SIGINT", onSigint);
  return {
    signal: stop.signal,
    interrupted: () => presses > 0,
    /** Interrupt and abandon the running cell at once (nobody is left to wait for it). */
    abandon: () => {
      void interrupt();
      stop.abort();
    },
    dispose: () => process.off("SIGINT", onSigint),
  };
}
