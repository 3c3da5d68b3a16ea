/** "5s", "250ms", "2m" or a number of milliseconds. */
export function parseDuration(value: number | string): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`timeout must be a positive number of milliseconds, got ${value}`);
    return value;
  }
  const m = value.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/);
  if (!m) throw new RangeError(`cannot read "${value}" as a duration: write e.g. 500ms, 5s, 2m or a number of milliseconds`);
  const n = Number(m[1]);
  const ms = m[2] === "m" ? n * 60_000 : m[2] === "ms" || !m[2] ? n : n * 1000;
  if (ms <= 0) throw new RangeError(`timeout must be positive, got "${value}"`);
  return ms;
}
