// Spec output, each failure's message as soon as it happens (a run cut off by CI's time limit still
// says why), the files that took longest (where CI's time goes), then one plain closing line CI can
// count: "mocha: N passed, N failed, N skipped".
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      const stack = String((error && error.stack) || error).split('\n').slice(0, 12).join('\n');
      process.stdout.write(`\n    ✖ ${test.fullTitle()}\n${stack.replace(/^/gm, '      ')}\n\n`);
    });
    const started = new Map();
    const fileMs = new Map();
    runner.on(Mocha.Runner.constants.EVENT_SUITE_BEGIN, (suite) => {
      if (suite.file && suite.parent && suite.parent.root) started.set(suite, Date.now());
    });
    runner.on(Mocha.Runner.constants.EVENT_SUITE_END, (suite) => {
      const begun = started.get(suite);
      if (begun === undefined) return;
      fileMs.set(suite.file, (fileMs.get(suite.file) || 0) + Date.now() - begun);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      const slowest = [...fileMs].sort((a, b) => b[1] - a[1]).slice(0, 15);
      if (slowest.length > 1) {
        process.stdout.write('\n  slowest files:\n');
        const root = process.cwd() + '/';
        for (const [file, ms] of slowest) process.stdout.write(`    ${(ms / 1000).toFixed(1).padStart(7)} s  ${file.startsWith(root) ? file.slice(root.length) : file}\n`);
      }
      process.stdout.write(`mocha: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped\n`);
    });
  }
}

module.exports = SummaryReporter;
