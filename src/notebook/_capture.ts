// Turn what a running cell writes into nbformat outputs: process.stdout/stderr writes and the
// global console (what the tslab kernel forwards as stream messages), and tslab's display hook
// (display_data / update_display_data). One Capture is installed per notebook run; it routes
// to the collector of the cell that runs now, and passes through while paused (hooks, progress).
import { Console } from "node:console";
import { format } from "node:util";
import { tslabJupyterModule, type DisplayMessage, type WriteDisplayData } from "./display.js";
import type { DisplayDataOutput, ErrorOutput, Output, StreamOutput } from "./types.js";

type StreamName = "stdout" | "stderr";
type Write = typeof process.stdout.write;

/** The outputs of one cell, in the order they happened; consecutive writes to a stream merge. */
export class OutputCollector {
  readonly outputs: Output[] = [];

  /** displays: display id → every output shown under it, across the whole notebook. */
  constructor(private readonly displays: Map<string, DisplayDataOutput[]>) {}

  stream(name: StreamName, text: string): void {
    if (text === "") return;
    const last = this.outputs.at(-1);
    if (last?.output_type === "stream" && last.name === name) last.text += text;
    else this.outputs.push({ output_type: "stream", name, text } satisfies StreamOutput);
  }

  display(message: DisplayMessage, update: boolean): void {
    const id = message.transient?.display_id;
    if (update) {
      // As nbclient does: an update rewrites every output shown under that id, in any cell.
      for (const out of (id && this.displays.get(id)) || []) {
        out.data = { ...message.data };
        out.metadata = { ...message.metadata };
      }
      return;
    }
    const out: DisplayDataOutput = { output_type: "display_data", data: { ...message.data }, metadata: { ...message.metadata } };
    if (id) {
      out.transient = { display_id: id };
      this.displays.set(id, [...(this.displays.get(id) ?? []), out]);
    }
    this.outputs.push(out);
  }

  result(executionCount: number, value: unknown): void {
    // A value that prints as nothing (one whose display already said it all) adds no output.
    if (format(value) === "") return;
    this.outputs.push({
      output_type: "execute_result",
      execution_count: executionCount,
      // tslab prints a cell's last value with console.log; this is the same text.
      data: { "text/plain": format(value) },
      metadata: {},
    });
  }

  error(output: ErrorOutput): void {
    this.outputs.push(output);
  }
}

export class Capture {
  private target: OutputCollector | null = null;
  private pausedDepth = 0;
  private saved?: { out: Write; err: Write; console: Console; display: WriteDisplayData | null };

  install(): void {
    if (this.saved) return;
    const jupyter = tslabJupyterModule();
    this.saved = { out: process.stdout.write, err: process.stderr.write, console: globalThis.console, display: jupyter.lastWriteDisplayData };
    process.stdout.write = this.writer("stdout", this.saved.out.bind(process.stdout));
    process.stderr.write = this.writer("stderr", this.saved.err.bind(process.stderr));
    // A console of our own: test runners (vitest) replace the global console with one that
    // does not go through process.stdout, and cells must be captured there too.
    globalThis.console = new Console({
      stdout: { write: (s: string) => process.stdout.write(s) } as NodeJS.WritableStream,
      stderr: { write: (s: string) => process.stderr.write(s) } as NodeJS.WritableStream,
      ignoreErrors: false,
      colorMode: false,
    });
    jupyter.lastWriteDisplayData = this.displayHook();
  }

  /** A display hook of its own for each cell, as the kernel gives each execute_request one:
   *  code that needs to know which cell it runs in can compare hooks. */
  private displayHook(): WriteDisplayData {
    return (message, update) => {
      if (this.target && this.pausedDepth === 0) this.target.display(message, update === true);
      else this.saved?.display?.(message, update);
    };
  }

  uninstall(): void {
    if (!this.saved) return;
    process.stdout.write = this.saved.out;
    process.stderr.write = this.saved.err;
    globalThis.console = this.saved.console;
    tslabJupyterModule().lastWriteDisplayData = this.saved.display;
    this.saved = undefined;
    this.target = null;
  }

  /** Route output to this cell from now on (late async output of a cell lands in the last one, as in the kernel). */
  routeTo(collector: OutputCollector): void {
    this.target = collector;
    if (this.saved) tslabJupyterModule().lastWriteDisplayData = this.displayHook();
  }

  /** Run fn with output going where it would without the capture (for hooks and progress). */
  async paused<T>(fn: () => T | Promise<T>): Promise<T> {
    this.pausedDepth++;
    try {
      return await fn();
    } finally {
      this.pausedDepth--;
    }
  }

  private writer(name: StreamName, passThrough: Write): Write {
    const capture = this;
    return function write(chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean {
      if (!capture.target || capture.pausedDepth > 0) return (passThrough as (...a: unknown[]) => boolean)(chunk, encodingOrCb, cb);
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      capture.target.stream(name, text);
      const done = typeof encodingOrCb === "function" ? encodingOrCb : cb;
      if (typeof done === "function") process.nextTick(done as () => void);
      return true;
    } as Write;
  }
}
