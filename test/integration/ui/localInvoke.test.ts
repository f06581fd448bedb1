/**
 * "Invoke Locally" on each example's handler file in the real extension host: the bound function's
 * configuration applies, the result opens as a read-only JSON document, errors come back as the
 * runtime reports them, re-run repeats the last invoke, and a running invoke can be stopped.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LocalInvokeRun } from '../../../src/vscode/invoke/localInvokeController';
import { Cmd } from '../../../src/vscode/ids';
import { withSettings, workbenchApi } from './helpers';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const example = (...parts: string[]) => vscode.Uri.file(path.join(EXAMPLES, ...parts));

interface HttpResult {
  statusCode: number;
  body: string;
}

async function invoke(file: vscode.Uri, options: Record<string, unknown>): Promise<LocalInvokeRun> {
  const api = await workbenchApi();
  const run = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.invokeLocally, file, options);
  assert.ok(run, `no run; last error: ${(api.lastError as Error | undefined)?.message}`);
  return run;
}

describe('local invoke', function () {
  this.timeout(60000);

  it('runs the CommonJS example with its binding (env GREETING) and a saved event', async () => {
    const run = await invoke(example('hello-cjs', 'index.js'), { eventFile: example('hello-cjs', '.lambda', 'events', 'hello-cjs', 'named.json') });
    assert.strictEqual(run.outcome.ok, true);
    assert.strictEqual(run.local.source, 'binding');
    assert.strictEqual(run.local.config.handler, 'index.handler');
    assert.strictEqual(run.local.config.runtime, 'nodejs22.x');
    const result = run.outcome.body as HttpResult;
    assert.strictEqual(result.statusCode, 200);
    assert.strictEqual(JSON.parse(result.body).message, 'Hello, Ada!');
    const api = await workbenchApi();
    const doc = api.getResultDocument(run.resultPath);
    assert.ok(doc && JSON.parse(doc).statusCode === 200, doc);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'lambda-workbench' && e.document.uri.path === run.resultPath);
    assert.ok(editor, 'the result is open in an editor');
    assert.strictEqual(editor.document.languageId, 'json');
  });

  it('runs the ES module example with its production dependency', async () => {
    const run = await invoke(example('orders-esm', 'src', 'orders.js'), { eventFile: example('orders-esm', '.lambda', 'events', 'orders-esm', 'two-items.json') });
    assert.strictEqual(run.outcome.ok, true, JSON.stringify(run.outcome.body));
    assert.strictEqual(run.local.config.handler, 'src/orders.handler');
    const body = run.outcome.body as { orderId: string; itemCount: number; totalCents: number; total: string };
    assert.deepStrictEqual({ orderId: body.orderId, itemCount: body.itemCount, totalCents: body.totalCents }, { orderId: 'order-1001', itemCount: 2, totalCents: 2899 });
    assert.match(body.total, /28[.,]99/);
  });

  it('runs the TypeScript example and reports its thrown error as the runtime does', async () => {
    const ok = await invoke(example('greeter-ts', 'src', 'greeter.ts'), { eventFile: example('greeter-ts', '.lambda', 'events', 'greeter-ts', 'french.json') });
    assert.deepStrictEqual(ok.outcome.body, { greeting: 'Bonjour, Marie!', language: 'fr', functionName: 'greeter-ts' });
    const failed = await invoke(example('greeter-ts', 'src', 'greeter.ts'), { eventFile: example('greeter-ts', '.lambda', 'events', 'greeter-ts', 'unsupported-language.json') });
    assert.strictEqual(failed.outcome.ok, false);
    const error = failed.outcome.body as { errorType: string; errorMessage: string; trace: string[] };
    assert.strictEqual(error.errorType, 'RangeError');
    assert.match(error.errorMessage, /Unsupported language "ko"/);
    assert.ok(Array.isArray(error.trace));
  });

  it('runs the package as deploy builds it when invoke.asDeployed is on (the esbuild bundle, the built Handler)', async () => {
    await withSettings({ 'invoke.asDeployed': true }, async () => {
      const ok = await invoke(example('greeter-ts', 'src', 'greeter.ts'), { eventFile: example('greeter-ts', '.lambda', 'events', 'greeter-ts', 'french.json') });
      assert.deepStrictEqual(ok.outcome.body, { greeting: 'Bonjour, Marie!', language: 'fr', functionName: 'greeter-ts' });
      assert.ok(ok.outcome.logs.length > 0);
      const failed = await invoke(example('greeter-ts', 'src', 'greeter.ts'), { eventFile: example('greeter-ts', '.lambda', 'events', 'greeter-ts', 'unsupported-language.json') });
      const trace = (failed.outcome.body as { trace: string[] }).trace.join('\n');
      assert.match(trace, /lw-as-deployed-[^/]+\/greeter\.js:\d+/, 'the built file in the unzipped package ran');
      assert.doesNotMatch(trace, /greeter\.ts/);
    });
    const sources = await invoke(example('greeter-ts', 'src', 'greeter.ts'), { eventFile: example('greeter-ts', '.lambda', 'events', 'greeter-ts', 'unsupported-language.json') });
    assert.match((sources.outcome.body as { trace: string[] }).trace.join('\n'), /greeter\.ts/, 'the default stays on the sources');
  });

  it('runs in a child process with the host\'s variables kept out when invoke.isolation is "process"', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-process-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({ pid: process.pid, home: process.env.HOME ?? null, region: process.env.AWS_REGION });\n');
      const thread = await invoke(vscode.Uri.file(path.join(dir, 'index.js')), { payload: '{}' });
      const inHost = (thread.outcome.body as { pid: number }).pid;
      await withSettings({ 'invoke.isolation': 'process' }, async () => {
        const run = await invoke(vscode.Uri.file(path.join(dir, 'index.js')), { payload: '{}' });
        assert.strictEqual(run.outcome.ok, true, JSON.stringify(run.outcome.body));
        const body = run.outcome.body as { pid: number; home: string | null; region: string };
        assert.notStrictEqual(body.pid, inHost, 'not the extension host process');
        assert.strictEqual(body.home, null, 'no host variables');
        assert.ok(body.region, 'the function\'s own variables are there');
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a syntax error as the runtime does (Runtime.UserCodeSyntaxError), with the file, line and column beside it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-syntax-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => { return {; };\n');
      const run = await invoke(vscode.Uri.file(path.join(dir, 'index.js')), { payload: '{}', exportName: 'handler' });
      assert.strictEqual(run.outcome.ok, false);
      const error = run.outcome.body as { errorType: string; errorMessage: string; trace: string[] };
      assert.strictEqual(error.errorType, 'Runtime.UserCodeSyntaxError');
      assert.strictEqual(error.errorMessage, "SyntaxError: Unexpected token ';'", 'V8\'s own message');
      assert.match(run.hint ?? '', /index\.js has a syntax error at line 1, column 41/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-runs the last invoke', async () => {
    const first = await invoke(example('hello-cjs', 'index.js'), { payload: '{"name":"Again"}' });
    const again = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.rerunLocal);
    assert.ok(again);
    assert.strictEqual(again.local.config.handler, first.local.config.handler);
    assert.strictEqual(JSON.parse((again.outcome.body as HttpResult).body).message, 'Hello, Again!');
  });

  describe('result tabs (item 12)', () => {
    const tabsOf = (uri: vscode.Uri) => vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()).map(() => g.viewColumn));
    const resultUri = (p: string) => vscode.Uri.from({ scheme: 'lambda-workbench', path: p });
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-results-'));
      fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async (e) => e.plain ? { plain: true } : ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ n: e.n, nested: { ok: true } }) });\n');
      fs.writeFileSync(path.join(dir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'results-it' }));
    });
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('opens the result beside a single editor once, then reuses that tab: no new split per run', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const code = await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'index.js')));
      assert.strictEqual(vscode.window.tabGroups.all.length, 1);
      const first = await invoke(code.document.uri, { payload: '{"n":1}' });
      assert.strictEqual(vscode.window.tabGroups.all.length, 2, 'one split for the results');
      for (let n = 2; n <= 4; n++) await invoke(code.document.uri, { payload: `{"n":${n}}` });
      assert.strictEqual(vscode.window.tabGroups.all.length, 2, 'no further split');
      assert.deepStrictEqual(tabsOf(resultUri(first.resultPath)), [2], 'one result tab, in the second group');
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, code.document.uri.fsPath, 'the code keeps the focus');
      // Another function's result joins the results' group instead of splitting again.
      const other = await invoke(example('hello-cjs', 'index.js'), { payload: '{}' });
      assert.strictEqual(vscode.window.tabGroups.all.length, 2);
      assert.deepStrictEqual(tabsOf(resultUri(other.resultPath)), [2]);
      assert.deepStrictEqual(tabsOf(resultUri(first.resultPath)), [2], 'and does not replace this function\'s tab');
    });

    it('an API-shaped result gets its body parsed in a tab beside the raw result, which stays as returned', async () => {
      const run = await invoke(vscode.Uri.file(path.join(dir, 'index.js')), { payload: '{"n":5}' });
      const api = await workbenchApi();
      const raw = JSON.parse(api.getResultDocument(run.resultPath) ?? 'null') as { statusCode: number; body: string };
      assert.deepStrictEqual(raw, run.outcome.body, 'the raw result is what the handler returned');
      assert.strictEqual(typeof raw.body, 'string', 'its body is still the string');
      const bodyPath = `${run.resultPath.replace(/\.json$/, '')} body.jsonc`;
      const readable = api.getResultDocument(bodyPath);
      assert.ok(readable, 'a readable body document');
      assert.match(readable, /^\/\/ HTTP 200/);
      assert.match(readable, /^\/\/ content-type: application\/json$/m);
      assert.deepStrictEqual(JSON.parse(readable.split('\n').filter((l) => !l.startsWith('//')).join('\n')), { n: 5, nested: { ok: true } });
      assert.deepStrictEqual(tabsOf(resultUri(bodyPath)), tabsOf(resultUri(run.resultPath)), 'in the same group as the raw result');
      const front = vscode.window.visibleTextEditors.map((e) => e.document.uri.path);
      assert.ok(front.includes(run.resultPath), `the raw result is the one in front: ${front.join(', ')}`);
      // A result that is not API-shaped closes the body tab rather than leave a stale one.
      await invoke(vscode.Uri.file(path.join(dir, 'index.js')), { payload: '{"plain":true}' });
      assert.deepStrictEqual(tabsOf(resultUri(bodyPath)), []);
      assert.strictEqual(api.getResultDocument(bodyPath), undefined);
    });
  });

  describe('warm environments (item 8)', () => {
    let fn: string;
    const file = () => vscode.Uri.file(path.join(fn, 'index.js'));
    const rerun = async (command: string = Cmd.rerunLocal): Promise<LocalInvokeRun> => {
      const run = await vscode.commands.executeCommand<LocalInvokeRun>(command);
      assert.ok(run, `no run; last error: ${((await workbenchApi()).lastError as Error | undefined)?.message}`);
      return run;
    };
    const count = (run: LocalInvokeRun) => (run.outcome.body as { count: number; version: number });
    before(() => {
      fn = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-warm-'));
      fs.writeFileSync(path.join(fn, 'index.js'), 'const version = 1;\nlet count = 0;\nexports.handler = async () => ({ count: ++count, version });\n');
      fs.writeFileSync(path.join(fn, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'warm-it', Timeout: 5 }));
    });
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(fn, { recursive: true, force: true });
    });

    it('the first run is cold (with Init Duration), the second reuses the environment: warm, no init, state kept', async () => {
      const first = await invoke(file(), { payload: '{}' });
      assert.deepStrictEqual([first.outcome.coldStart, first.outcome.start?.warm, count(first).count], [true, false, 1]);
      assert.ok(first.outcome.initDurationMs !== undefined, 'a cold start reports its Init Duration');
      assert.ok(first.outcome.logs.some((l) => /Init Duration/.test(l)), first.outcome.logs.join('\n'));
      const second = await rerun();
      assert.deepStrictEqual([second.outcome.coldStart, second.outcome.start?.warm, count(second).count], [false, true, 2]);
      assert.strictEqual(second.outcome.initDurationMs, undefined);
      assert.ok(!second.outcome.logs.some((l) => /Init Duration/.test(l)), second.outcome.logs.join('\n'));
    });

    it('an edit typed in the editor (saved by the re-run) starts cold with the new code', async () => {
      const doc = await vscode.workspace.openTextDocument(file());
      await vscode.window.showTextDocument(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, doc.lineAt(0).range, 'const version = 2;');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(doc.isDirty);
      const run = await rerun();
      assert.deepStrictEqual(run.outcome.body, { count: 1, version: 2 });
      assert.deepStrictEqual([run.outcome.coldStart, run.outcome.start?.reason, run.outcome.start?.changedFile], [true, 'code changed', 'index.js']);
      assert.strictEqual(count(await rerun()).count, 2, 'then warm again');
    });

    it('changed settings in the binding file start cold', async () => {
      fs.writeFileSync(path.join(fn, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'warm-it', Timeout: 6 }));
      const run = await rerun();
      assert.strictEqual(run.outcome.coldStart, true);
      assert.strictEqual(run.outcome.start?.reason, 'settings changed');
      assert.strictEqual(run.local.config.timeout, 6);
    });

    it('"Invoke Cold" starts a fresh environment, which the next run reuses', async () => {
      assert.strictEqual(count(await rerun()).count, 2, 'warm before');
      const cold = await rerun(Cmd.invokeCold);
      assert.deepStrictEqual([cold.outcome.coldStart, cold.outcome.start?.reason, count(cold).count], [true, 'asked for a cold start', 1]);
      const next = await rerun();
      assert.deepStrictEqual([next.outcome.coldStart, count(next).count], [false, 2]);
    });
  });

  it('invokes the handler named by a saved event\'s folder binding ("Invoke with This Event")', async () => {
    const run = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.invokeEventFile, example('hello-cjs', '.lambda', 'events', 'hello-cjs', 'world.json'), 'local');
    assert.ok(run);
    assert.strictEqual(JSON.parse((run.outcome.body as HttpResult).body).message, 'Hello, world!');
  });

  it('offers "Invoke Locally" CodeLenses over exported handlers and on saved events, and hides them when turned off', async () => {
    const file = example('orders-esm', 'src', 'orders.js');
    await vscode.workspace.openTextDocument(file);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
    const ours = lenses.filter((l) => l.command?.command === Cmd.invokeLocally);
    assert.strictEqual(ours.length, 1);
    assert.strictEqual(ours[0].range.start.line, 5, 'on the `export const handler` line');
    assert.deepStrictEqual(ours[0].command?.arguments?.[1], { exportName: 'handler' });
    const eventFile = example('orders-esm', '.lambda', 'events', 'orders-esm', 'two-items.json');
    await vscode.workspace.openTextDocument(eventFile);
    const eventLenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', eventFile)).filter((l) => l.command?.command === Cmd.invokeEventFile);
    assert.deepStrictEqual(eventLenses.map((l) => l.command?.arguments?.[1]), ['local', 'remote']);
    await withSettings({ 'codeLens.enabled': false }, async () => {
      const off = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
      assert.strictEqual(off.filter((l) => l.command?.command === Cmd.invokeLocally).length, 0);
    });
  });

  describe('bad input', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-local-'));
      fs.writeFileSync(path.join(dir, 'util.js'), 'const x = 1;\nmodule.exports = {};\n');
      fs.writeFileSync(path.join(dir, 'spin.js'), 'exports.handler = async () => { for (;;) {} };\n');
      fs.writeFileSync(path.join(dir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'spin', Timeout: 60 }));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('explains that a file without exports has no handler', async () => {
      const api = await workbenchApi();
      const result = await vscode.commands.executeCommand(Cmd.invokeLocally, vscode.Uri.file(path.join(dir, 'util.js')), { payload: '{}' });
      assert.strictEqual(result, undefined);
      const error = api.lastError as { kind?: string; message?: string; hint?: string };
      assert.strictEqual(error.kind, 'validation');
      assert.match(error.message ?? '', /util\.js exports no function/);
      assert.match(error.hint ?? '', /export const handler/);
    });

    it('rejects an invalid event with its line and column', async () => {
      const api = await workbenchApi();
      const result = await vscode.commands.executeCommand(Cmd.invokeLocally, example('hello-cjs', 'index.js'), { payload: '[1,,2]' });
      assert.strictEqual(result, undefined);
      assert.match((api.lastError as Error).message, /line 1, column 4/);
    });

    it('refuses a broken binding file with its line and column instead of running with defaults', async () => {
      const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-broken-'));
      try {
        fs.writeFileSync(path.join(broken, 'index.js'), 'exports.handler = async () => "ran";\n');
        fs.writeFileSync(path.join(broken, 'lambda-workbench.json'), '{\n  "FunctionName": "broken",\n  "Timeout": 5,\n}\n');
        const api = await workbenchApi();
        const result = await vscode.commands.executeCommand(Cmd.invokeLocally, vscode.Uri.file(path.join(broken, 'index.js')), { payload: '{}' });
        assert.strictEqual(result, undefined, 'nothing ran');
        const error = api.lastError as { kind?: string; message?: string };
        assert.strictEqual(error.kind, 'validation');
        assert.match(error.message ?? '', /lambda-workbench\.json is not valid JSON: .* at line 4, column 1/);
      } finally {
        fs.rmSync(broken, { recursive: true, force: true });
      }
    });

    it('re-run resolves the binding file again, so edits apply', async () => {
      const fn = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-rerun-'));
      try {
        fs.writeFileSync(path.join(fn, 'index.js'), 'exports.handler = async () => ({ stage: process.env.STAGE });\n');
        const bind = (stage: string, timeout: number) => fs.writeFileSync(path.join(fn, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'rerun', Timeout: timeout, Environment: { Variables: { STAGE: stage } } }));
        bind('one', 5);
        const first = await invoke(vscode.Uri.file(path.join(fn, 'index.js')), { payload: '{}' });
        assert.deepStrictEqual([first.outcome.body, first.local.config.timeout], [{ stage: 'one' }, 5]);
        bind('two', 7);
        const again = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.rerunLocal);
        assert.ok(again);
        assert.deepStrictEqual([again.outcome.body, again.local.config.timeout], [{ stage: 'two' }, 7]);
      } finally {
        fs.rmSync(fn, { recursive: true, force: true });
      }
    });

    it('a handler flooding the log is stopped at its timeout and the extension host stays responsive', async () => {
      const flood = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-flood-'));
      try {
        fs.writeFileSync(path.join(flood, 'index.js'), "exports.handler = async () => { for (;;) console.log('x'.repeat(1023)); };\n");
        fs.writeFileSync(path.join(flood, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'flood', Timeout: 2 }));
        // The host's own timer keeps ticking while the handler floods: the longest gap between ticks.
        let last = Date.now();
        let worstGap = 0;
        const ticker = setInterval(() => {
          worstGap = Math.max(worstGap, Date.now() - last);
          last = Date.now();
        }, 20);
        const started = Date.now();
        const run = await invoke(vscode.Uri.file(path.join(flood, 'index.js')), { payload: '{}' }).finally(() => clearInterval(ticker));
        const took = Date.now() - started;
        assert.strictEqual(run.outcome.ok, false);
        assert.strictEqual(run.outcome.errorType, 'Sandbox.Timedout');
        assert.ok(took < 2000 + 8000, `the invoke took ${took} ms`);
        assert.ok(worstGap < 1500, `the extension host's timer stalled for ${worstGap} ms`);
        assert.ok(run.outcome.logs.some((l) => /^\[lambda-workbench\] \d+ log record\(s\) dropped/.test(l)), 'the dropped records are counted');
        assert.ok(run.outcome.logs.join('\n').length < 2 * 1024 * 1024, 'the log the editor received is bounded');
      } finally {
        fs.rmSync(flood, { recursive: true, force: true });
      }
    });

    it('stops a running invoke', async () => {
      const api = await workbenchApi();
      const running = vscode.commands.executeCommand(Cmd.invokeLocally, vscode.Uri.file(path.join(dir, 'spin.js')), { payload: '{}' });
      // Stop as soon as the controller reports it running.
      for (let i = 0; i < 100 && !(await vscode.commands.executeCommand<boolean>(Cmd.stopLocal, { quiet: true })); i++) await new Promise((r) => setTimeout(r, 50));
      assert.strictEqual(await running, undefined);
      assert.strictEqual((api.lastError as { kind?: string }).kind, 'aborted');
    });
  });
});
