// Mocha's spec reporter plus a machine-readable result: when LW_MOCHA_RESULT_FILE is set, writes
// { passed, failed, pending } there at the end so scripts/test.mjs can add up the stages.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.LW_MOCHA_RESULT_FILE;
      if (!file) return;
      const s = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending }));
    });
  }
}

module.exports = CountsReporter;
