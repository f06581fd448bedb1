/**
 * The configuration panel inside the real VS Code, against the local Lambda API server: the real
 * page boots in a real webview under its CSP and says `ready`, the host answers with the function;
 * a save goes through UpdateFunctionConfiguration with the RevisionId and settles; a change made
 * behind the panel's back is reported as a conflict; hiding and showing the panel restores it.
 *
 * The page's side of the conversation is driven through the controller (what the page would post);
 * the page's own DOM is covered by test/browser and test/e2e.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { createLambdaService } from '../../src/core/aws/lambdaService';
import type { LambdaService } from '../../src/core/aws/types';
import { ConfigurationPanels, type CloseChoice } from '../../src/vscode/configPanel/configPanels';
import type { ConfigPanelController } from '../../src/vscode/configPanel/controller';
import * as core from '../../src/core';
import { offerBindingUpdate } from '../../src/vscode/configPanel/bindingSync';
import type { EngineModule } from '../../src/vscode/engine';
import { watch, webviewTabs, type Watch } from './configPanelHelpers';
import { eventually, testEnv } from './testEnv';
import { ROLE, sdk, tinyZip, uniqueName } from './ui/helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const HOSTILE = '<img src=x onerror="alert(1)"></script>';
const SECRET = 'integration-secret-value-42';

describe('configuration panel (real VS Code, local Lambda API server)', function () {
  this.timeout(120_000);
  const env = testEnv();
  const region = env.regions[0] ?? 'us-east-1';
  const name = uniqueName('cfg-panel');
  const logLines: string[] = [];
  let service: LambdaService;
  let panels: ConfigurationPanels;
  /** What the close prompt was asked about, and what it answers (the modal itself cannot be clicked here). */
  const asked: string[] = [];
  let answer: CloseChoice = 'discard';
  /** The binding-file offers after saves (item 2): what was asked, and what it answers. */
  const offers: Promise<string | undefined>[] = [];
  const questions: string[] = [];
  let writeAnswer = true;
  /** Bumped where offers start to count: older ones are strays. */
  let offerGeneration = 0;

  before(async function () {
    if (!env.endpoint) this.skip();
    assert.ok(
      fs.existsSync(path.join(ROOT, 'dist', 'webview', 'config.js')),
      'dist/webview/config.js is missing: the build must bundle src/webview/config/main.ts (see docs/config-webview.md).',
    );
    await sdk(region).send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: tinyZip() },
        Description: HOSTILE,
        MemorySize: 128,
        Timeout: 3,
        Environment: { Variables: { API_TOKEN: SECRET, MODE: 'a' } },
      }),
    );
    service = createLambdaService({ endpoint: env.endpoint });
    await service.waitUntilReady(region, name);
    const log = (level: string) => (m: string) => logLines.push(`${level} ${m}`);
    const channel = { info: log('info'), warn: log('warn'), error: log('error') } as unknown as vscode.LogOutputChannel;
    panels = new ConfigurationPanels(vscode.Uri.file(ROOT), {
      getService: async () => service,
      log: channel,
      connectionLabel: () => 'local endpoint',
      confirmClose: async (fn) => {
        asked.push(fn);
        return answer;
      },
      // As the extension wires it (src/vscode/commands/openConfiguration.ts), with the question answered here.
      functionChanged: (ref, configuration, changes) => {
        // An offer from an earlier test's save can still be looking for a binding file (findFiles is
        // slow under load) when a later test writes one: it answers "Not Now" and is not counted.
        const generation = offerGeneration;
        const ask = async (q: string): Promise<boolean> => (generation === offerGeneration ? (questions.push(q), writeAnswer) : false);
        if (changes) offers.push(offerBindingUpdate(async () => core as unknown as EngineModule, { region: ref.region, name: configuration.FunctionName ?? ref.functionName }, changes, { ask }));
      },
    });
  });

  after(async () => {
    panels?.dispose();
    if (env.endpoint) await sdk(region).send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
  });

  let controller: ConfigPanelController;
  let w: Watch;

  it('opens one panel per function, and the real page asks for the state', async () => {
    controller = panels.show({ region, functionName: name });
    w = watch(controller);
    // The host posts state only after the page said `ready`: this proves the page loaded its
    // script under the CSP inside the webview.
    const state = await eventually('the page to say ready and receive the state', () => w.states().at(-1), 60_000);
    assert.strictEqual(state.fn?.Configuration?.FunctionName, name);
    assert.strictEqual(state.fn?.Configuration?.Description, HOSTILE);
    assert.strictEqual(state.connection, 'local endpoint');
    assert.strictEqual(webviewTabs(name).length, 1);
    assert.strictEqual(panels.show({ region, functionName: name }), controller, 'showing it again reveals the same panel');
    assert.strictEqual(webviewTabs(name).length, 1);
  });

  it('saves memory, timeout, description and environment with the RevisionId, then shows the new values', async () => {
    const revisionId = w.states().at(-1)!.fn!.Configuration!.RevisionId!;
    await controller.handleMessage({
      type: 'save',
      revisionId,
      changes: { memorySize: 256, timeout: 30, description: 'Edited in the panel', environment: { set: [['NEW_KEY', 'n']], remove: ['MODE'] } },
    });
    assert.ok(w.last('saved'), `no saved message; got ${JSON.stringify(w.last('error') ?? w.last('validation') ?? w.last('conflict'))}`);
    const c = (await sdk(region).send(new GetFunctionCommand({ FunctionName: name }))).Configuration!;
    assert.strictEqual(c.MemorySize, 256);
    assert.strictEqual(c.Timeout, 30);
    assert.strictEqual(c.Description, 'Edited in the panel');
    assert.deepStrictEqual(c.Environment?.Variables, { API_TOKEN: SECRET, NEW_KEY: 'n' });
    assert.strictEqual(c.LastUpdateStatus, 'Successful');
    const shown = w.states().at(-1)!.fn!.Configuration!;
    assert.strictEqual(shown.MemorySize, 256);
    assert.notStrictEqual(shown.RevisionId, revisionId);
    assert.strictEqual(w.last('busy')?.busy, null, 'no spinner left running');
  });

  it('reports a conflict when someone else changed the function meanwhile, and keeps the edit', async () => {
    const loaded = w.states().at(-1)!.fn!.Configuration!.RevisionId!;
    await sdk(region).send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 9 }));
    await service.waitUntilReady(region, name);
    await controller.handleMessage({ type: 'draft', changes: { memorySize: 512 } });
    await controller.handleMessage({ type: 'save', revisionId: loaded, changes: { memorySize: 512 } });
    const conflict = w.last('conflict');
    assert.ok(conflict, `expected a conflict; got ${JSON.stringify(w.messages.at(-1))}`);
    assert.match(conflict.message, /changed by someone else/);
    const c = (await sdk(region).send(new GetFunctionCommand({ FunctionName: name }))).Configuration!;
    assert.strictEqual(c.MemorySize, 256, 'nothing was overwritten');
    assert.strictEqual(c.Timeout, 9);
    assert.deepStrictEqual(controller.state().draft, { memorySize: 512 }, 'the edit is kept');
    await controller.handleMessage({ type: 'reload' });
    assert.strictEqual(w.states().at(-1)!.fn!.Configuration!.Timeout, 9);
    assert.strictEqual(w.states().at(-1)!.fn!.Configuration!.RevisionId, c.RevisionId);
  });

  it('restores the page when the panel is hidden and shown again (state and draft replayed on ready)', async () => {
    const before = w.states().length;
    const doc = await vscode.workspace.openTextDocument({ content: 'hide the panel' });
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Active });
    panels.show({ region, functionName: name });
    const replayed = await eventually('the re-created page to receive the state again', () => (w.states().length > before ? w.states().at(-1) : undefined), 60_000);
    assert.deepStrictEqual(replayed.draft, { memorySize: 512 });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // Leave no dirty untitled document behind: a later debug start would ask where to save it.
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.ok(doc.isClosed || !doc.isDirty, 'the untitled document is gone');
  });

  describe('closing a panel with unsaved changes asks Save, Don’t Save or Cancel', () => {
    const ref = () => ({ region, functionName: name });
    const memory = async () => (await sdk(region).send(new GetFunctionCommand({ FunctionName: name }))).Configuration!.MemorySize;

    /** Opens the panel, waits for the real page, makes an edit as the page reports it, closes the tab. */
    async function editAndClose(changes: { memorySize: number } | undefined): Promise<void> {
      const c = panels.show(ref());
      await eventually('the function to load', () => (c.state().fn && !c.isBusy ? true : undefined), 60_000);
      if (changes) await c.handleMessage({ type: 'draft', changes });
      asked.length = 0;
      // The tab model follows the panel asynchronously.
      const tab = await eventually('the tab (with the unsaved dot when edited)', () => webviewTabs(name).find((t) => !changes || t.label.startsWith('● ')), 30_000);
      await vscode.window.tabGroups.close(tab);
    }

    before(async () => {
      panels.close(ref());
      await eventually('no panel left open', () => (webviewTabs(name).length === 0 ? true : undefined));
    });

    it('closing a clean panel asks nothing', async () => {
      await editAndClose(undefined);
      await eventually('the panel to close', () => (webviewTabs(name).length === 0 ? true : undefined));
      assert.deepStrictEqual(asked, []);
    });

    it('Cancel brings the panel back with the edits still unsaved', async () => {
      answer = 'cancel';
      const before = await memory();
      await editAndClose({ memorySize: 1536 });
      await eventually('the prompt', () => (asked.length ? true : undefined));
      assert.deepStrictEqual(asked, [name]);
      const back = await eventually('the panel to come back', () => (webviewTabs(name).length === 1 ? panels.get(ref()) : undefined), 30_000);
      assert.deepStrictEqual(back.pendingChanges, { memorySize: 1536 });
      const bw = watch(back);
      // What the re-opened page receives when it says ready (posted here too, so the check cannot race it).
      await back.handleMessage({ type: 'ready' });
      const state = await eventually('the re-opened page to get the draft', () => bw.states().find((st) => st.fn && st.draft), 60_000);
      assert.deepStrictEqual(state.draft, { memorySize: 1536 });
      await eventually('the unsaved dot on the re-opened tab', () => webviewTabs(name).find((t) => t.label.startsWith('● ')), 30_000);
      assert.strictEqual(await memory(), before, 'nothing was saved');
    });

    it('Don’t Save closes the panel and drops the edits', async () => {
      answer = 'discard';
      const before = await memory();
      await editAndClose({ memorySize: 1792 });
      await eventually('the prompt', () => (asked.length ? true : undefined));
      await eventually('the panel to stay closed', () => (webviewTabs(name).length === 0 ? true : undefined));
      assert.strictEqual(panels.get(ref()), undefined);
      assert.strictEqual(await memory(), before);
    });

    it('Save saves the edits with the RevisionId check and leaves the panel closed', async () => {
      answer = 'save';
      await editAndClose({ memorySize: 2048 });
      await eventually('the function to have the new memory', async () => ((await memory()) === 2048 ? true : undefined), 60_000);
      assert.deepStrictEqual(asked, [name]);
      assert.strictEqual(webviewTabs(name).length, 0);
    });

    it('a Save that does not go through (a conflict) re-opens the panel with the edits and the reason', async () => {
      answer = 'save';
      const c = panels.show(ref());
      await eventually('the function to load', () => (c.state().fn && !c.isBusy ? true : undefined), 60_000);
      await c.handleMessage({ type: 'draft', changes: { memorySize: 640 } });
      const before = await memory();
      // Someone else changes the function behind the panel's back (once an earlier update settled).
      await service.waitUntilReady(region, name);
      await sdk(region).send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 11 }));
      await service.waitUntilReady(region, name);
      asked.length = 0;
      await vscode.window.tabGroups.close(await eventually('the edited tab', () => webviewTabs(name).find((t) => t.label.startsWith('● ')), 30_000));
      const back = await eventually('the panel to come back', () => (webviewTabs(name).length === 1 ? panels.get(ref()) : undefined), 60_000);
      assert.deepStrictEqual(back.pendingChanges, { memorySize: 640 });
      const bw = watch(back);
      await back.handleMessage({ type: 'ready' });
      const conflict = await eventually('the conflict banner in the re-opened page', () => bw.last('conflict'), 60_000);
      assert.match(conflict.message, /changed by someone else/);
      assert.strictEqual(await memory(), before, 'nothing was overwritten');
    });

    after(() => {
      answer = 'discard';
      panels.close(ref());
    });
  });

  describe('saving a function bound in the workspace offers to write the change into its lambda-workbench.json (item 2)', () => {
    let dir: string;
    let file: string;
    let c: ConfigPanelController;
    const original = () => `{\n    "FunctionName": "${name}",\n    "Region": "${region}",\n    "MemorySize": 128,\n    "Custom": { "kept": [1, 2] },\n    "Environment": {\n        "Variables": { "MODE": "a" }\n    }\n}\n`;
    const save = async (changes: Record<string, unknown>): Promise<string | undefined> => {
      offers.length = 0;
      questions.length = 0;
      const revisionId = c.state().fn!.Configuration!.RevisionId!;
      await c.handleMessage({ type: 'save', revisionId, changes } as never);
      assert.ok(watchSaved.last('saved'), JSON.stringify(watchSaved.last('error') ?? watchSaved.last('validation') ?? watchSaved.last('conflict')));
      await eventually('the save to be reported', () => (offers.length ? true : undefined), 30_000);
      return offers[0];
    };
    let watchSaved: Watch;

    before(async () => {
      // Earlier tests' saves made offers too: settle them before a binding file exists for them to find.
      offerGeneration += 1;
      await Promise.allSettled(offers);
      const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
      dir = fs.mkdtempSync(path.join(root, 'bound-'));
      file = path.join(dir, 'lambda-workbench.json');
      fs.writeFileSync(file, original());
      c = panels.show({ region, functionName: name });
      watchSaved = watch(c);
      await c.handleMessage({ type: 'ready' });
      await eventually('the function to load', () => (c.state().fn && !c.isBusy ? true : undefined), 60_000);
    });
    after(() => {
      panels.close({ region, functionName: name });
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('"Write" changes only the saved settings in the file and keeps its formatting and other keys', async () => {
      writeAnswer = true;
      const written = await save({ memorySize: 1024, environment: { set: [['FROM_PANEL', 'p']], remove: [] } });
      assert.strictEqual(written, file);
      assert.strictEqual(questions.length, 1, questions.join('\n'));
      assert.match(questions[0], /MemorySize, Environment \(1 variable\)/);
      assert.ok(!questions[0].includes(SECRET), 'no values in the question');
      assert.match(questions[0], /values are written in plain text/, 'says values go into the file as they are');
      const text = fs.readFileSync(file, 'utf8');
      assert.deepStrictEqual(JSON.parse(text), { FunctionName: name, Region: region, MemorySize: 1024, Custom: { kept: [1, 2] }, Environment: { Variables: { MODE: 'a', FROM_PANEL: 'p' } } });
      assert.match(text, /^ {4}"MemorySize": 1024,$/m, 'four-space indentation kept');
      assert.match(text, /^ {4}"Custom": \{ "kept": \[1, 2\] \},$/m, 'an untouched line is unchanged');
      assert.ok(!text.includes(SECRET), 'variables the save did not touch are not copied in');
    });

    it('"Not Now" leaves the file as it is', async () => {
      writeAnswer = false;
      const before = fs.readFileSync(file, 'utf8');
      assert.strictEqual(await save({ timeout: 21 }), undefined);
      assert.strictEqual(questions.length, 1, questions.join('\n'));
      assert.strictEqual(fs.readFileSync(file, 'utf8'), before);
    });

    it('asks nothing when the file already says what was saved', async () => {
      writeAnswer = true;
      fs.writeFileSync(file, original().replace('"MemorySize": 128', '"MemorySize": 256'));
      assert.strictEqual(await save({ memorySize: 256 }), undefined);
      assert.deepStrictEqual(questions, []);
    });
  });

  it('never writes environment values to the log', () => {
    assert.ok(logLines.some((l) => l.includes('Updated the configuration of')));
    for (const l of logLines) assert.ok(!l.includes(SECRET), l);
  });

  it('closes with its panel registry, and the extension’s own command opens a panel too', async () => {
    panels.close({ region, functionName: name });
    await eventually('the panel to close', () => (webviewTabs(name).length === 0 ? true : undefined));
    await vscode.commands.executeCommand('lambdaWorkbench.function.openConfiguration', { region, name });
    await eventually('the command to open a configuration panel', () => (webviewTabs(name).length === 1 ? true : undefined), 30_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
