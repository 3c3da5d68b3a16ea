// Integration tests run against a real sandbox lab wherever the machine allows it
// (Linux + root); elsewhere they skip and say why (and on CI they may not skip).
import { checkSandboxSupport } from "../../src/targets/sandbox/preflight.js";
import { openLab, type Lab } from "../../src/targets/connect.js";
import { describeUnless, requirement } from "./skip.js";

function sandboxProblem(): string | undefined {
  try {
    checkSandboxSupport();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const problem = sandboxProblem();
export const sandboxSkip = requirement(!problem, `the sandbox lab cannot run here: ${problem}`);

/** describe() that runs only where the sandbox works, and says why it skipped. */
export const describeSandbox = describeUnless(sandboxSkip);

/** A lab owned by this test file, torn down by lab.close() (never a detached `lab up` lab). */
export async function ownLab(): Promise<Lab> {
  const lab = openLab({ target: "sandbox", sandbox: "own" });
  await lab.sandboxState();
  return lab;
}
