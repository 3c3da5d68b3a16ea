// Integration tests run against a real sandbox lab wherever the machine allows it
// (Linux + root); elsewhere they skip and say why.
import { describe } from "vitest";
import { checkSandboxSupport } from "../../src/targets/sandbox/preflight.js";
import { openLab, type Lab } from "../../src/targets/connect.js";

function sandboxSkipReason(): string | undefined {
  try {
    checkSandboxSupport();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export const sandboxSkip = sandboxSkipReason();
if (sandboxSkip && process.env.CI) {
  // CI must run the integration tests: a skip there would hide a broken machine.
  throw new Error(`CI cannot run the sandbox tests: ${sandboxSkip}`);
}

/** describe() that runs only where the sandbox works, and says why it skipped. */
export const describeSandbox: typeof describe = (sandboxSkip
  ? ((name: string, fn: any) => describe.skip(`${name} (skipped: ${sandboxSkip})`, fn))
  : describe) as typeof describe;

/** A lab owned by this test file, torn down by lab.close() (never a detached `lab up` lab). */
export async function ownLab(): Promise<Lab> {
  const lab = openLab({ target: "sandbox", sandbox: "own" });
  await lab.sandboxState();
  return lab;
}
