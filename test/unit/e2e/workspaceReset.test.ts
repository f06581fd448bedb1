/** The e2e runner's workspace reset: what a spec adds is deleted after it; what was there stays. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listTree, removeAdditions } from '../../e2e/framework/run';

describe('e2e workspace reset between specs', () => {
  it('deletes the top-most added paths and keeps (changed) files that existed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-e2e-reset-'));
    try {
      fs.mkdirSync(path.join(root, 'hello-cjs', '.lambda', 'events'), { recursive: true });
      fs.writeFileSync(path.join(root, 'hello-cjs', 'index.js'), 'a');
      const initial = listTree(root);
      // What a spec leaves: a wizard's folder, a new file beside old ones, a changed old file.
      fs.mkdirSync(path.join(root, 'services', 'wiz-1', 'src'), { recursive: true });
      fs.writeFileSync(path.join(root, 'services', 'wiz-1', 'src', 'index.js'), 'b');
      fs.writeFileSync(path.join(root, 'hello-cjs', '.lambda', 'deploy-state.json'), '{}');
      fs.writeFileSync(path.join(root, 'hello-cjs', 'index.js'), 'changed');
      assert.deepEqual(removeAdditions(root, initial).sort(), ['hello-cjs/.lambda/deploy-state.json', 'services']);
      assert.deepEqual([...listTree(root)].sort(), [...initial].sort());
      assert.equal(fs.readFileSync(path.join(root, 'hello-cjs', 'index.js'), 'utf8'), 'changed', 'changes to existing files are not undone');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
