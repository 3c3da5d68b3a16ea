// One worker of `vethbook run --jobs N` (see _parallel.ts): runs the notebooks its parent
// sends, one at a time, on a sandbox lab of its own (started with the first notebook, ended
// with this process), writes each executed copy, and reports its progress as messages.
import { writeNotebook } from "../notebook/ipynb.js";
import { runNotebook } from "../notebook/runner.js";
import type { ProgressReporter } from "../notebook/progress.js";
import { interruptOnCtrlC } from "./_ctrl-c.js";
import type { FromWorker, ToWorker } from "./_parallel.js";

const send = (m: FromWorker) => {
  if (process.connected) process.send!(m);
};

// Ctrl-C as in `vethbook run` (the parent passes each press on, and says it once for all).
const ctrlC = interruptOnCtrlC(false);
// The parent is gone (killed, or its terminal closed): stop, and let the lab end with us.
process.on("disconnect", () => {
  ctrlC.abandon();
  setTimeout(() => process.exit(130), 3000).unref();
});

const progress: ProgressReporter = {
  notebookStart: (notebook, codeCells) => send({ type: "notebookStart", notebook, codeCells }),
  cellStart: (cellNumber, firstLine) => send({ type: "cellStart", cellNumber, firstLine }),
  cellDone: (cellNumber, status, durationMs) => send({ type: "cellDone", cellNumber, status, durationMs }),
  notebookDone: (ok, durationMs) => send({ type: "notebookDone", ok, durationMs }),
};

process.on("message", (m: ToWorker) => {
  if (m.type === "end") {
    process.disconnect();
    // The lab this process owns ends when it exits; nothing else keeps it.
    setImmediate(() => process.exit(0));
    return;
  }
  void (async () => {
    try {
      const result = await runNotebook(m.notebook, {
        parameters: m.parameters,
        timeout: m.timeout,
        allowErrors: m.allowErrors,
        progress,
        settings: { lab: m.lab },
        signal: ctrlC.signal,
      });
      await writeNotebook(m.output, result.notebook);
      send({ type: "done", notebook: m.notebook, output: m.output, ok: result.ok, errors: result.errors.map((e) => e.message) });
    } catch (e) {
      send({ type: "failed", notebook: m.notebook, message: (e as Error).message });
    }
  })();
});
