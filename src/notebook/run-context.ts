// What a headless run tells the code its cells call, and what that code tells the run back:
// the caller's settings (e.g. the lab options `vethbook run --target ssh` resolved), and
// metadata for the executed notebook (the target and hostnames a lab really connected to).
// Outside a run (in a Jupyter kernel) there is no context, and recording is a no-op.

export interface RunContext {
  /** Settings the caller of the run handed down, by name (e.g. `lab`). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Merged into the executed notebook's `metadata.vethbook`. */
  readonly metadata: Record<string, unknown>;
  /** The notebook being run, as the run names it (its file name). */
  readonly notebook?: string;
}

let current: RunContext | undefined;

/** The run in progress in this process, if any. */
export function currentRun(): RunContext | undefined {
  return current;
}

/** Record facts about the run for the executed notebook's metadata (no-op outside a run).
 *  Objects merge one level deep, so `{ hostnames: { vm1: "docker1" } }` adds to what is there. */
export function recordRunMetadata(patch: Record<string, unknown>): void {
  if (!current) return;
  for (const [key, value] of Object.entries(patch)) {
    const old = current.metadata[key];
    current.metadata[key] = isPlainObject(old) && isPlainObject(value) ? { ...old, ...value } : value;
  }
}

/** Runner-internal: make `context` current while `fn` runs. Runs do not nest (the runner
 *  queues notebooks), so one slot is enough. */
export async function withRunContext<T>(context: RunContext, fn: () => Promise<T>): Promise<T> {
  const previous = current;
  current = context;
  try {
    return await fn();
  } finally {
    current = previous;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
