import * as assert from 'node:assert/strict';
import type { ResolvedConnection } from '../../../src/vscode/connectionInfo';
import { FunctionsModel, type CredentialStatus, type FunctionsModelDeps } from '../../../src/vscode/tree/functionsModel';
import { FunctionNode } from '../../../src/vscode/tree/functionNode';
import { type RegionNode } from '../../../src/vscode/tree/regionNode';
import type { TreeNode } from '../../../src/vscode/tree/treeItemSpec';
import { fn, StubService, workbenchError } from './stubService';

function setup(options: { data?: ConstructorParameters<typeof StubService>[0]; regions?: string[]; connection?: ResolvedConnection; credentials?: CredentialStatus; pageSize?: number } = {}) {
  const service = new StubService(options.data ?? {});
  const changed: (TreeNode | undefined)[] = [];
  const statuses: CredentialStatus[] = [];
  let credentialChecks = 0;
  const deps: FunctionsModelDeps = {
    getService: async () => service.asService(),
    connection: () => options.connection ?? { endpoint: 'http://127.0.0.1:4566', endpointSource: 'setting' },
    regions: async () => options.regions ?? ['us-east-1'],
    checkCredentials: async () => {
      credentialChecks++;
      return options.credentials ?? { status: 'found' };
    },
    pageSize: () => options.pageSize ?? 50,
    regionName: (r) => (r === 'us-east-1' ? 'US East (N. Virginia)' : undefined),
    changed: (n) => changed.push(n),
    credentialStatusChanged: (s) => statuses.push(s),
  };
  const model = new FunctionsModel(deps);
  return { model, service, changed, statuses, checks: () => credentialChecks };
}

const labels = (nodes: TreeNode[]) => nodes.map((n) => n.getTreeItem().label);

describe('FunctionsModel (tree)', () => {
  it('shows the connection line then one expanded node per region, regions listed in parallel', async () => {
    const { model, service } = setup({ regions: ['us-east-1', 'eu-west-1'], data: { 'us-east-1': [fn('a')], 'eu-west-1': [fn('b'), fn('c')] } });
    const root = await model.getChildren();
    assert.deepEqual(labels(root), ['Local endpoint', 'us-east-1', 'eu-west-1']);
    assert.equal(root[0].getTreeItem().description, 'http://127.0.0.1:4566');
    assert.equal(root[1].getTreeItem().collapsible, 'expanded');
    // Both regions start their request before either finishes.
    let release!: () => void;
    service.gate = new Promise((r) => (release = r));
    const pending = Promise.all([root[1].getChildren(), root[2].getChildren()]);
    await new Promise((r) => setImmediate(r));
    assert.equal(service.calls.length, 2);
    release();
    const [east, west] = await pending;
    assert.deepEqual(labels(east), ['a']);
    assert.deepEqual(labels(west), ['b', 'c']);
  });

  it('renders function rows with runtime, tooltip facts, icon by family and a menu context', async () => {
    const { model } = setup({
      data: {
        'us-east-1': [
          fn('orders', { Description: 'Takes <b>orders</b>', MemorySize: 512, Timeout: 30, LastModified: '2024-05-01T10:20:30.000+0000', Handler: 'index.handler' }),
          fn('py', { Runtime: 'python3.12' }),
          fn('img', { Runtime: undefined, PackageType: 'Image' }),
        ],
      },
    });
    const [, region] = await model.getChildren();
    const [orders, py, img] = (await region.getChildren()).map((n) => n.getTreeItem());
    assert.equal(orders.description, 'nodejs20.x');
    assert.equal(orders.id, 'fn:us-east-1:orders');
    assert.equal(orders.contextValue, 'lambdaWorkbench.function.node');
    assert.match(orders.tooltip ?? '', /Takes &lt;b&gt;orders&lt;\/b&gt;/);
    assert.match(orders.tooltip ?? '', /512 MB · 30 s timeout/);
    assert.match(orders.tooltip ?? '', /Last modified: 2024-05-01 10:20 UTC/);
    assert.equal(py.contextValue, 'lambdaWorkbench.function');
    assert.equal(py.icon?.id, 'python');
    assert.notEqual(orders.icon?.id, py.icon?.id);
    assert.equal(img.description, 'container image');
  });

  it('pages with "Load more…" and appends the next page without refetching the first', async () => {
    const names = Array.from({ length: 5 }, (_, i) => fn(`f${i}`));
    const { model, service, changed } = setup({ data: { 'us-east-1': names }, pageSize: 2 });
    const [, region] = await model.getChildren();
    let children = await region.getChildren();
    assert.deepEqual(labels(children), ['f0', 'f1', 'Load more…']);
    const more = children[2].getTreeItem();
    assert.equal(more.command?.command, 'lambdaWorkbench.region.loadMore');
    assert.equal(more.command?.arguments?.[0], region);
    await (region as RegionNode).loadMore();
    assert.ok(changed.includes(region));
    children = await region.getChildren();
    assert.deepEqual(labels(children), ['f0', 'f1', 'f2', 'f3', 'Load more…']);
    await (region as RegionNode).loadMore();
    children = await region.getChildren();
    assert.deepEqual(labels(children), ['f0', 'f1', 'f2', 'f3', 'f4']);
    assert.deepEqual(service.calls.map((c) => c.marker), [undefined, '2', '4']);
    assert.equal(region.getTreeItem().description, 'US East (N. Virginia)');
  });

  it('shows an empty node for a region with no functions', async () => {
    const { model } = setup({ data: {} });
    const [, region] = await model.getChildren();
    const children = await region.getChildren();
    assert.deepEqual(labels(children), ['No functions in us-east-1']);
    assert.equal(children[0].getTreeItem().command, undefined);
  });

  it('shows a clickable error node per region and recovers on retry', async () => {
    const { model, service } = setup({ regions: ['us-east-1', 'eu-west-1'], data: { 'us-east-1': [fn('a')], 'eu-west-1': [fn('b')] } });
    service.failNext.set('eu-west-1', workbenchError('throttled', 'Lambda is throttling requests in eu-west-1.', 'Wait a moment and retry.', 'TooManyRequestsException'));
    const [, east, west] = await model.getChildren();
    assert.deepEqual(labels(await east.getChildren()), ['a']);
    const [error] = await west.getChildren();
    const item = error.getTreeItem();
    assert.equal(item.label, 'Could not list functions: Lambda is throttling requests in eu-west-1');
    assert.equal(item.command?.command, 'lambdaWorkbench.region.refresh');
    assert.equal(item.command?.arguments?.[0], west);
    assert.match(item.tooltip ?? '', /Wait a moment and retry/);
    (west as RegionNode).refresh();
    assert.deepEqual(labels(await west.getChildren()), ['b']);
  });

  it('keeps loaded functions when a later page fails, and retries that page', async () => {
    const { model, service } = setup({ data: { 'us-east-1': [fn('a'), fn('b'), fn('c')] }, pageSize: 2 });
    const [, region] = await model.getChildren();
    await region.getChildren();
    service.failNext.set('us-east-1', new Error('socket hang up'));
    await (region as RegionNode).loadMore();
    let children = await region.getChildren();
    assert.deepEqual(labels(children), ['a', 'b', 'Could not load more functions: socket hang up']);
    assert.equal(children[2].getTreeItem().command?.command, 'lambdaWorkbench.region.loadMore');
    await (region as RegionNode).loadMore();
    children = await region.getChildren();
    assert.deepEqual(labels(children), ['a', 'b', 'c']);
  });

  it('caches a region until refreshed; refresh refetches', async () => {
    const { model, service } = setup({ data: { 'us-east-1': [fn('a')] } });
    const [, region] = await model.getChildren();
    await region.getChildren();
    await region.getChildren();
    assert.equal(service.calls.length, 1);
    service.data['us-east-1'].push(fn('z'));
    (region as RegionNode).refresh();
    assert.deepEqual(labels(await region.getChildren()), ['a', 'z']);
    assert.equal(service.calls.length, 2);
  });

  it('a refresh while a load is under way wins over the stale result', async () => {
    const { model, service } = setup({ data: { 'us-east-1': [fn('old')] } });
    const [, region] = await model.getChildren();
    let release!: () => void;
    service.gate = new Promise((r) => (release = r));
    const stale = region.getChildren();
    await new Promise((r) => setImmediate(r));
    service.data['us-east-1'] = [fn('new')];
    (region as RegionNode).refresh();
    service.gate = undefined;
    const fresh = await region.getChildren();
    release();
    await stale;
    assert.deepEqual(labels(fresh), ['new']);
    assert.deepEqual(labels(await region.getChildren()), ['new']);
  });

  it('filters loaded functions by name and says when nothing matches', async () => {
    const { model, changed } = setup({ data: { 'us-east-1': [fn('orders-api'), fn('Orders-worker'), fn('users')] } });
    const [, region] = await model.getChildren();
    model.setFilter('  ORDERS ');
    assert.equal(model.filter, 'orders');
    assert.ok(changed.includes(region));
    assert.deepEqual(labels(await region.getChildren()), ['orders-api', 'Orders-worker']);
    model.setFilter('nothing');
    assert.deepEqual(labels(await region.getChildren()), ['No loaded functions match "nothing"']);
    model.setFilter('');
    assert.equal((await region.getChildren()).length, 3);
  });

  it('returns an empty root (the welcome view) when no credentials are found, and checks only once', async () => {
    const { model, statuses, checks } = setup({ connection: { profile: 'dev' }, credentials: { status: 'none' } });
    assert.deepEqual(await model.getChildren(), []);
    assert.deepEqual(await model.getChildren(), []);
    assert.equal(checks(), 1);
    assert.deepEqual(statuses.at(-1), { status: 'none' });
    model.refreshAll();
    await model.getChildren();
    assert.equal(checks(), 2);
  });

  it('returns an empty root for an expired SSO session', async () => {
    const { model, statuses } = setup({ connection: { profile: 'sso' }, credentials: { status: 'ssoExpired', profile: 'sso' } });
    assert.deepEqual(await model.getChildren(), []);
    assert.equal(statuses.at(-1)?.status, 'ssoExpired');
  });

  it('skips the credential check for endpoint connections and labels profiles', async () => {
    const local = setup();
    await local.model.getChildren();
    assert.equal(local.checks(), 0);
    const aws = setup({ connection: { profile: 'prod' } });
    const [conn] = await aws.model.getChildren();
    assert.equal(conn.getTreeItem().label, 'Profile: prod');
    assert.equal(conn.getTreeItem().command?.command, 'lambdaWorkbench.connection.selectProfile');
  });

  it('keeps region nodes (and their loaded pages) across root refreshes when the region set is unchanged', async () => {
    const regions = ['us-east-1'];
    const { model } = setup({ regions, data: { 'us-east-1': [fn('a')] } });
    const [, first] = await model.getChildren();
    regions.push('eu-west-1');
    const [, again, added] = await model.getChildren();
    assert.equal(again, first);
    assert.equal(added.id, 'region:eu-west-1');
  });

  it('gives every node a unique, stable id', async () => {
    const { model } = setup({ regions: ['us-east-1', 'eu-west-1'], data: { 'us-east-1': [fn('same')], 'eu-west-1': [fn('same')] }, pageSize: 1 });
    const ids: string[] = [];
    const walk = async (nodes: TreeNode[]) => {
      for (const n of nodes) {
        ids.push(n.getTreeItem().id);
        await walk(await n.getChildren());
      }
    };
    await walk(await model.getChildren());
    assert.equal(new Set(ids).size, ids.length);
    const again: string[] = [];
    for (const r of model.regions) for (const c of await r.getChildren()) again.push(c.id);
    assert.deepEqual(again, ids.filter((id) => !id.startsWith('region:') && id !== 'connection'));
  });

  it('drops a deleted function without a round trip', async () => {
    const { model, service } = setup({ data: { 'us-east-1': [fn('a'), fn('b')] } });
    const [, region] = await model.getChildren();
    const [a] = await region.getChildren();
    assert.ok(a instanceof FunctionNode);
    (region as RegionNode).forget('a');
    assert.deepEqual(labels(await region.getChildren()), ['b']);
    assert.equal(service.calls.length, 1);
  });
});

describe('FunctionsModel: one "function changed" event keeps rows current (issue 16 item 7)', () => {
  async function loaded() {
    const s = setup({ regions: ['us-east-1', 'eu-west-1'], data: { 'us-east-1': [fn('orders', { MemorySize: 128 }), fn('other')], 'eu-west-1': [] } });
    const root = await s.model.getChildren();
    await root[1].getChildren();
    await root[2].getChildren();
    return { ...s, east: root[1] as RegionNode, west: root[2] as RegionNode };
  }
  const tooltipOf = async (region: RegionNode, name: string) => {
    const row = (await region.getChildren()).find((n) => n.getTreeItem().label === name);
    return row?.getTreeItem().tooltip ?? '';
  };

  it('a known configuration (a panel save) updates the row in place, without a request', async () => {
    const { model, service, east, changed } = await loaded();
    assert.match(await tooltipOf(east, 'orders'), /128 MB/);
    const calls = service.calls.length;
    changed.length = 0;
    model.functionChanged('us-east-1', 'orders', fn('orders', { MemorySize: 256 }));
    assert.deepEqual(changed, [east]);
    assert.match(await tooltipOf(east, 'orders'), /256 MB/);
    assert.deepEqual(labels(await east.getChildren()), ['orders', 'other']);
    assert.equal(service.calls.length, calls, 'no round trip');
  });

  it('a new function (create) is added; null (delete) removes it; no configuration (deploy) reloads the region', async () => {
    const { model, service, east, west } = await loaded();
    model.functionChanged('eu-west-1', 'fresh', fn('fresh'));
    assert.deepEqual(labels(await west.getChildren()), ['fresh']);
    model.functionChanged('us-east-1', 'other', null);
    assert.deepEqual(labels(await east.getChildren()), ['orders']);
    const calls = service.calls.length;
    model.functionChanged('us-east-1', 'orders');
    await east.getChildren();
    assert.equal(service.calls.length, calls + 1, 'the region listed again');
    model.functionChanged('ap-south-1', 'x', fn('x')); // a region not shown: nothing to do, no error
  });

  it('region rows: the full name at first render, and a tooltip that never repeats the code', async () => {
    const { east, west } = await loaded();
    const e = east.getTreeItem();
    assert.equal(e.description, 'US East (N. Virginia)');
    assert.equal(e.tooltip, '**US East \\(N. Virginia\\)**\n\nus-east-1');
    const w = west.getTreeItem();
    assert.equal(w.tooltip, 'eu-west-1');
  });
});
