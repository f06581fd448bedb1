// Mocha's spec reporter plus a machine-readable result: when LW_MOCHA_RESULT_FILE is set, writes
// { passed, failed, pending, failures } there at the end so scripts/test.mjs can add up the stages and
// name the failed tests at the end of its output (CI keeps only the tail of a long log).
const fs = require('node:fs');
const Mocha = require('mocha');

class CountsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: firstLine(err) }));
    runner.once('end', () => {
      const file = process.env.LW_MOCHA_RESULT_FILE;
      if (!file) return;
      const s = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending, failures }));
    });
  }
}

function firstLine(err) {
  const text = String((err && err.message) || err || '');
  const lines = text.split('\n').filter((l) => l.trim());
  // Node's assertion messages end their first line with ':' and say what differed on the next.
  const line = (lines[0] || '').endsWith(':') && lines[1] ? `${lines[0]} ${lines[1].trim()}` : lines[0] || '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

module.exports = CountsReporter;
