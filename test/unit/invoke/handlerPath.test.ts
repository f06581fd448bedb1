/**
 * Absolute handler paths: /var/task/… is the code folder, /opt/… the layers (when there are any),
 * anything else is refused (exit 2) and never run.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkbenchError } from '../../../src/core/errors';
import { createEnvironment } from '../../../src/core/invoke/environment';
import { mapHandlerPath } from '../../../src/core/invoke/handlerPath';
import { resolveLocalConfig } from '../../../src/core/invoke/localConfig';
import { locateHandler } from '../../../src/core/invoke/preflight';
import { mapOptRequest } from '../../../src/core/invoke/worker/optRequires';
import { handlerCandidates } from '../../../src/core/package/handlerFile';
import { runCli, type CliRun } from '../../support/cli';

const cli = (args: string[]): Promise<CliRun> => runCli(['invoke', ...args]);

describe('absolute handler paths', () => {
  let dir: string;
  let app: string;
  let evil: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lw-handler-path-'));
    app = path.join(dir, 'app');
    evil = path.join(dir, 'elsewhere');
    mkdirSync(path.join(app, 'src'), { recursive: true });
    mkdirSync(evil);
    writeFileSync(path.join(app, 'src', 'main.js'), "exports.handler = async () => 'from the task root';");
    writeFileSync(path.join(evil, 'evil.js'), `require('fs').writeFileSync(${JSON.stringify(path.join(evil, 'RAN'))}, 'x'); exports.handler = async () => 'evil';`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('mapHandlerPath: relative as it is, /var/task to the folder, /opt to the layers, others refused', () => {
    assert.equal(mapHandlerPath('src/main.handler', { codeDir: app }), 'src/main.handler');
    assert.equal(mapHandlerPath('/var/task/src/main.handler', { codeDir: app }), 'src/main.handler');
    assert.equal(mapHandlerPath('/opt/nodejs/lib.handler', { codeDir: app, layersDir: '/layers' }), path.join('/layers', 'nodejs', 'lib.handler'));
    assert.throws(() => mapHandlerPath('/opt/nodejs/lib.handler', { codeDir: app }), (e: unknown) => e instanceof WorkbenchError && e.kind === 'validation' && /no layers/.test(e.message));
    for (const bad of ['/elsewhere/evil.handler', '/var/taskx/a.handler', '/var/task', 'C:\\evil\\x.handler']) {
      assert.throws(() => mapHandlerPath(bad, { codeDir: app }), (e: unknown) => e instanceof WorkbenchError && e.kind === 'validation' && /absolute path outside \/var\/task and \/opt/.test(e.message), bad);
    }
  });

  it('a function with Layers may name a handler in /opt: accepted before they are fetched, found in them after; without Layers refused', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:layer:tools:1';
    writeFileSync(path.join(app, 'lambda-workbench.json'), JSON.stringify({ Handler: '/opt/tools/run.handler', Layers: [arn] }));
    const local = await resolveLocalConfig({ folder: app });
    assert.deepEqual([local.config.handler, local.layers], ['/opt/tools/run.handler', [arn]]);
    const opt = path.join(dir, 'opt');
    mkdirSync(path.join(opt, 'tools'), { recursive: true });
    writeFileSync(path.join(opt, 'tools', 'run.js'), 'exports.handler = async () => 1;');
    assert.equal(locateHandler(app, local.config.handler, opt).file, path.join(opt, 'tools', 'run.js'));
    assert.throws(() => locateHandler(app, '/opt/tools/gone.handler', opt), (e: unknown) => e instanceof WorkbenchError && /not found in \/opt \(looked for \/opt\/tools\/gone\.js/.test(e.message));
    writeFileSync(path.join(app, 'lambda-workbench.json'), JSON.stringify({ Handler: '/opt/tools/run.handler' }));
    await assert.rejects(resolveLocalConfig({ folder: app }), (e: unknown) => e instanceof WorkbenchError && /no layers/.test(e.message));
  });

  it('require("/opt/…") maps into the layers\' folder; other paths, /optical included, stay as they are', () => {
    assert.equal(mapOptRequest('/opt/nodejs/utils', '/cache/opt'), path.join('/cache/opt', 'nodejs', 'utils'));
    assert.equal(mapOptRequest('/opt', '/cache/opt'), path.join('/cache/opt'));
    for (const same of ['/optical/x', './opt/x', 'opt/x', 'pkg', '/var/task/x']) assert.equal(mapOptRequest(same, '/cache/opt'), same);
  });

  it('invoke --handler /var/task/src/main.handler runs the folder\'s file', async () => {
    const r = await cli([app, '--handler', '/var/task/src/main.handler']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '"from the task root"');
  });

  it('invoke --handler /elsewhere/evil.handler exits 2 and runs nothing', async () => {
    const r = await cli([app, '--handler', `${evil}/evil.handler`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /is an absolute path outside \/var\/task and \/opt; it was not run/);
    assert.equal(existsSync(path.join(evil, 'RAN')), false);
    const opt = await cli([app, '--handler', '/opt/nodejs/lib.handler']);
    assert.equal(opt.code, 2, opt.stderr);
    assert.match(opt.stderr, /no layers/);
  });

  it('createEnvironment (the extension and the emulator path) refuses it before any worker starts', async () => {
    await assert.rejects(createEnvironment({ codeDir: app, handler: `${evil}/evil.handler` }), (e: unknown) => e instanceof WorkbenchError && e.kind === 'validation');
    assert.equal(existsSync(path.join(evil, 'RAN')), false);
  });

  it('the package check looks for /var/task handlers inside the package', () => {
    assert.deepEqual(handlerCandidates('/var/task/src/app.handler').slice(0, 1), ['src/app.js']);
    assert.deepEqual(handlerCandidates('/opt/x.handler'), []);
  });
});
