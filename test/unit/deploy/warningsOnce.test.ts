/** WarningsOnce: the CLI's and the editor's deploy say each warning once (binding, before upload, result). */
import * as assert from 'node:assert/strict';
import { WarningsOnce } from '../../../src/core/deploy/warningsOnce';

describe('deploy warnings are said once', () => {
  it('skips warnings already said with the binding file, and repeats from the engine and the result', () => {
    const written: string[] = [];
    const warnings = new WarningsOnce((w) => written.push(w));
    const bindingWarning = 'Unknown key "Runtme" (did you mean "Runtime"?).';
    warnings.said([bindingWarning]);
    warnings.said(undefined);
    // Before the upload the engine tells everything it knows, the binding's warnings included.
    for (const w of [bindingWarning, 'nodejs16.x is deprecated.']) warnings.say(w);
    // The result lists them all again, plus one found after the upload.
    warnings.sayAll([bindingWarning, 'nodejs16.x is deprecated.', 'Tags are applied only on create.']);
    assert.deepEqual(written, ['nodejs16.x is deprecated.', 'Tags are applied only on create.']);
  });
});
