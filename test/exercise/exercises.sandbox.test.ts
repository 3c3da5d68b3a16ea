// Every check, three ways, on a real sandbox lab: on the lab the exercise sets up (it must
// say "not yet", with a hint), after each plausible wrong attempt (it must fail with that
// attempt's hint), and after the hidden solution (it must pass). A check that passes on an
// untouched lab, or that a wrong attempt gets past, is a defect.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Lab } from "../../src/targets/connect.js";
import { CHAPTERS, PROBE_NETNS, prepare, RESET, runCheck, runSteps } from "../../src/exercise/index.js";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";

const cases = CHAPTERS.flatMap((ch) => ch.exercises.map((ex) => [`${ch.chapter}/${ex.id}`, ch, ex] as const));

describeSandbox("exercise checks on the sandbox", () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await ownLab();
  }, 180_000);
  afterAll(async () => {
    await lab?.close();
  });

  it.each(cases)("%s: not yet when untouched, each wrong attempt gets its hint, the solution passes", async (_name, ch, ex) => {
    await prepare(ex, lab);
    const untouched = await runCheck(ch, ex, lab);
    expect(untouched.passed, `untouched: ${untouched.message}`).toBe(false);
    expect(untouched.message.length).toBeGreaterThan(20);
    expect(untouched.observations.length).toBeGreaterThan(0);

    for (const wrong of ex.wrong) {
      await prepare(ex, lab);
      await runSteps(lab, wrong.steps);
      const r = await runCheck(ch, ex, lab);
      expect(r.passed, `wrong attempt "${wrong.name}" passed`).toBe(false);
      expect(r.message, `wrong attempt "${wrong.name}"`).toContain(wrong.hint);
    }

    await prepare(ex, lab);
    await runSteps(lab, ex.solution);
    const solved = await runCheck(ch, ex, lab);
    expect(solved.passed, `solution: ${solved.message}\n${JSON.stringify(solved.observations, null, 1)}`).toBe(true);
    expect(solved.message).toBe(ex.passed);

    // A check leaves no probe host behind.
    expect((await (await lab.vm("vm1")).sh`ip netns list`.quiet()).stdout).not.toContain(PROBE_NETNS);
  }, 240_000);

  it("the chapters' cleanup puts vm1 back as Docker left it", async () => {
    await runSteps(lab, RESET);
    const vm1 = await lab.vm("vm1");
    expect((await vm1.sh`ip netns list`.quiet()).text()).toBe("");
    const rules = (await vm1.sh`iptables -S`.quiet()).stdout;
    expect(rules).toContain("-P FORWARD DROP");
    expect(rules).not.toContain("11.11.11.");
    expect((await (await lab.vm("vm2")).sh`ip route`.quiet()).stdout).not.toContain("11.11.11.");
  }, 60_000);
});
