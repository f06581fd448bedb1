/**
 * Function links in the real VS Code against the local Lambda API server: a URI handed to the
 * extension's registered URI handler (through its API: a `vscode://` link cannot be opened from
 * outside the window here) opens the configuration panel of the function it names; a malformed
 * link opens nothing; "Copy Link to Function" produces a link that opens the same panel.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { EXTENSION_ID, workbenchApi } from './helpers';

const PANEL_VIEW_TYPE = 'lambdaWorkbench.configuration';

function configTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PANEL_VIEW_TYPE));
}

const link = (query: string) => vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/function?${query}`);

describe('function links (URI handler, real VS Code)', function () {
  this.timeout(90_000);
  const env = testEnv();

  before(function () {
    if (!env.endpoint) this.skip();
  });

  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('no configuration panel open', () => (configTabs().length === 0 ? true : undefined));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the configuration panel of the function a link names (name or ARN)', async () => {
    const api = await workbenchApi();
    const endpoint = encodeURIComponent(env.endpoint ?? '');
    const outcome = await api.handleUri(link(`region=us-east-1&name=hello-cjs&endpoint=${endpoint}`));
    assert.deepStrictEqual(outcome, { opened: { region: 'us-east-1', name: 'hello-cjs', endpoint: env.endpoint?.replace(/\/$/, '') } });
    const tab = await eventually('the hello-cjs configuration panel', () => configTabs().find((t) => t.label.includes('hello-cjs')));
    assert.ok(tab.isActive, 'the panel has the focus');

    const arn = encodeURIComponent('arn:aws:lambda:eu-west-1:123456789012:function:hello-cjs-eu');
    const second = await api.handleUri(link(`region=eu-west-1&name=${arn}`));
    assert.ok(second && 'opened' in second, JSON.stringify(second));
    await eventually('the hello-cjs-eu configuration panel', () => configTabs().find((t) => t.label.includes('hello-cjs-eu')));
  });

  it('opens nothing for a link with missing or malformed parameters', async () => {
    const api = await workbenchApi();
    for (const query of ['region=us-east-1', 'region=mars-1&name=hello-cjs', 'region=us-east-1&name=hello-cjs&endpoint=file%3A%2F%2F%2Fetc', 'region=us-east-1&name=hello-cjs&extra=1']) {
      const outcome = await api.handleUri(link(query));
      assert.ok(outcome && 'refused' in outcome, `${query}: ${JSON.stringify(outcome)}`);
    }
    const wrongPath = await api.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/delete?region=us-east-1&name=hello-cjs`));
    assert.ok(wrongPath && 'refused' in wrongPath);
    assert.deepStrictEqual(
      configTabs().map((t) => t.label),
      [],
      'no configuration panel was opened',
    );
  });

  it('"Copy Link to Function" copies a link that opens that function', async () => {
    const api = await workbenchApi();
    const copied = await vscode.commands.executeCommand<string>(Cmd.copyLink, { region: 'us-east-1', name: 'hello-cjs' });
    assert.ok(copied, `no link; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.strictEqual(await vscode.env.clipboard.readText(), copied);
    assert.match(copied, new RegExp(`^${vscode.env.uriScheme}://${EXTENSION_ID.replace(/\./g, '\\.')}/function\\?region=us-east-1&name=hello-cjs&endpoint=`));
    const outcome = await api.handleUri(vscode.Uri.parse(copied));
    assert.ok(outcome && 'opened' in outcome, JSON.stringify(outcome));
    await eventually('the hello-cjs configuration panel', () => configTabs().find((t) => t.label.includes('hello-cjs')));
  });
});
