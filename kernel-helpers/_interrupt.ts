// What Interrupt means in a notebook. Each cell is a scope of its own for the command layer
// (its display hook identifies it, in the tslab kernel and in the headless runner alike).
// In the kernel, Jupyter's Interrupt button (SIGINT to the kernel's process group) stops the
// command the cell waits for — SIGINT to its process group in the VM, as Ctrl-C in a
// terminal would — and the background jobs the cell started; the cell then ends with one
// line ("interrupted: ping 8.8.8.8 on docker1 after 3.2 s"), not a stack of tslab's own.
// Only when the cell waits for something else is it abandoned the way tslab does it.
import { interrupt, runningCommands, setScopeProvider } from "../src/command/interrupt.js";
import { tslabJupyterModule } from "../src/notebook/display.js";

setScopeProvider(() => tslabJupyterModule().lastWriteDisplayData);

/** This process is a tslab kernel that Jupyter started (not the headless runner, not a test). */
export function inKernel(): boolean {
  return /[\\/]tslab$/.test(process.argv[1] ?? "") && process.argv.includes("kernel");
}

const TSLAB_INTERRUPT = /^Error: Interrupted asynchronously\n(\s+at .*\n?)*/;
const ABANDONED = "interrupted: the cell was stopped while it waited for something that was not a lab command\n";

/** For the next moment, tslab's own "Interrupted asynchronously" stack on stderr (what it
 *  prints when it abandons a cell) becomes one line a learner can read. */
function quietTslabStack(ms: number): void {
  const write = process.stderr.write;
  const restore = () => {
    if (process.stderr.write === filtered) process.stderr.write = write;
  };
  const filtered = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : undefined;
    if (text !== undefined && TSLAB_INTERRUPT.test(text)) {
      restore();
      return (write as (...a: unknown[]) => boolean).call(process.stderr, text.replace(TSLAB_INTERRUPT, ABANDONED), ...rest);
    }
    return (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest);
  } as typeof process.stderr.write;
  process.stderr.write = filtered;
  setTimeout(restore, ms).unref();
}

async function settled(maxMs: number): Promise<void> {
  for (let t = 0; t < maxMs && runningCommands() > 0; t += 20) await new Promise((r) => setTimeout(r, 20));
  // Let the cell's own rejection reach tslab, which prints it, before anything else happens.
  await new Promise((r) => setImmediate(r));
}

let installed = false;

/** Take over the kernel's SIGINT handling (once): ours first, then tslab's, which abandons
 *  the cell if it is still waiting (harmless when the cell has already ended). */
export function installKernelInterrupt(): void {
  if (installed || !inKernel()) return;
  installed = true;
  // Not now: a cell runs with its SIGINT listeners taken off (vm's breakOnSigint) and put back
  // when its synchronous part ends, which would put tslab's back beside ours.
  setImmediate(takeOverSigint);
}

function takeOverSigint(): void {
  const theirs = process.listeners("SIGINT");
  process.removeAllListeners("SIGINT");
  process.on("SIGINT", () => {
    void (async () => {
      await interrupt();
      await settled(1500);
      quietTslabStack(1000);
      for (const listener of theirs) (listener as (s: NodeJS.Signals) => void)("SIGINT");
    })();
  });
}
