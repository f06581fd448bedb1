import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Cmd, ContextKey, Setting, VIEW_ID } from '../../../src/vscode/ids';

// Compiled to out/test/unit/vscode: the repo root is four levels up.
const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributed: { command: string; title: string; category?: string; icon?: string }[] = pkg.contributes.commands;
const palette: { command: string; when: string }[] = pkg.contributes.menus.commandPalette;

describe('package.json manifest', () => {
  it('contributes exactly the commands in the command ids, each in the Lambda category', () => {
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(Cmd).sort());
    for (const c of contributed) {
      assert.equal(c.category, 'Lambda', c.command);
      assert.match(c.command, /^lambdaWorkbench\.[a-z]+\.[a-zA-Z]+$/, 'ids follow lambdaWorkbench.<noun>.<verb>');
    }
  });

  it('activates lazily: the view, the commands, a function link, and restoring an open configuration panel', () => {
    const events: string[] = pkg.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
    for (const e of events) assert.match(e, /^(onView|onCommand):|^onWebviewPanel:lambdaWorkbench\.configuration$|^onUri$|^onDebugResolve:lambda-workbench$|^onDebugInitialConfigurations$/);
    assert.ok(events.includes('onUri'), 'function links (vscode://…/function?…) activate the extension');
    assert.ok(events.includes(`onView:${VIEW_ID}`));
    for (const id of Object.values(Cmd)) assert.ok(events.includes(`onCommand:${id}`), id);
  });

  it('hides node-only commands from the palette and gates state-dependent ones', () => {
    const when = (id: string) => palette.find((p) => p.command === id)?.when;
    for (const id of [Cmd.refreshRegion, Cmd.loadMore, Cmd.deployToFunction, Cmd.copyName]) assert.equal(when(id), 'false', id);
    assert.equal(when(Cmd.clearFilter), ContextKey.filterActive);
    assert.equal(when(Cmd.stopLocal), ContextKey.localInvokeRunning);
    assert.equal(when(Cmd.rerunLocal), ContextKey.hasLastLocalInvoke);
    assert.match(when(Cmd.invokeLocally) ?? '', /resourceExtname/);
  });

  it('offers Invoke Locally on .js/.mjs/.cjs/.ts files in the explorer and editor title menus', () => {
    const menus = pkg.contributes.menus;
    for (const menu of ['explorer/context', 'editor/title/context']) {
      const entry = menus[menu].find((m: { command: string }) => m.command === Cmd.invokeLocally);
      assert.ok(entry, menu);
      const regex = /resourceExtname =~ \/(.*)\//.exec(entry.when)?.[1];
      assert.ok(regex, entry.when);
      const re = new RegExp(regex);
      for (const ext of ['.js', '.mjs', '.cjs', '.ts']) assert.ok(re.test(ext), ext);
      for (const ext of ['.json', '.jsx', '.tsx', '.mts', '.ts.bak']) assert.ok(!re.test(ext), ext);
    }
  });

  it('declares every setting the code reads, each with a description', () => {
    const props = pkg.contributes.configuration.properties;
    for (const [key, value] of Object.entries(Setting)) {
      if (key === 'section') continue;
      const prop = props[`${Setting.section}.${value}`];
      assert.ok(prop, value);
      assert.ok(prop.markdownDescription || prop.description, value);
    }
  });

  it('has a welcome view for missing credentials that offers a local endpoint', () => {
    const welcome = pkg.contributes.viewsWelcome.find((w: { when: string }) => w.when === ContextKey.noCredentials);
    assert.ok(welcome);
    assert.match(welcome.contents, /command:lambdaWorkbench\.connection\.useLocalEndpoint/);
    assert.match(welcome.contents, /SSO/);
  });

  it('registers the binding schema for lambda-workbench.json', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: 'lambda-workbench.json', url: './schemas/lambda-workbench.schema.json' }]);
  });
});
