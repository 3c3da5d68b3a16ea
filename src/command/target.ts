import type { CommandResult } from "./result.js";

export type TargetKind = "sandbox" | "ssh" | "vagrant" | "local";

export interface RunOptions {
  /** Kill the command (and everything it started) after this many milliseconds. */
  timeoutMs?: number;
  /** Run inside this named network namespace of the target (`ip netns exec NAME`). */
  netns?: string;
  /** Run inside this Docker container of the target (as `docker exec NAME` would). */
  container?: string;
  /** Interrupt: when it aborts, the command and everything it started get SIGINT, as Ctrl-C
   *  gives them, then SIGKILL if they are still there a moment later. */
  signal?: AbortSignal;
  /** Run on the target's second shell, beside a long command running on the first (quick
   *  looks only: a background job's output so far). */
  side?: boolean;
  /** The command's output as it arrives, before the result. */
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
}

/**
 * Where commands run. Every target keeps one persistent root shell and frames each
 * command's output, so a round trip costs a write and a read, not a new process.
 * `run` resolves with the result whatever the exit code; it rejects only when the
 * target itself cannot be reached.
 */
export interface Target {
  /** The lab's name for it: vm1, vm2, vm3, or an ssh host alias. */
  readonly name: string;
  readonly kind: TargetKind;
  /** Run a shell script (string) or an argv (every word quoted, nothing evaluated). */
  run(command: string | readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** The target's hostname, as its prompt shows it. */
  hostname(): Promise<string>;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
