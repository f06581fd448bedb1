/**
 * The Lambda view against the local Lambda API server over real HTTP: connection line, regions,
 * functions, paging, filter, error and empty nodes, regions choice, refresh.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateFunctionCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { regionLabels, regionRow, ROLE, rows, sdk, tinyZip, uniqueName, withSettings, workbenchApi } from './helpers';

describe('Lambda view (tree)', function () {
  this.timeout(60000);
  const env = testEnv();

  before(async () => {
    const { timings } = await workbenchApi();
    console.log(`activate() body: ${timings.activateMs.toFixed(2)} ms (bundle loaded at ${timings.moduleLoadedAt.toFixed(1)} ms host time)`);
    await vscode.commands.executeCommand(Cmd.refresh);
  });

  it('shows the local endpoint, then one row per chosen region', async () => {
    const api = await workbenchApi();
    const root = await rows(api);
    assert.strictEqual(root[0].label, 'Local endpoint');
    assert.strictEqual(root[0].description, env.endpoint);
    assert.deepStrictEqual(root.slice(1).map((r) => r.label), env.regions);
    assert.ok(root.slice(1).every((r) => r.collapsible === 'expanded'));
    // Full region names at the first render (chosen regions used to show them only after a refresh),
    // and a tooltip that names the region once, never "us-east-1 us-east-1".
    for (const r of root.slice(1)) {
      assert.ok(r.description && r.description !== r.label, `${r.label} has no full name: ${JSON.stringify(r.description)}`);
      const tooltip = typeof r.tooltip === 'string' ? r.tooltip : '';
      assert.strictEqual(tooltip.split(r.label).length - 1, 1, `tooltip of ${r.label}: ${tooltip}`);
    }
  });

  it('lists the seeded functions of each region with runtime and tooltip', async () => {
    const api = await workbenchApi();
    for (const region of env.regions) {
      const functions = await rows(api, await regionRow(api, region));
      const names = functions.map((f) => f.label);
      for (const seeded of env.functions.filter((f) => f.Region === region)) {
        assert.ok(names.includes(seeded.FunctionName), `${seeded.FunctionName} missing from ${region}: ${names.join(', ')}`);
      }
      const hello = functions.find((f) => f.label.startsWith('hello-cjs'));
      if (hello) {
        assert.strictEqual(hello.description, 'nodejs22.x');
        assert.strictEqual(hello.contextValue, 'lambdaWorkbench.function.node');
        assert.match(hello.tooltip ?? '', /MB/);
        assert.match(hello.tooltip ?? '', /Last modified/);
      }
    }
  });

  it('pages with "Load more…" and loads the next page on the command', async () => {
    const api = await workbenchApi();
    const region = 'us-east-1';
    const expected = env.functions.filter((f) => f.Region === region).length;
    assert.ok(expected >= 2, 'the harness seeds at least two functions in us-east-1');
    await withSettings({ 'functions.pageSize': 1 }, async () => {
      const first = await eventually('a one-function first page', async () => {
        const labels = await regionLabels(api, region);
        return labels.length === 2 && labels[1] === 'Load more…' ? labels : undefined;
      });
      assert.strictEqual(first.length, 2);
      const regionNode = await regionRow(api, region);
      const more = (await rows(api, regionNode)).find((r) => r.label === 'Load more…');
      assert.strictEqual(more?.command?.command, Cmd.loadMore);
      await vscode.commands.executeCommand(Cmd.loadMore, ...(more?.command?.arguments ?? []));
      const second = await regionLabels(api, region);
      assert.strictEqual(second.filter((l) => l !== 'Load more…').length, 2);
      assert.notStrictEqual(second[0], second[1]);
    });
  });

  it('filters functions by name and clears the filter', async () => {
    const api = await workbenchApi();
    await vscode.commands.executeCommand(Cmd.filter, 'orders');
    try {
      assert.deepStrictEqual(await regionLabels(api, 'us-east-1'), ['orders-esm']);
      const west = await regionLabels(api, 'eu-west-1');
      assert.ok(west.every((l) => l.startsWith('No loaded functions match')), west.join(', '));
    } finally {
      await vscode.commands.executeCommand(Cmd.clearFilter);
    }
    assert.ok((await regionLabels(api, 'us-east-1')).includes('hello-cjs'));
  });

  it('shows a function created behind its back after a region refresh', async () => {
    const api = await workbenchApi();
    const name = uniqueName('tree-refresh');
    const client = sdk('eu-west-1');
    try {
      await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: tinyZip() } }));
      const before = await regionLabels(api, 'eu-west-1');
      assert.ok(!before.includes(name), 'cached until refreshed');
      const node = await regionRow(api, 'eu-west-1');
      await vscode.commands.executeCommand(Cmd.refreshRegion, node.node);
      assert.ok((await regionLabels(api, 'eu-west-1')).includes(name));
    } finally {
      await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
      client.destroy();
    }
  });

  it('shows an error node per region when the endpoint is unreachable, and recovers', async () => {
    const api = await workbenchApi();
    await withSettings({ endpoint: 'http://127.0.0.1:9' }, async () => {
      const labels = await eventually('error nodes', async () => {
        const root = await rows(api);
        if (root[0]?.description !== 'http://127.0.0.1:9') return undefined;
        const children = await rows(api, root[1]);
        return children[0]?.label.startsWith('Could not list functions') ? children : undefined;
      });
      assert.match(labels[0].label, /^Could not list functions: Could not reach http:\/\/127\.0\.0\.1:9/);
      assert.strictEqual(labels[0].command?.command, Cmd.refreshRegion);
      assert.match(labels[0].tooltip ?? '', /Click to retry/);
    });
    await eventually('the tree back on the real endpoint', async () => ((await regionLabels(api, 'us-east-1')).includes('hello-cjs') ? true : undefined));
  });

  it('shows an empty node for a region without functions, and follows "Choose Regions"', async () => {
    const api = await workbenchApi();
    await vscode.commands.executeCommand(Cmd.chooseRegions, ['ap-south-1', 'us-east-1']);
    try {
      const root = await eventually('the new regions', async () => {
        const r = await rows(api);
        return r[1]?.label === 'ap-south-1' ? r : undefined;
      });
      assert.deepStrictEqual(root.slice(1).map((r) => r.label), ['ap-south-1', 'us-east-1']);
      assert.deepStrictEqual(await regionLabels(api, 'ap-south-1'), ['No functions in ap-south-1']);
    } finally {
      await vscode.commands.executeCommand(Cmd.chooseRegions, env.regions);
    }
    await eventually('the original regions', async () => ((await rows(api)).slice(1).map((r) => r.label).join() === env.regions.join() ? true : undefined));
  });
});
