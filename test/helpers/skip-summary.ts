// A vitest reporter: at the end of the run, one line that says which suites were skipped and
// why (the "(skipped: …)" their names carry), so a skip is never silent.
import type { Reporter, TestModule } from "vitest/node";

const REASON = /\(skipped: (.+)\)$/;

export default class SkipSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const byReason = new Map<string, number>();
    let unexplained = 0;
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        if (test.result().state !== "skipped") continue;
        let reason: string | undefined;
        // The reason sits in the name of the describe() that was skipped, the test's or an outer one.
        for (let at = test.parent; at.type === "suite" && !reason; at = at.parent) reason = REASON.exec(at.name)?.[1];
        if (reason) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
        else unexplained++;
      }
    }
    if (!byReason.size && !unexplained) return;
    const parts = [...byReason].map(([why, n]) => `${n} for ${why}`);
    if (unexplained) parts.push(`${unexplained} filtered out or skipped without a reason`);
    process.stdout.write(`\nskipped: ${parts.join("; ")}\n`);
  }
}
