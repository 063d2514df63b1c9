/**
 * Number of fast-check runs for property tests: `FUZZ_RUNS` (a positive integer) overrides the
 * per-test default, so CI can fuzz longer (`FUZZ_RUNS=10000`) without editing tests.
 */
export function fuzzRuns(defaultRuns: number): number {
  const raw = process.env.FUZZ_RUNS;
  if (raw === undefined || raw.trim() === '') return defaultRuns;
  const runs = Number(raw);
  return Number.isInteger(runs) && runs > 0 ? runs : defaultRuns;
}
