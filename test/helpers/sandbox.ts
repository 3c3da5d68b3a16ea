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

/** Chapter 2's lab on vm1: RED and BLUE cabled to br0, 11.11.11.2 and .3, all up. */
export const CHAPTER2_BRIDGE = `set -e
ip netns add RED; ip netns add BLUE
ip link add reth0 netns RED type veth peer name reth1
ip link add beth0 netns BLUE type veth peer name beth1
ip link add br0 type bridge
ip link set reth1 master br0; ip link set beth1 master br0
ip -n RED addr add 11.11.11.2/24 dev reth0; ip -n BLUE addr add 11.11.11.3/24 dev beth0
ip -n RED link set reth0 up; ip -n BLUE link set beth0 up
ip link set reth1 up; ip link set beth1 up; ip link set br0 up`;
