// Spec output, each failure's message as soon as it happens (a run cut off by CI's time limit still
// says why), then one plain closing line CI can count: "mocha: N passed, N failed, N skipped".
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      const stack = String((error && error.stack) || error).split('\n').slice(0, 12).join('\n');
      process.stdout.write(`\n    ✖ ${test.fullTitle()}\n${stack.replace(/^/gm, '      ')}\n\n`);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      process.stdout.write(`mocha: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped\n`);
    });
  }
}

module.exports = SummaryReporter;
