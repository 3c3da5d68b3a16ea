// Progress of a run: a live line on a terminal (cli-progress), one plain line per cell otherwise.
import { basename } from "node:path";
import cliProgress from "cli-progress";

export type CellStatus = "ok" | "error" | "expected-error" | "skipped" | "timeout" | "interrupted";

export interface ProgressReporter {
  notebookStart(notebook: string, codeCells: number): void;
  cellStart(cellNumber: number, firstLine: string): void;
  cellDone(cellNumber: number, status: CellStatus, durationMs: number): void;
  notebookDone(ok: boolean, durationMs: number): void;
}

export interface ProgressOptions {
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WriteStream;
  /** Force the live bar on or off (default: when the stream is a TTY and CI is unset). */
  live?: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** Where progress goes, that stream's real write(), and whether it gets live bars. */
function destination(options: ProgressOptions): { stream: NodeJS.WriteStream; write: (s: string) => boolean; live: boolean } {
  const stream = options.stream ?? process.stderr;
  return { stream, write: stream.write.bind(stream) as (s: string) => boolean, live: options.live ?? (stream.isTTY === true && !process.env.CI) };
}

/**
 * A reporter bound to the stream's real write(): the runner captures process.stdout/stderr while
 * a cell runs, and the bar's redraw timer must still reach the terminal.
 */
export function createProgress(options: ProgressOptions = {}): ProgressReporter {
  const { stream, write, live } = destination(options);
  return live ? liveProgress(stream, write) : plainProgress(write);
}

/** A reporter that reports nothing (for library callers and tests). */
export const silentProgress: ProgressReporter = {
  notebookStart() {},
  cellStart() {},
  cellDone() {},
  notebookDone() {},
};

function plainProgress(write: (s: string) => boolean): ProgressReporter {
  let name = "";
  let total = 0;
  return {
    notebookStart(notebook, codeCells) {
      name = basename(notebook);
      total = codeCells;
      write(`${name}: ${codeCells} code cells\n`);
    },
    cellStart() {},
    cellDone(n, status, ms) {
      write(`${name}: cell ${n}/${total} ${status} (${seconds(ms)})\n`);
    },
    notebookDone(ok, ms) {
      write(`${name}: ${ok ? "ok" : "FAILED"} in ${seconds(ms)}\n`);
    },
  };
}

/** A view of the stream whose write() is the real one: cli-progress writes through
 *  stream.write (and readline's cursor calls do too), whatever the capture does meanwhile. */
function realView(stream: NodeJS.WriteStream, write: (s: string) => boolean): NodeJS.WriteStream {
  return Object.create(stream, { write: { value: write } }) as NodeJS.WriteStream;
}

function barOptions(stream: NodeJS.WriteStream, format: string): cliProgress.Options {
  return { stream, format, hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 20, autopadding: true };
}

/** A reporter that draws each notebook on a bar `startBar` makes (a line of its own). */
function barReporter(startBar: (name: string, codeCells: number) => cliProgress.SingleBar): ProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  let failures = 0;
  return {
    notebookStart(notebook, codeCells) {
      failures = 0;
      bar = startBar(basename(notebook), codeCells);
    },
    cellStart(n, firstLine) {
      bar?.update(n - 1, { cell: firstLine.slice(0, 40) });
    },
    cellDone(n, status) {
      if (status === "error" || status === "timeout" || status === "interrupted") failures++;
      bar?.update(n, { cell: status === "ok" ? "" : status });
    },
    notebookDone(ok, ms) {
      bar?.update({ cell: ok ? `ok in ${seconds(ms)}` : `FAILED (${failures} cell${failures === 1 ? "" : "s"})` });
      bar?.stop();
      bar = undefined;
    },
  };
}

function liveProgress(stream: NodeJS.WriteStream, write: (s: string) => boolean): ProgressReporter {
  const options = barOptions(realView(stream, write), "{notebook} {bar} cell {value}/{total} | {duration_formatted} | {cell}");
  return barReporter((notebook, codeCells) => {
    const bar = new cliProgress.SingleBar(options, cliProgress.Presets.shades_classic);
    bar.start(codeCells, 0, { notebook, cell: "" });
    return bar;
  });
}

/**
 * Progress for notebooks that run at the same time (`vethbook run --jobs`): one reporter per
 * notebook. On a terminal each notebook gets a live line of its own, all redrawn together;
 * otherwise each cell's line says which notebook it belongs to, as with one at a time.
 */
export interface ParallelProgress {
  /** A reporter for one more notebook. */
  reporter(): ProgressReporter;
  /** Every notebook has finished: leave the lines as they are. */
  stop(): void;
}

export function createParallelProgress(options: ProgressOptions = {}): ParallelProgress {
  const { stream, write, live } = destination(options);
  if (!live) return { reporter: () => plainProgress(write), stop() {} };
  const bars = new cliProgress.MultiBar(barOptions(realView(stream, write), "{notebook} {bar} cell {value}/{total} | {cell}"), cliProgress.Presets.shades_classic);
  return {
    reporter: () => barReporter((notebook, codeCells) => bars.create(codeCells, 0, { notebook, cell: "" })),
    stop() {
      bars.stop();
    },
  };
}
