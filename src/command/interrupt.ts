// Interrupts, the way a learner means them: Jupyter's Interrupt button (or Ctrl-C in
// `vethbook run`) stops what the running cell is waiting for. Work is grouped into scopes —
// a notebook cell, as the code that runs cells says through setScopeProvider() — and each
// scope has an AbortSignal that every command started in it runs under. interrupt() aborts
// them, stops the background jobs the interrupted scope started, and makes later commands
// of that scope fail at once (as Python's KeyboardInterrupt would).

export interface Stoppable {
  stop(): Promise<unknown>;
}

interface Scope {
  controller: AbortController;
  jobs: Set<Stoppable>;
  /** Commands of this scope running now. */
  running: number;
}

let provider: () => unknown = () => undefined;
const GLOBAL = {};
const scopes = new WeakMap<object, Scope>();
/** Scopes with something running or started (a WeakMap cannot be walked). */
const live = new Set<Scope>();

/** Tell the command layer what the current scope is (an object that stays the same for
 *  one cell and changes with the next); undefined means one scope for everything. */
export function setScopeProvider(fn: () => unknown): void {
  provider = fn;
}

function current(): Scope {
  const token = provider();
  const key = (typeof token === "object" || typeof token === "function") && token !== null ? token : GLOBAL;
  let scope = scopes.get(key);
  // Outside cells there is one scope: once what an interrupt stopped has ended, the next
  // command runs as usual.
  if (scope && key === GLOBAL && scope.controller.signal.aborted && !scope.running) scope = undefined;
  if (!scope) {
    scope = { controller: new AbortController(), jobs: new Set(), running: 0 };
    scopes.set(key, scope);
  }
  return scope;
}

/** The signal commands started now run under. */
export function ambientSignal(): AbortSignal {
  return current().controller.signal;
}

/** Count a command of the current scope as running until `done` settles. */
export function trackRunning<T>(done: Promise<T>): Promise<T> {
  const scope = current();
  scope.running++;
  live.add(scope);
  return done.finally(() => {
    scope.running--;
    if (!scope.running && !scope.jobs.size) live.delete(scope);
  });
}

/** A background job of the current scope: it is stopped when that scope is interrupted. */
export function trackJob(job: Stoppable): void {
  const scope = current();
  scope.jobs.add(job);
  live.add(scope);
}

export function untrackJob(job: Stoppable): void {
  for (const scope of live) {
    scope.jobs.delete(job);
    if (!scope.running && !scope.jobs.size) live.delete(scope);
  }
}

export interface InterruptOutcome {
  /** Commands that were running and got the interrupt. */
  commands: number;
  /** Background jobs of the interrupted scope, stopped. */
  jobs: number;
}

/**
 * Interrupt the current scope: every running command (of any scope: an abandoned cell's
 * too) gets SIGINT, then SIGKILL; the current scope's background jobs are stopped; its later
 * commands fail at once. Resolves when the jobs have stopped.
 */
export async function interrupt(): Promise<InterruptOutcome> {
  const scope = current();
  let commands = 0;
  for (const s of live) {
    commands += s.running;
    if (s.running) s.controller.abort(new Error("interrupted"));
  }
  scope.controller.abort(new Error("interrupted"));
  const jobs = [...scope.jobs];
  scope.jobs.clear();
  await Promise.allSettled(jobs.map((j) => j.stop()));
  return { commands, jobs: jobs.length };
}

/** How many commands run now, in any scope. */
export function runningCommands(): number {
  let n = 0;
  for (const s of live) n += s.running;
  return n;
}
