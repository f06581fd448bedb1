import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { attachConfiguration, inspectorPort, SESSION_MARK } from '../../../src/vscode/debug/attachConfig';
import { DEBUG_TYPE, initialConfiguration, parseLaunchConfig } from '../../../src/vscode/debug/launchConfig';
import { WorkbenchError } from '../../../src/core/errors';

const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function refused(raw: Record<string, unknown>, field: string): WorkbenchError {
  try {
    parseLaunchConfig(raw);
  } catch (e) {
    assert.ok(e instanceof WorkbenchError);
    assert.equal(e.kind, 'validation');
    assert.equal((e.toJSON() as { path?: string }).path, field);
    return e;
  }
  assert.fail(`accepted ${JSON.stringify(raw)}`);
}

describe('Debug Locally launch configuration', () => {
  const base = { type: DEBUG_TYPE, request: 'launch', name: 'Debug', folder: '/ws/fn' };

  it('takes folder, handler, an event file or an inline event, runtime, timeout (0 = none), memory, env and port', () => {
    assert.deepEqual(parseLaunchConfig({ ...base, handler: 'src/app.handler', event: '.lambda/events/fn/one.json', runtime: 'nodejs22.x', timeout: 0, memorySize: 256, env: { A: '1' }, port: 9229 }), {
      name: 'Debug',
      folder: '/ws/fn',
      handler: 'src/app.handler',
      event: { file: '.lambda/events/fn/one.json' },
      runtime: 'nodejs22.x',
      timeout: 0,
      memorySize: 256,
      env: { A: '1' },
      port: 9229,
    });
    assert.deepEqual(parseLaunchConfig({ ...base, event: { id: 1 } }).event, { inline: { id: 1 } });
    assert.deepEqual(parseLaunchConfig({ ...base, event: null }).event, { inline: null });
    assert.equal(parseLaunchConfig(base).event, undefined, 'no event: the picker');
    // VS Code's own keys pass.
    assert.equal(parseLaunchConfig({ ...base, preLaunchTask: 'build', __configurationTarget: 5 }).folder, '/ws/fn');
  });

  it('names the field that is wrong', () => {
    assert.match(refused({ ...base, folder: undefined }, '$.folder').message, /no "folder"/);
    refused({ ...base, folder: '  ' }, '$.folder');
    refused({ ...base, request: 'attach' }, '$.request');
    refused({ ...base, handler: 3 }, '$.handler');
    refused({ ...base, timeout: -1 }, '$.timeout');
    refused({ ...base, timeout: 1.5 }, '$.timeout');
    refused({ ...base, memorySize: '128' }, '$.memorySize');
    refused({ ...base, env: { A: 1 } }, '$.env');
    refused({ ...base, env: ['A=1'] }, '$.env');
    refused({ ...base, port: 70000 }, '$.port');
    refused({ ...base, event: '' }, '$.event');
  });

  it('offers an initial configuration that its own check accepts, as package.json does', () => {
    const initial = initialConfiguration('src/app.handler', '${workspaceFolder}/fn');
    assert.equal(parseLaunchConfig(initial).handler, 'src/app.handler');
    const debuggers = pkg.contributes.debuggers as { type: string; initialConfigurations: Record<string, unknown>[]; configurationAttributes: { launch: { properties: Record<string, unknown>; required: string[] } } }[];
    const ours = debuggers.find((d) => d.type === DEBUG_TYPE);
    assert.ok(ours);
    for (const c of ours.initialConfigurations) assert.ok(parseLaunchConfig(c));
    assert.deepEqual(Object.keys(ours.configurationAttributes.launch.properties).sort(), ['env', 'event', 'folder', 'handler', 'memorySize', 'port', 'runtime', 'timeout']);
    assert.deepEqual(ours.configurationAttributes.launch.required, ['folder']);
    assert.ok((pkg.activationEvents as string[]).includes(`onDebugResolve:${DEBUG_TYPE}`));
  });
});

describe('Debug Locally attach configuration', () => {
  const url = 'ws://127.0.0.1:40123/3aa07961-a357-4b25-b625-089184c1beb1';

  it('attaches js-debug to the inspector, skipping our runtime and Node internals, with source maps for the handler folder', () => {
    const c = attachConfiguration({ inspectorUrl: url, codeDir: '/ws/fn', runtimeDir: '/ext/dist', name: 'Debug', id: 'abc' });
    assert.equal(c.type, 'pwa-node');
    assert.equal(c.request, 'attach');
    assert.equal(c.port, 40123);
    assert.equal(c.websocketAddress, url);
    assert.equal(c.continueOnAttach, true);
    assert.deepEqual(c.skipFiles, ['<node_internals>/**', '/ext/dist/**']);
    assert.equal(c.sourceMaps, true);
    assert.deepEqual(c.resolveSourceMapLocations, ['/ws/fn/**', '!**/node_modules/**']);
    assert.equal(c[SESSION_MARK], 'abc');
    assert.deepEqual(c.outFiles, []);
    assert.equal(c.localRoot, undefined);
  });

  it('as deployed, maps the unzipped package back to the sources: a build by its maps (scanned up front), copies by path', () => {
    const built = attachConfiguration({ inspectorUrl: url, codeDir: '/tmp/pkg', sources: { dir: '/ws/fn', built: true }, runtimeDir: '/ext/dist', name: 'Debug', id: 'abc' });
    assert.deepEqual(built.outFiles, ['/tmp/pkg/**/*.{js,mjs,cjs}', '!**/node_modules/**']);
    assert.deepEqual(built.resolveSourceMapLocations, ['/tmp/pkg/**', '!**/node_modules/**']);
    assert.equal(built.localRoot, undefined, 'the maps name the sources: no path mapping on top');
    const copied = attachConfiguration({ inspectorUrl: url, codeDir: '/tmp/pkg', sources: { dir: '/ws/fn', built: false }, runtimeDir: '/ext/dist', name: 'Debug', id: 'abc' });
    assert.equal(copied.localRoot, '/ws/fn');
    assert.equal(copied.remoteRoot, '/tmp/pkg');
    assert.deepEqual(copied.outFiles, []);
    const same = attachConfiguration({ inspectorUrl: url, codeDir: '/ws/fn', sources: { dir: '/ws/fn', built: false }, runtimeDir: '/ext/dist', name: 'Debug', id: 'abc' });
    assert.equal(same.localRoot, undefined, 'the sources themselves: nothing to map');
  });

  it('reads the port from the inspector URL and refuses anything else', () => {
    assert.equal(inspectorPort(url), 40123);
    assert.throws(() => inspectorPort('http://127.0.0.1:9229/x'));
    assert.throws(() => inspectorPort('ws://127.0.0.1/x'));
  });
});
