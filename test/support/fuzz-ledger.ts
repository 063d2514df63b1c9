/**
 * Records every fast-check property run while mocha runs (`npm run fuzz`): which test ran it, how
 * many runs it made and whether it failed. Installed as a fast-check global reporter, so existing
 * `fc.assert` calls are counted without change; the reporter still throws fast-check's own
 * counterexample report on failure.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';

export type PropertyRecord = { test: string; runs: number; failed: boolean };

const records: PropertyRecord[] = [];
let currentTest = '(outside a test)';

function record(details: fc.RunDetails<unknown>): void {
  records.push({ test: currentTest, runs: details.numRuns, failed: details.failed });
}

/**
 * Installs the reporter; returns the ledger (filled as properties run). Mocha may load a test file
 * through `require` (tsx compiles it to CommonJS) and so reach fast-check's CommonJS build, a
 * separate module instance with its own global configuration: configure both.
 */
export function installFuzzLedger(): readonly PropertyRecord[] {
  const instances = new Set<typeof fc>([fc, createRequire(import.meta.url)('fast-check') as typeof fc]);
  for (const instance of instances) {
    instance.configureGlobal({
      ...instance.readConfigureGlobal(),
      reporter: (details) => {
        record(details);
        if (details.failed) throw new Error(instance.defaultReportMessage(details));
      },
    });
  }
  return records;
}

/** Mocha root hooks naming the test that runs the next properties. */
export const fuzzLedgerHooks = {
  beforeEach(this: Mocha.Context): void {
    currentTest = this.currentTest?.fullTitle() ?? '(unnamed)';
  },
};
