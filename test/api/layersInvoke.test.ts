/**
 * Layers in local invoke, against the local server: the server's own Invoke runs a function with
 * its layers under /opt (later layers over earlier ones), and `lambda-workbench invoke` (a real CLI
 * process) fetches the layers a binding file lists once into the per-user cache, requires a module
 * only the layer provides (CommonJS through NODE_PATH; ES modules too, as Lambda's runtime searches NODE_PATH for them), and stops with a
 * clear error naming a layer it cannot read, before anything runs.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { createLocalInvoker } from '../../src/core/invoke';
import { createInput, makeZip, startHarness, waitReady, type Harness } from './emulatorHarness';

const CLI = resolve(__dirname, '../../src/cli.js');

describe('layers in local invoke', function () {
  this.timeout(90_000);
  let h: Harness;
  let dir: string;
  let greeterArn: string;
  let overrideArn: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-layers-invoke-'));
    h = await startHarness({ invoker: createLocalInvoker() });
    const greeter = await makeZip({
      'nodejs/node_modules/greeter/index.js': 'exports.greet = (n) => `hello ${n} from the layer`;\nexports.version = require("./version.json").v;\n',
      'nodejs/node_modules/greeter/version.json': '{"v":1}',
      'nodejs/node_modules/shared/package.json': '{"name":"shared","main":"main.js"}',
      'nodejs/node_modules/shared/main.js': 'module.exports = "first layer";\n',
    });
    greeterArn = (await h.client().send(new PublishLayerVersionCommand({ LayerName: 'greeter', Content: { ZipFile: greeter } }))).LayerVersionArn!;
    // A second layer that overwrites one of the first one's files.
    const override = await makeZip({ 'nodejs/node_modules/shared/main.js': 'module.exports = "second layer";\n' });
    overrideArn = (await h.client().send(new PublishLayerVersionCommand({ LayerName: 'override', Content: { ZipFile: override } }))).LayerVersionArn!;
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A real CLI process; asynchronous, since the server it talks to runs in this process. */
  function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
        AWS_REGION: 'us-east-1',
        LAMBDA_WORKBENCH_CACHE_DIR: join(dir, 'cache'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  }

  function folder(name: string, files: Record<string, string>, layers: string[]): string {
    const f = join(dir, name);
    mkdirSync(f, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(f, file), text);
    writeFileSync(join(f, 'lambda-workbench.json'), JSON.stringify({ FunctionName: name, Runtime: 'nodejs22.x', Handler: Object.keys(files)[0].replace(/\.[cm]?js$/, '') + '.handler', Layers: layers }));
    return f;
  }

  it('the local server runs a function with its layers under /opt (later layers overwrite earlier files)', async () => {
    const code = await makeZip({
      'index.js': 'exports.handler = async () => ({ greeting: require("greeter").greet("server"), shared: require("shared"), nodePath: process.env.NODE_PATH });\n',
    });
    await h.client().send(new CreateFunctionCommand(createInput('uses-layers', code, { Layers: [greeterArn, overrideArn] })));
    await waitReady(h.client(), 'uses-layers');
    const out = await h.client().send(new InvokeCommand({ FunctionName: 'uses-layers' }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    const body = JSON.parse(Buffer.from(out.Payload!).toString()) as { greeting: string; shared: string; nodePath: string };
    assert.equal(body.greeting, 'hello server from the layer');
    assert.equal(body.shared, 'second layer');
    // The runtime's order: nodejs/node22/node_modules, then nodejs/node_modules, then the runtime's, then the task root.
    const parts = body.nodePath.split(':');
    assert.match(parts[0], /nodejs[\\/]node22[\\/]node_modules$/);
    assert.match(parts[1], /nodejs[\\/]node_modules$/);
    assert.deepEqual(parts.slice(2, 4), ['/var/runtime/node_modules', '/var/runtime']);
  });

  it('a function without the layer cannot require the module (the layer is what provides it)', async () => {
    const code = await makeZip({ 'index.js': 'exports.handler = async () => require("greeter").greet("x");\n' });
    await h.client().send(new CreateFunctionCommand(createInput('no-layers', code)));
    await waitReady(h.client(), 'no-layers');
    const out = await h.client().send(new InvokeCommand({ FunctionName: 'no-layers' }));
    assert.equal(out.FunctionError, 'Unhandled');
    assert.match(Buffer.from(out.Payload!).toString(), /Cannot find module 'greeter'/);
  });

  it('CLI: requires (CommonJS) a module only the layer provides; the layer is fetched once, then cached', async () => {
    const f = folder('cjs-layer', { 'index.js': 'exports.handler = async (e) => require("greeter").greet(e.name) + " v" + require("greeter").version;\n' }, [greeterArn]);
    writeFileSync(join(f, 'event.json'), '{"name":"cli"}');
    const first = await cli(['invoke', f, '--endpoint', h.emulator.url, '--event', join(f, 'event.json')]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout.trim()), 'hello cli from the layer v1');
    assert.match(first.stderr, new RegExp(`fetching layer ${greeterArn.replace(/[$]/g, '\\$')}`));
    const again = await cli(['invoke', f, '--endpoint', h.emulator.url]);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /fetching layer/, 'the second run uses the cache');
    assert.equal(readdirSync(join(dir, 'cache', 'layers', 'v')).filter((n) => !n.includes('.tmp-')).length, 1);
  });

  it('CLI: an ES module imports a package only the layer provides (Lambda searches NODE_PATH for ES modules), and through createRequire', async () => {
    const f = folder(
      'esm-layer',
      {
        'index.mjs': 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nexport const handler = async () => require("greeter").greet("esm");\n',
        'bare.mjs': 'import { greet } from "greeter";\nexport const handler = async () => greet("bare");\n',
      },
      [greeterArn],
    );
    const ok = await cli(['invoke', f, '--endpoint', h.emulator.url]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout.trim()), 'hello esm from the layer');
    const bare = await cli(['invoke', f, '--endpoint', h.emulator.url, '--handler', 'bare.handler']);
    assert.equal(bare.code, 0, bare.stderr + bare.stdout);
    assert.equal(JSON.parse(bare.stdout.trim()), 'hello bare from the layer');
    // A package no folder provides fails as it does on Lambda (the 3.x runtime reports an ES module's missing package as a plain Error), with no trace of the lookup.
    writeFileSync(join(f, 'missing.mjs'), 'import "not-anywhere";\nexport const handler = async () => 1;\n');
    const missing = await cli(['invoke', f, '--endpoint', h.emulator.url, '--handler', 'missing.handler']);
    assert.equal(missing.code, 1);
    const error = JSON.parse(missing.stdout.trim()) as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(error.errorType, 'Error');
    assert.match(error.errorMessage, /^Cannot find package 'not-anywhere' imported from /);
    assert.ok(!error.trace.some((l) => l.includes('data:text/javascript')), error.trace.join('\n'));
  });

  it('CLI and server: a handler inside a layer (/opt/…) runs once the layers are fetched; a missing one is the runtime\'s init error, with a hint naming /opt', async () => {
    const zip = await makeZip({ 'handlers/app.js': 'exports.handler = async (e) => ({ from: "the layer", dir: __dirname.endsWith("handlers"), e });\n' });
    const arn = (await h.client().send(new PublishLayerVersionCommand({ LayerName: 'handler-layer', Content: { ZipFile: zip } }))).LayerVersionArn!;
    const f = folder('handler-in-layer', { 'index.js': 'exports.handler = async () => "task root";\n' }, [arn]);
    writeFileSync(join(f, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'handler-in-layer', Runtime: 'nodejs22.x', Handler: '/opt/handlers/app.handler', Layers: [arn] }));
    const r = await cli(['invoke', f, '--endpoint', h.emulator.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { from: 'the layer', dir: true, e: {} });
    const missing = await cli(['invoke', f, '--endpoint', h.emulator.url, '--handler', '/opt/handlers/gone.handler']);
    assert.equal(missing.code, 1, missing.stderr);
    assert.equal((JSON.parse(missing.stdout.trim()) as { errorType: string }).errorType, 'Runtime.ImportModuleError');
    assert.match(missing.stderr, /hint: .*not found in \/opt \(looked for \/opt\/handlers\/gone\.js/);
    // The server's own Invoke: the function's code holds no handler file; its layer does.
    const code = await makeZip({ 'README.md': 'the handler is in the layer' });
    await h.client().send(new CreateFunctionCommand(createInput('server-handler-in-layer', code, { Handler: '/opt/handlers/app.handler', Layers: [arn] })));
    await waitReady(h.client(), 'server-handler-in-layer');
    const out = await h.client().send(new InvokeCommand({ FunctionName: 'server-handler-in-layer', Payload: Buffer.from('{"n":1}') }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { from: 'the layer', dir: true, e: { n: 1 } });
  });

  it('CLI: require("/opt/…") by absolute path finds the layer\'s file (the layers\' folder stands for /opt), in both isolation modes', async () => {
    const f = folder(
      'abs-opt',
      { 'index.js': 'exports.handler = async () => ({ greeting: require("/opt/nodejs/node_modules/greeter").greet("abs"), inLayers: !require.resolve("/opt/nodejs/node_modules/greeter/version.json").startsWith("/opt/") });\n' },
      [greeterArn],
    );
    for (const isolation of ['thread', 'process']) {
      const r = await cli(['invoke', f, '--endpoint', h.emulator.url, '--isolation', isolation]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.deepEqual(JSON.parse(r.stdout.trim()), { greeting: 'hello abs from the layer', inLayers: true }, isolation);
    }
    // Not in the layers: Node's own "Cannot find module", with no frame of the mapping in its trace.
    writeFileSync(join(f, 'missing.js'), 'exports.handler = async () => require("/opt/nodejs/nothing-here");\n');
    const missing = await cli(['invoke', f, '--endpoint', h.emulator.url, '--handler', 'missing.handler']);
    assert.equal(missing.code, 1, missing.stderr);
    const error = JSON.parse(missing.stdout.trim()) as { errorMessage: string; trace: string[] };
    assert.match(error.errorMessage, /^Cannot find module '\/opt\/nodejs\/nothing-here'/);
    assert.ok(!error.trace.some((l) => /invokeWorker|optRequires/.test(l)), error.trace.join('\n'));
  });

  it('serve: the binding\'s Layers are fetched before the server starts; requests require the layer\'s module', async () => {
    const f = folder('serve-layer', { 'index.js': 'exports.handler = async (e) => ({ statusCode: 200, body: require("greeter").greet(e.rawPath) });\n' }, [greeterArn]);
    const child = spawn(process.execPath, [CLI, 'serve', f, '--endpoint', h.emulator.url, '--no-reload'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_REGION: 'us-east-1', LAMBDA_WORKBENCH_CACHE_DIR: join(dir, 'cache') },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = await new Promise<string>((res, rej) => {
        let out = '';
        const timer = setTimeout(() => rej(new Error(`no listening line; stderr: ${stderr}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^listening (http:\/\/127\.0\.0\.1:\d+)/m.exec(out);
          if (m) {
            clearTimeout(timer);
            res(m[1]);
          }
        });
        child.on('exit', (code) => rej(new Error(`serve exited ${code}: ${stderr}`)));
      });
      const r = await fetch(`${url}/layered`, { signal: AbortSignal.timeout(20_000) });
      assert.equal(r.status, 200, stderr);
      assert.equal(await r.text(), 'hello /layered from the layer');
      assert.match(stderr, /layers: .* \(stands for \/opt\)/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((res) => child.once('close', res));
    }
  });

  it('CLI: a layer of another account that cannot be read stops the invoke with an error naming it; nothing runs', async () => {
    const theirs = 'arn:aws:lambda:us-east-1:999999999999:layer:theirs:3';
    const f = folder('denied', { 'index.js': 'require("fs").writeFileSync(__dirname + "/ran", "x");\nexports.handler = async () => 1;\n' }, [theirs]);
    const r = await cli(['invoke', f, '--endpoint', h.emulator.url]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`layer ${theirs} cannot be read: access denied`));
    assert.match(r.stderr, /add-layer-version-permission/);
    assert.equal(r.stdout, '');
    assert.equal(existsSync(join(f, 'ran')), false, 'the handler never ran');
  });
});
