// Work that must happen before a command runs, not merely be told about it: a packet trace
// installs TRACE rules scoped to the traffic a command is about to send (ping's host, curl's
// URL) before it sends it. A gate sees the command's words and can hold it back until its
// promise settles; with no gate registered, a command pays nothing.

export interface CommandAboutToRun {
  /** The lab's name for the machine it runs on: vm1, vm2, ... */
  target: string;
  netns?: string;
  container?: string;
  command: string;
}

export type CommandGate = (command: CommandAboutToRun) => Promise<void> | void;

const gates = new Set<CommandGate>();

/** Run `gate` before every command started from now on, until the returned function is called. */
export function addCommandGate(gate: CommandGate): () => void {
  gates.add(gate);
  return () => gates.delete(gate);
}

/** Pass every gate (in the order they were added); a gate that throws fails the command. */
export async function passGates(command: CommandAboutToRun): Promise<void> {
  if (gates.size === 0) return;
  for (const gate of [...gates]) await gate(command);
}
