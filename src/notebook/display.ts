// How notebook code publishes rich output so that both the tslab kernel (in Jupyter) and the
// headless runner see it: through tslab's own process-wide display hook,
// `require("tslab/dist/jupyter").lastWriteDisplayData(message, update)`. The kernel sets it
// before every execute_request; the runner sets it for the whole run. Kernel-helpers call
// publishDisplay() and never talk to the hook directly.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { MimeBundle } from "./types.js";

/** The message tslab's hook takes: an IPython display_data content. */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

export type WriteDisplayData = (message: DisplayMessage, update?: boolean) => void;

export interface PublishOptions {
  /** Give the output an id; later publishes with the same id and `update: true` replace it. */
  displayId?: string;
  /** Replace the output published earlier under `displayId` instead of adding one. */
  update?: boolean;
  /** Output metadata (e.g. { "image/png": { width: 400 } }). */
  metadata?: Record<string, unknown>;
  /** Publish through this hook (one a cell had: currentDisplayHook()) rather than the
   *  current cell's, so a late update or a live block lands where it began. */
  via?: WriteDisplayData | null;
}

interface TslabJupyterModule {
  lastWriteDisplayData: WriteDisplayData | null;
}

let jupyterModule: TslabJupyterModule | undefined;

/**
 * tslab's jupyter module: the same instance the kernel and tslab's public `display` API use,
 * because Node caches it by its resolved path (this package's node_modules/tslab).
 */
export function tslabJupyterModule(): TslabJupyterModule {
  jupyterModule ??= createRequire(import.meta.url)("tslab/dist/jupyter") as TslabJupyterModule;
  return jupyterModule;
}

/** The display hook of the cell running now (null outside a kernel or a run). */
export function currentDisplayHook(): WriteDisplayData | null {
  return tslabJupyterModule().lastWriteDisplayData;
}

/** A new display id, shaped like tslab's own (16 hex digits). */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Publish a MIME bundle as one display_data output (or an update_display_data when
 * `update` is set). Carry "text/plain" in every bundle: it is what a terminal, a plain
 * log and the exported notes fall back to. Outside a kernel or the runner (plain node),
 * the text/plain part is printed to stdout instead.
 */
export function publishDisplay(data: MimeBundle, options: PublishOptions = {}): void {
  const message: DisplayMessage = {
    data,
    metadata: options.metadata ?? {},
    transient: options.displayId ? { display_id: options.displayId } : {},
  };
  const write = options.via !== undefined ? options.via : tslabJupyterModule().lastWriteDisplayData;
  if (typeof write === "function") {
    write(message, options.update === true);
    return;
  }
  const text = data["text/plain"];
  if (typeof text === "string") process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}
