/**
 * A configuration panel restored after a window reload comes back with its unsaved edits: the
 * drafts go to secret storage (draftStore.ts) and the serializer's restore() puts them back before
 * the page boots. In the real VS Code, against the local Lambda API server; the window closing and
 * the reload are the registry's dispose() and restore() (the e2e suite reloads a real window).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CreateFunctionCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { createLambdaService } from '../../src/core/aws/lambdaService';
import type { LambdaService } from '../../src/core/aws/types';
import { ConfigurationPanels, panelKey } from '../../src/vscode/configPanel/configPanels';
import { DraftStore } from '../../src/vscode/configPanel/draftStore';
import { CONFIG_PANEL_VIEW_TYPE } from '../../src/vscode/configPanel/protocol';
import { watch, webviewTabs } from './configPanelHelpers';
import { eventually, testEnv } from './testEnv';
import { ROLE, sdk, tinyZip, uniqueName } from './ui/helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('configuration panel across a window reload (real VS Code, local Lambda API server)', function () {
  this.timeout(120_000);
  const env = testEnv();
  const region = env.regions[0] ?? 'us-east-1';
  const name = uniqueName('cfg-reload');
  const warnings: string[] = [];
  let service: LambdaService;

  before(async function () {
    if (!env.endpoint) this.skip();
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'webview', 'config.js')), 'dist/webview/config.js is missing: run the build first.');
    await sdk(region).send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: tinyZip() }, MemorySize: 128, Environment: { Variables: { MODE: 'a' } } }),
    );
    service = createLambdaService({ endpoint: env.endpoint });
    await service.waitUntilReady(region, name);
  });

  after(async () => {
    if (env.endpoint) await sdk(region).send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
  });

  it('a window reload brings a panel back with its unsaved edits (kept in secret storage); a panel opened afresh starts clean', async () => {
    const ref = { region, functionName: name };
    // The keychain's stand-in: what the extension hands DraftStore is context.secrets.
    const kept = new Map<string, string>();
    const secrets = { get: async (k: string) => kept.get(k), store: async (k: string, v: string) => void kept.set(k, v), delete: async (k: string) => void kept.delete(k) };
    const deps = (drafts: DraftStore) => ({ getService: async () => service, log: { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel, drafts });
    const edit = { memorySize: 1024, environment: { set: [['RELOAD_KEY', 'kept-value']] as [string, string][], remove: [] } };

    const oldWindow = new DraftStore(secrets, (m) => warnings.push(m));
    const first = new ConfigurationPanels(vscode.Uri.file(ROOT), deps(oldWindow));
    const c1 = first.show(ref);
    await eventually('the function to load', () => (c1.state().fn && !c1.isBusy ? true : undefined), 60_000);
    await c1.handleMessage({ type: 'draft', changes: edit });
    // The window closes: no prompt (none is wired here, so one would be VS Code's modal and hang), the draft stays.
    first.dispose();
    await oldWindow.flush();
    assert.ok(kept.size === 1, 'the draft is in secret storage');

    const newWindow = new DraftStore(secrets, (m) => warnings.push(m));
    const second = new ConfigurationPanels(vscode.Uri.file(ROOT), deps(newWindow));
    try {
      // What the serializer does with the panel VS Code restores.
      const panel = vscode.window.createWebviewPanel(CONFIG_PANEL_VIEW_TYPE, name, vscode.ViewColumn.Active, { enableScripts: true });
      await second.restore(panel, { ref });
      const back = second.get(ref);
      assert.ok(back, 'the restored panel is registered');
      assert.deepStrictEqual(back.pendingChanges, edit);
      const bw = watch(back);
      await back.handleMessage({ type: 'ready' });
      const state = await eventually('the restored page to get the draft', () => bw.states().find((st) => st.fn && st.draft), 60_000);
      assert.deepStrictEqual(state.draft, edit);
      await eventually('the unsaved dot on the restored tab', () => webviewTabs(name).find((t) => t.label.startsWith('● ')), 30_000);
      // Revert in the page: nothing unsaved, nothing kept.
      await back.handleMessage({ type: 'draft', changes: null });
      await newWindow.flush();
      assert.strictEqual(kept.size, 0);

      await back.handleMessage({ type: 'draft', changes: edit });
      second.close(ref);
      await newWindow.flush();
      assert.strictEqual(kept.size, 0, 'a panel closed for good (its function deleted) forgets its draft');
      await back.handleMessage({ type: 'draft', changes: edit });
      await newWindow.flush();
      assert.strictEqual(kept.size, 0, 'a closed panel keeps nothing');
    } finally {
      second.dispose();
    }
    const third = new DraftStore(secrets, () => undefined);
    third.set(panelKey(ref), edit);
    await third.flush();
    const fresh = new ConfigurationPanels(vscode.Uri.file(ROOT), deps(third));
    try {
      const c3 = fresh.show(ref);
      assert.strictEqual(c3.pendingChanges, undefined);
      await third.flush();
      assert.strictEqual(await third.load(panelKey(ref)), undefined, 'a panel opened afresh drops a draft the window never brought back');
      // Closed once its page is up (a webview disposed while it boots makes the workbench log an error).
      await eventually('the fresh panel to load', () => (c3.state().fn && !c3.isBusy ? true : undefined), 60_000);
    } finally {
      fresh.dispose();
    }
  });

  it('reports nothing wrong with the keychain meanwhile', () => {
    assert.deepStrictEqual(warnings, []);
  });
});
