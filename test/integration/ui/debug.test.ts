/**
 * Debug Locally in the real VS Code with its own JavaScript debugger (js-debug): breakpoints set with
 * vscode.debug.addBreakpoints pause the handler (JavaScript, and TypeScript on the .ts line), the
 * paused frame's variables hold the event's values (read through the session's stackTrace, scopes
 * and variables requests), continuing returns the result, stopping mid-pause leaves no process, and
 * bad input is refused before anything runs. The other entry points: "Debug with This Event" (the
 * saved event's CodeLens) and "Debug Locally with This Function's Configuration" on a function node.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DebugLocalRun } from '../../../src/vscode/debug/debugLocalController';
import { CreateFunctionCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { ROLE, regionRow, rows, sdk, tempFolder, tinyZip, uniqueName, withSettings, workbenchApi } from './helpers';

interface Stopped {
  session: vscode.DebugSession;
  threadId: number;
  reason: string;
}

/** Every `stopped` event any debug session sends, in order. */
const stops: Stopped[] = [];
let tracker: vscode.Disposable | undefined;
/** Debug sessions started and not yet ended. */
const running = new Map<string, string>();
const listeners: vscode.Disposable[] = [];

async function nextStop(after: number, timeoutMs = 30000): Promise<Stopped> {
  return eventually('the debugger to pause', () => stops[after], timeoutMs);
}

interface Frame {
  id: number;
  line: number;
  name: string;
  source?: { path?: string };
}

async function topFrame(stop: Stopped): Promise<Frame> {
  const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 5 })) as { stackFrames: Frame[] };
  return trace.stackFrames[0];
}

/** The frame's local variables as name → displayed value. */
async function locals(stop: Stopped, frame: Frame): Promise<Record<string, string>> {
  const { scopes } = (await stop.session.customRequest('scopes', { frameId: frame.id })) as { scopes: { name: string; variablesReference: number }[] };
  const out: Record<string, string> = {};
  for (const scope of scopes.filter((s) => /local|block|closure/i.test(s.name))) {
    const { variables } = (await stop.session.customRequest('variables', { variablesReference: scope.variablesReference })) as { variables: { name: string; value: string }[] };
    for (const v of variables) if (!(v.name in out)) out[v.name] = v.value;
  }
  return out;
}

/** A frame's source path (code-server reports vscode-remote:// URIs, the desktop plain paths). */
function sourcePath(frame: Frame): string | undefined {
  const p = frame.source?.path;
  return p?.startsWith('vscode-remote://') ? decodeURIComponent(new URL(p).pathname) : p;
}

function breakAt(file: string, line: number): vscode.SourceBreakpoint {
  const bp = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, 0)));
  vscode.debug.addBreakpoints([bp]);
  return bp;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Debug Locally', function () {
  this.timeout(120000);
  const created: string[] = [];

  before(async () => {
    // VS Code saves every dirty editor before a debug start (debug.saveBeforeStart), and an untitled
    // one opens a Save As dialog that no test answers: start from none, whatever ran before.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.isDirty)) {
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    listeners.push(
      vscode.debug.onDidStartDebugSession((s) => running.set(s.id, `${s.type} ${s.name}`)),
      vscode.debug.onDidTerminateDebugSession((s) => running.delete(s.id)),
    );
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number; reason?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.push({ session, threadId: m.body?.threadId ?? 0, reason: m.body?.reason ?? '' });
        },
      }),
    });
  });

  afterEach(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.debug.stopDebugging();
    await eventually(`every debug session to end (left: ${[...running.values()].join(', ')})`, () => (running.size === 0 ? true : undefined), 20000).catch((e: Error) => {
      throw new Error(`${e.message}; still running: ${[...running.values()].join(', ')}`);
    });
  });

  after(() => {
    tracker?.dispose();
    for (const l of listeners) l.dispose();
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pauses a JavaScript handler from a lambda-workbench launch configuration, shows the event\'s values, stays paused past the function\'s timeout, and returns the result', async () => {
    const dir = tempFolder('lw-it-debug-', {
      'index.js': ['exports.handler = async (event, context) => {', '  const greeting = `Hello, ${event.name}!`;', '  return { greeting, functionName: context.functionName };', '};', ''].join('\n'),
    });
    created.push(dir);
    const file = path.join(dir, 'index.js');
    breakAt(file, 3);
    const api = await workbenchApi();
    const before = stops.length;
    const started = Date.now();
    const launched = await vscode.debug.startDebugging(undefined, { type: 'lambda-workbench', request: 'launch', name: 'Debug test handler', folder: dir, handler: 'index.handler', event: { name: 'Ada' }, timeout: 1 });
    assert.strictEqual(launched, false, 'the launch hands over to the attach session');
    const stop = await nextStop(before);
    console.log(`[debug] first pause ${Date.now() - started} ms after the launch`);
    const frame = await topFrame(stop);
    assert.strictEqual(sourcePath(frame), file);
    assert.strictEqual(frame.line, 3);
    const vars = await locals(stop, frame);
    assert.strictEqual(vars.greeting, "'Hello, Ada!'");
    assert.match(vars.event ?? '', /name: 'Ada'/);
    // Paused well past the function's 1 s timeout: the deadline stands still while the debugger holds it.
    await new Promise((r) => setTimeout(r, 2500));
    await stop.session.customRequest('continue', { threadId: stop.threadId });
    const doc = await eventually('the result document', () => {
      const text = api.getResultDocument(`/local/${path.basename(dir)}/handler.json`);
      return text && JSON.parse(text).greeting ? text : undefined;
    }, 20000);
    assert.deepStrictEqual(JSON.parse(doc), { greeting: 'Hello, Ada!', functionName: path.basename(dir) });
  });

  it('pauses a TypeScript handler on the .ts line and steps in the .ts source (Debug Locally on the file, the default 3 s timeout frozen while paused)', async () => {
    const ts = [
      'interface Order {', //  1
      '  id: string;', //  2
      '  items: { price: number }[];', //  3
      '}', //  4
      '', //  5
      'type Result = { id: string; total: number };', //  6
      '', //  7
      'export const handler = async (event: Order): Promise<Result> => {', //  8
      '  const total: number = event.items.reduce((sum, i) => sum + i.price, 0);', //  9
      '  const id = event.id.toUpperCase();', // 10
      '  return { id, total };', // 11
      '};', // 12
      '',
    ].join('\n');
    const dir = tempFolder('lw-it-debug-', { 'src/app.ts': ts, 'package.json': '{ "name": "ts-debug", "private": true }\n' });
    created.push(dir);
    const file = path.join(dir, 'src', 'app.ts');
    breakAt(file, 10);
    const before = stops.length;
    const run = vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugLocally, vscode.Uri.file(file), { payload: '{"id":"o-7","items":[{"price":3},{"price":4}]}' });
    const stop = await nextStop(before);
    const frame = await topFrame(stop);
    assert.strictEqual(sourcePath(frame), file, 'paused in the .ts source');
    assert.strictEqual(frame.line, 10);
    assert.strictEqual((await locals(stop, frame)).total, '7');
    // One step lands on the next .ts line.
    await stop.session.customRequest('next', { threadId: stop.threadId });
    const stepped = await nextStop(before + 1);
    const next = await topFrame(stepped);
    assert.strictEqual(sourcePath(next), file);
    assert.strictEqual(next.line, 11);
    await stepped.session.customRequest('continue', { threadId: stepped.threadId });
    const result = await run;
    assert.ok(result, `no run; last error: ${((await workbenchApi()).lastError as Error | undefined)?.message}`);
    assert.deepStrictEqual(result.outcome.body, { id: 'O-7', total: 7 });
    assert.ok(result.outcome.logs.some((l) => l.startsWith('START RequestId:')), 'the invocation\'s log came back');
  });

  it('with invoke.asDeployed on, debugs the package a deploy would upload: breakpoints in the sources bind (a TypeScript build through its source maps, plain JavaScript through the copy), and the unzipped package is removed at the end', async function () {
    this.timeout(180_000);
    const packages = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('lw-as-deployed-')));
    const before = packages();
    await withSettings({ 'invoke.asDeployed': true }, async () => {
      const ts = [
        'import { double } from "./math";', //  1
        '', //  2
        'export const handler = async (event: { n: number }) => {', //  3
        '  const doubled: number = double(event.n);', //  4
        '  const label = `n=${event.n}`;', //  5
        '  return { label, doubled, file: __filename };', //  6
        '};', //  7
        '',
      ].join('\n');
      const dir = tempFolder('lw-it-debug-', {
        'src/app.ts': ts,
        'src/math.ts': 'export function double(n: number): number {\n  return n * 2;\n}\n',
        'package.json': '{ "name": "ts-deployed", "private": true }\n',
      });
      created.push(dir);
      const file = path.join(dir, 'src', 'app.ts');
      breakAt(file, 5);
      const first = stops.length;
      const run = vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugLocally, vscode.Uri.file(file), { payload: '{"n":21}' });
      const stop = await Promise.race([nextStop(first, 60_000), run.then((r) => Promise.reject(new Error(`it ran without pausing: ${JSON.stringify(r?.outcome.body)}`)))]);
      const frame = await topFrame(stop);
      assert.strictEqual(sourcePath(frame), file, 'paused in the .ts source, mapped from the bundle');
      assert.strictEqual(frame.line, 5);
      assert.strictEqual((await locals(stop, frame)).doubled, '42');
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const result = await run;
      assert.ok(result, `no run; last error: ${((await workbenchApi()).lastError as Error | undefined)?.message}`);
      const body = result.outcome.body as { label: string; doubled: number; file: string };
      assert.deepStrictEqual([body.label, body.doubled], ['n=21', 42]);
      // The bundle ran from the unzipped package, not from the sources (the handler's folder, src, is the code root).
      assert.match(body.file, /lw-as-deployed-[^/\\]+[/\\]app\.js$/);
      await vscode.debug.stopDebugging();
      await eventually('the debug session to end', () => (running.size === 0 ? true : undefined), 20000);

      const js = tempFolder('lw-it-debug-', { 'index.js': ['exports.handler = async (event) => {', '  const twice = event.n * 2;', '  return { twice, file: __filename };', '};', ''].join('\n') });
      created.push(js);
      const jsFile = path.join(js, 'index.js');
      breakAt(jsFile, 3);
      const second = stops.length;
      const jsRun = vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugLocally, vscode.Uri.file(jsFile), { payload: '{"n":4}' });
      const jsStop = await Promise.race([nextStop(second, 60_000), jsRun.then((r) => Promise.reject(new Error(`it ran without pausing: ${JSON.stringify(r?.outcome.body)}`)))]);
      const jsFrame = await topFrame(jsStop);
      assert.strictEqual(sourcePath(jsFrame), jsFile, 'paused in the source file, mapped from its copy in the package');
      assert.strictEqual(jsFrame.line, 3);
      await jsStop.session.customRequest('continue', { threadId: jsStop.threadId });
      const jsBody = (await jsRun)?.outcome.body as { twice: number; file: string };
      assert.strictEqual(jsBody.twice, 8);
      assert.match(jsBody.file, /lw-as-deployed-/);
      await vscode.debug.stopDebugging();
      await eventually('the unzipped packages to be removed', () => ([...packages()].every((n) => before.has(n)) ? true : undefined), 20000);
    });
  });

  it('reuses the warm environment for Invoke Again while the session lives, pauses at a debugger; statement, and leaves no process behind when stopped mid-pause', async () => {
    const dir = tempFolder('lw-it-debug-', {
      'index.js': ['let count = 0;', 'exports.handler = async (event) => {', '  count += 1;', '  if (count === 3) debugger;', '  return { count, pid: process.pid };', '};', ''].join('\n'),
    });
    created.push(dir);
    const file = path.join(dir, 'index.js');
    const first = await vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugLocally, vscode.Uri.file(file), { payload: '{}' });
    assert.ok(first, `no run; last error: ${((await workbenchApi()).lastError as Error | undefined)?.message}`);
    const body = first.outcome.body as { count: number; pid: number };
    assert.strictEqual(body.count, 1);
    const again = await vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugInvokeAgain);
    assert.deepStrictEqual(again?.outcome.body, { count: 2, pid: body.pid }, 'the same (warm) environment');
    // The third invoke pauses at its `debugger;` statement: stop the session while paused.
    const before = stops.length;
    const third = vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugInvokeAgain);
    const stop = await nextStop(before);
    assert.strictEqual((await topFrame(stop)).line, 4, 'paused at the debugger; statement');
    assert.ok(alive(body.pid));
    await vscode.debug.stopDebugging();
    // js-debug resumes the target as it detaches, so the paused invoke may still finish first; either way it settles.
    await third;
    await eventually('the environment process to be gone', () => (alive(body.pid) ? undefined : true), 10000);
  });

  it('refuses a missing export, a missing folder and a port in use before anything runs', async () => {
    const api = await workbenchApi();
    const dir = tempFolder('lw-it-debug-', { 'index.js': 'exports.handler = async () => 1;\n' });
    created.push(dir);
    const missing = await vscode.commands.executeCommand(Cmd.debugLocally, vscode.Uri.file(path.join(dir, 'index.js')), { exportName: 'nope', payload: '{}' });
    assert.strictEqual(missing, undefined);
    assert.match((api.lastError as Error).message, /nope/);
    assert.strictEqual(running.size, 0, 'no debug session started');

    const noFolder = await vscode.debug.startDebugging(undefined, { type: 'lambda-workbench', request: 'launch', name: 'broken', folder: path.join(dir, 'not-there'), handler: 'index.handler', event: {} });
    assert.strictEqual(noFolder, false);
    assert.match((api.lastError as Error).message, /folder .*not-there does not exist/);

    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await vscode.debug.startDebugging(undefined, { type: 'lambda-workbench', request: 'launch', name: 'busy port', folder: dir, handler: 'index.handler', event: {}, port });
      await eventually('the port error', () => ((api.lastError as Error | undefined)?.message.includes(`Port ${port}`) ? true : undefined));
      assert.match((api.lastError as Error).message, /already in use/);
      assert.strictEqual(running.size, 0, 'no debug session started');
    } finally {
      server.close();
    }
  });

  it('"Debug with This Event", the saved event\'s CodeLens, pauses the folder\'s bound handler with that event', async () => {
    const dir = tempFolder('lw-it-debug-', {
      'index.js': ['exports.handler = async (event) => {', '  const id = event.id;', '  return { got: id };', '};', ''].join('\n'),
      'lambda-workbench.json': JSON.stringify({ FunctionName: 'dbg-event', Runtime: 'nodejs22.x', Handler: 'index.handler' }),
      '.lambda/events/dbg-event/order.json': '{ "id": 42 }\n',
    });
    created.push(dir);
    const eventUri = vscode.Uri.file(path.join(dir, '.lambda', 'events', 'dbg-event', 'order.json'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(eventUri));
    const lenses = await eventually('the event file\'s CodeLenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', eventUri);
      return found?.some((l) => l.command?.command === Cmd.debugEventFile) ? found : undefined;
    });
    const lens = lenses.find((l) => l.command?.command === Cmd.debugEventFile)!;
    assert.match(lens.command!.title, /Debug with This Event/);
    breakAt(path.join(dir, 'index.js'), 3);
    const before = stops.length;
    const run = vscode.commands.executeCommand<DebugLocalRun | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
    const stop = await nextStop(before);
    const frame = await topFrame(stop);
    assert.strictEqual(frame.line, 3);
    assert.strictEqual((await locals(stop, frame)).id, '42', 'the saved event\'s value');
    await stop.session.customRequest('continue', { threadId: stop.threadId });
    const result = await run;
    assert.ok(result, `no run; last error: ${((await workbenchApi()).lastError as Error | undefined)?.message}`);
    assert.deepStrictEqual(result.outcome.body, { got: 42 });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Debug Locally with This Function\'s Configuration" on a function node runs the local code with the deployed function\'s settings', async function () {
    if (!testEnv().endpoint) this.skip(); // needs the local Lambda API server for the deployed function
    const api = await workbenchApi();
    const region = 'us-east-1';
    const name = uniqueName('it-dbg-fn');
    const client = sdk(region);
    await client.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: tinyZip() }, Timeout: 9, Environment: { Variables: { GREETING: 'from the deployed function' } } }),
    );
    const dir = tempFolder('lw-it-debug-', { 'index.js': 'exports.handler = async (event, context) => ({ greeting: process.env.GREETING, name: context.functionName, left: context.getRemainingTimeInMillis() > 3000 });\n' });
    created.push(dir);
    try {
      const node = await eventually('the function\'s row', async () => (await rows(api, await regionRow(api, region))).find((r) => r.label === name)?.node);
      const result = await vscode.commands.executeCommand<DebugLocalRun | undefined>(Cmd.debugLocallyWithConfig, node, { folder: vscode.Uri.file(dir), payload: '{}' });
      assert.ok(result, `no run; last error: ${(api.lastError as Error | undefined)?.message}`);
      // The deployed variables, name and 9 s timeout (more than the 3 s default left at the start).
      assert.deepStrictEqual(result.outcome.body, { greeting: 'from the deployed function', name, left: true });
      assert.ok(result.sessionId, 'a debug session is attached');
    } finally {
      await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
      client.destroy();
    }
  });
});
