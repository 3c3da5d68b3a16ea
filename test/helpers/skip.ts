// Skipping with a reason. A suite that cannot run on this machine says why in its name,
// "(skipped: …)", and the skip summary at the end of `npm test` (skip-summary.ts) lists every
// reason on one line. CI may not skip at all: there, a reason is an error.
import { describe } from "vitest";

type Describe = typeof describe;

/** The reason `why` unless `ok`; on CI a missing requirement fails the run instead. */
export function requirement(ok: boolean, why: string): string | undefined {
  if (ok) return undefined;
  if (process.env.CI) throw new Error(`CI must run every suite, but: ${why}`);
  return why;
}

/** describe() that runs when `reason` is undefined and otherwise skips with it; every
 *  chained form (runIf, skipIf, skip, only, sequential, concurrent) keeps the reason. */
export function describeUnless(reason: string | undefined): Describe {
  if (!reason) return describe;
  const skipped = (name: unknown, ...rest: unknown[]) =>
    (describe.skip as (...a: unknown[]) => void)(`${String(name)} (skipped: ${reason})`, ...rest);
  const chain = () => skipped;
  return Object.assign(skipped, {
    skip: skipped,
    only: skipped,
    sequential: skipped,
    concurrent: skipped,
    shuffle: skipped,
    todo: skipped,
    runIf: chain,
    skipIf: chain,
    each: () => skipped,
    for: () => skipped,
  }) as unknown as Describe;
}
