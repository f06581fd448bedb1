import * as assert from 'node:assert/strict';
import type { UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { FunctionConfiguration, GetFunctionResponse, LambdaService, WaitOptions } from '../../../src/core/aws/types';
import { validateUpdateFunctionConfiguration } from '../../../src/core/config/validateFunction';
import { ConfigPanelController, type PanelHost, type UpdateValidator } from '../../../src/vscode/configPanel/controller';
import type { HostMessage } from '../../../src/vscode/configPanel/protocol';
import { richFunction, richUrlConfig, SECRET_A, SECRET_B } from './fixture';

const REF = { region: 'eu-west-1', functionName: 'orders-api' };

class SdkError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Shaped like core's WorkbenchError, as the separate engine bundle throws it. */
function workbenchError(kind: string, message: string, options: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name: 'WorkbenchError', kind, options });
}

/** A LambdaService stand-in holding one function; it checks RevisionId as the service does. */
class StubService {
  fn: GetFunctionResponse = { ...richFunction(), $metadata: {} } as GetFunctionResponse;
  updates: UpdateFunctionConfigurationRequest[] = [];
  waits = 0;
  getCalls = 0;
  failGet?: Error;
  failUpdate?: Error;
  failWait?: Error;
  urlConfig?: () => Promise<unknown>;

  asService(): LambdaService {
    const service = {
      connection: {},
      getFunction: async () => {
        this.getCalls++;
        if (this.failGet) throw this.failGet;
        return structuredClone(this.fn);
      },
      updateFunctionConfiguration: async (_region: string, input: UpdateFunctionConfigurationRequest): Promise<FunctionConfiguration> => {
        this.updates.push(input);
        if (this.failUpdate) throw this.failUpdate;
        const c = this.fn.Configuration!;
        if (input.RevisionId && input.RevisionId !== c.RevisionId) throw new SdkError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id.');
        if (input.MemorySize !== undefined) c.MemorySize = input.MemorySize;
        if (input.Timeout !== undefined) c.Timeout = input.Timeout;
        if (input.Description !== undefined) c.Description = input.Description;
        if (input.Environment) c.Environment = { Variables: input.Environment.Variables };
        c.RevisionId = `rev-${this.updates.length + 1}`;
        return c;
      },
      waitUntilReady: async (_region: string, _name: string, options?: WaitOptions): Promise<FunctionConfiguration> => {
        this.waits++;
        options?.onProgress?.({ state: 'Active', lastUpdateStatus: 'InProgress' });
        if (this.failWait) throw this.failWait;
        return this.fn.Configuration!;
      },
      getFunctionUrlConfig: () => (this.urlConfig ? this.urlConfig() : Promise.resolve(undefined)),
    } as unknown as LambdaService;
    return service;
  }
}

function setup(options: { validator?: UpdateValidator } = {}) {
  const stub = new StubService();
  const posted: HostMessage[] = [];
  const titles: string[] = [];
  const logs: string[] = [];
  const copied: Array<[string, string]> = [];
  const opened: string[] = [];
  const progress: string[] = [];
  const host: PanelHost = {
    getService: async () => stub.asService(),
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    getValidator: async () => options.validator,
    copy: async (t, l) => {
      copied.push([t, l]);
    },
    openExternal: async (u) => {
      opened.push(u);
    },
    withProgress: async (title, task) => {
      progress.push(title);
      return task();
    },
    connectionLabel: () => 'local endpoint http://127.0.0.1:1',
  };
  const c = new ConfigPanelController(REF, { post: (m) => posted.push(m), setTitle: (t) => titles.push(t) }, host);
  const last = <T extends HostMessage['type']>(type: T) => posted.filter((m) => m.type === type).pop() as Extract<HostMessage, { type: T }> | undefined;
  return { stub, posted, titles, logs, copied, opened, progress, c, last };
}

const rev = 'rev-0001-aaaa';

describe('configuration panel controller', () => {
  it('loads on start, holds messages until the page is ready, then sends the state', async () => {
    const t = setup();
    await t.c.start();
    assert.equal(t.posted.length, 0, 'nothing is posted to a page that has not said ready');
    await t.c.handleMessage({ type: 'ready' });
    const state = t.last('state')!.state;
    assert.equal(state.fn?.Configuration?.MemorySize, 512);
    assert.equal('$metadata' in state.fn!, false);
    assert.equal(state.url, null, 'a function without a URL shows "no URL"');
    assert.equal(state.connection, 'local endpoint http://127.0.0.1:1');
    assert.equal(t.stub.getCalls, 1);
    assert.deepEqual(t.titles.at(-1), 'orders-api (eu-west-1)');
  });

  it('replays state, running work and the last banner when a hidden page comes back', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'draft', changes: { memorySize: 256 } });
    await t.c.handleMessage({ type: 'save', revisionId: 'stale', changes: { memorySize: 256 } });
    t.c.pageHidden();
    t.posted.length = 0;
    await t.c.handleMessage({ type: 'ready' });
    assert.deepEqual(
      t.posted.map((m) => m.type),
      ['state', 'conflict'],
    );
    assert.deepEqual(t.last('state')!.state.draft, { memorySize: 256 }, 'unsaved edits come back');
    assert.equal(t.stub.getCalls, 1, 'no refetch for a page that was only hidden');
  });

  it('reads the function URL config when the service offers it; null when there is none', async () => {
    const t = setup();
    t.stub.urlConfig = async () => ({ ...richUrlConfig(), $metadata: {} });
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    assert.equal(t.last('state')!.state.url?.AuthType, 'AWS_IAM');
    t.stub.urlConfig = async () => {
      throw new SdkError('ResourceNotFoundException', 'The resource you requested does not exist.');
    };
    await t.c.handleMessage({ type: 'reload' });
    assert.equal(t.last('state')!.state.url, null);
    t.stub.urlConfig = async () => {
      throw new SdkError('AccessDeniedException', 'no');
    };
    await t.c.handleMessage({ type: 'reload' });
    assert.equal(t.last('state')!.state.url, undefined);
    assert.ok(t.logs.some((l) => l.startsWith('warn') && l.includes('function URL')));
  });

  it('saves: validates, sends only the changes with the RevisionId, waits, reloads and confirms', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'draft', changes: { memorySize: 1024 } });
    assert.equal(t.titles.at(-1), '● orders-api (eu-west-1)');
    await t.c.handleMessage({
      type: 'save',
      revisionId: rev,
      changes: { memorySize: 1024, environment: { set: [['NEW_KEY', 'n']], remove: ['DATABASE_URL'] } },
    });
    assert.deepEqual(t.stub.updates, [
      {
        FunctionName: 'orders-api',
        RevisionId: rev,
        MemorySize: 1024,
        Environment: { Variables: { API_TOKEN: SECRET_A, LOG_LEVEL: 'debug', NEW_KEY: 'n' } },
      },
    ]);
    assert.equal(t.stub.waits, 1);
    assert.deepEqual(t.progress, ['Saving configuration of orders-api']);
    const busy = t.posted.filter((m) => m.type === 'busy').map((m) => (m.type === 'busy' ? m.busy?.label ?? null : null));
    assert.ok(busy.includes('Waiting for the update to finish…'));
    assert.equal(busy.at(-1), null, 'no spinner is left running');
    const types = t.posted.map((m) => m.type);
    assert.ok(types.lastIndexOf('state') < types.lastIndexOf('saved'), 'the new values arrive before the confirmation');
    assert.equal(t.last('state')!.state.fn?.Configuration?.MemorySize, 1024);
    assert.equal(t.last('state')!.state.draft, undefined);
    assert.match(t.last('saved')!.message, /memory 1024 MB, environment variables \(2 changes\)/);
    assert.equal(t.titles.at(-1), 'orders-api (eu-west-1)');
    assert.ok(t.logs.some((l) => l.startsWith('info Updated the configuration of orders-api (eu-west-1)')));
  });

  it('reports a conflict when the function changed meanwhile, and keeps the draft', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    t.stub.fn.Configuration!.RevisionId = 'rev-changed-elsewhere';
    await t.c.handleMessage({ type: 'draft', changes: { timeout: 60 } });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 60 } });
    assert.equal(t.stub.updates.length, 1, 'the service made the call');
    const conflict = t.last('conflict')!;
    assert.match(conflict.message, /changed by someone else/);
    assert.match(conflict.hint, /edits are kept/);
    assert.equal(t.stub.waits, 0);
    assert.equal(t.last('busy')!.busy, null);
    assert.deepEqual(t.c.state().draft, { timeout: 60 });
    // Reload shows the newer revision; saving against it works.
    await t.c.handleMessage({ type: 'reload' });
    assert.equal(t.last('state')!.state.fn?.Configuration?.RevisionId, 'rev-changed-elsewhere');
    await t.c.handleMessage({ type: 'save', revisionId: 'rev-changed-elsewhere', changes: { timeout: 60 } });
    assert.equal(t.stub.fn.Configuration!.Timeout, 60);
  });

  it('treats a WorkbenchError of kind conflict, and ResourceConflictException, as conflicts', async () => {
    for (const err of [workbenchError('conflict', 'RevisionId mismatch'), new SdkError('ResourceConflictException', 'The operation cannot be performed at this time.')]) {
      const t = setup();
      await t.c.start();
      await t.c.handleMessage({ type: 'ready' });
      t.stub.failUpdate = err;
      await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 60 } });
      assert.ok(t.last('conflict'), err.name);
    }
  });

  it('answers a save made against an older revision than it holds with a conflict, without calling', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'save', revisionId: 'rev-old', changes: { timeout: 60 } });
    assert.ok(t.last('conflict'));
    assert.equal(t.stub.updates.length, 0);
  });

  it('refuses invalid edits host-side, whatever the page let through', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { memorySize: 64, environment: { set: [['AWS_REGION', 'x']], remove: [] } } });
    assert.deepEqual(
      t.last('validation')!.issues.map((i) => i.path),
      ['$.MemorySize', '$.Environment.Variables.AWS_REGION'],
    );
    assert.equal(t.stub.updates.length, 0);
  });

  it('adds the core validator’s findings, and survives it throwing', async () => {
    const t = setup({
      validator: (input) =>
        input.Timeout === 7
          ? [
              { path: '$.Timeout', message: 'Seven is unlucky.' },
              { path: '$.Runtime', message: 'nodejs16.x is deprecated.', severity: 'warning' },
            ]
          : [],
    });
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 7 } });
    assert.deepEqual(t.last('validation')!.issues, [{ path: '$.Timeout', message: 'Seven is unlucky.' }], 'warnings do not block');

    const u = setup({
      validator: () => {
        throw new Error('boom');
      },
    });
    await u.c.start();
    await u.c.handleMessage({ type: 'ready' });
    await u.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 7 } });
    assert.equal(u.stub.updates.length, 1, 'a broken core validator does not block saving');
    assert.ok(u.logs.some((l) => l.startsWith('warn') && l.includes('core validator failed')));
  });

  it('agrees with core’s validateUpdateFunctionConfiguration on what the panel edits', async () => {
    const t = setup({ validator: (input) => validateUpdateFunctionConfiguration(input) });
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { memorySize: 10241, environment: { set: [['1BAD', 'v']], remove: [] } } });
    assert.deepEqual(t.last('validation')!.issues.map((i) => i.path).sort(), ['$.Environment.Variables.1BAD', '$.MemorySize']);
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { memorySize: 10240, timeout: 900, description: 'x'.repeat(256), environment: { set: [['GOOD_KEY', 'v']], remove: [] } } });
    assert.equal(t.stub.updates.length, 1, 'values at the limits pass both rule sets');
  });

  it('says "nothing to save" for edits that match the current values', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { memorySize: 512, environment: { set: [['LOG_LEVEL', 'debug']], remove: [] } } });
    assert.match(t.last('saved')!.message, /Nothing to save/);
    assert.equal(t.stub.updates.length, 0);
  });

  it('when the update is sent but does not settle, shows the current state and why', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    t.stub.failWait = workbenchError('functionFailed', 'The last update failed: EniLimitExceeded.', { hint: 'Check the VPC settings.' });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 60 } });
    const err = t.last('error')!.error;
    assert.match(err.message, /update was sent but did not finish: The last update failed: EniLimitExceeded/);
    assert.equal(err.hint, 'Check the VPC settings.');
    assert.equal(t.last('state')!.state.fn?.Configuration?.Timeout, 60, 'reloaded after the failure');
    assert.equal(t.last('busy')!.busy, null);
  });

  it('says when the function was deleted, on load and on save', async () => {
    const t = setup();
    t.stub.failGet = new SdkError('ResourceNotFoundException', 'Function not found: arn:...');
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    const err = t.last('state')!.state.error!;
    assert.equal(err.kind, 'notFound');
    assert.match(err.message, /orders-api no longer exists in eu-west-1/);

    const u = setup();
    await u.c.start();
    await u.c.handleMessage({ type: 'ready' });
    u.stub.failUpdate = workbenchError('notFound', 'Function not found');
    await u.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 60 } });
    assert.match(u.last('error')!.error.message, /no longer exists in eu-west-1; nothing was saved/);
  });

  it('never logs or shows environment values, even when the service quotes them', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    t.stub.failUpdate = new SdkError(
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"API_TOKEN":"${SECRET_A}","NEW":"brand-new-secret"}`,
    );
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { environment: { set: [['NEW', 'brand-new-secret']], remove: [] } } });
    const shown = JSON.stringify(t.posted.filter((m) => m.type !== 'state'));
    const logged = t.logs.join('\n');
    for (const secret of [SECRET_A, SECRET_B, 'brand-new-secret']) {
      assert.ok(!shown.includes(secret), `not shown: ${secret}`);
      assert.ok(!logged.includes(secret), `not logged: ${secret}`);
    }
    assert.match(t.last('error')!.error.message, /exceeded the 4KB limit/);
  });

  it('ignores and logs malformed page messages', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { role: 'arn:aws:iam::1:role/admin' } });
    await t.c.handleMessage({ type: 'exec', command: 'rm -rf /' });
    assert.equal(t.stub.updates.length, 0);
    assert.equal(t.logs.filter((l) => l.startsWith('warn') && l.includes('ignored a message')).length, 2);
  });

  it('copies through the host and opens only host-built links', async () => {
    const t = setup();
    t.stub.urlConfig = async () => null;
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    await t.c.handleMessage({ type: 'copy', text: 'arn:x', label: 'ARN' });
    await t.c.handleMessage({ type: 'openLink', target: 'console' });
    await t.c.handleMessage({ type: 'openLink', target: 'functionUrl' });
    assert.deepEqual(t.copied, [['arn:x', 'ARN']]);
    assert.deepEqual(t.opened, ['https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api']);
    assert.match(t.last('error')!.error.message, /no address to open/);
  });

  it('refuses a second save while one runs', async () => {
    const t = setup();
    await t.c.start();
    await t.c.handleMessage({ type: 'ready' });
    const first = t.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 60 } });
    await t.c.handleMessage({ type: 'save', revisionId: rev, changes: { timeout: 61 } });
    await first;
    assert.equal(t.stub.updates.length, 1);
    assert.ok(t.posted.some((m) => m.type === 'error' && /already running/.test(m.error.message)));
  });

  it('stops posting after dispose', async () => {
    const t = setup();
    await t.c.handleMessage({ type: 'ready' });
    t.c.dispose();
    const before = t.posted.length;
    await t.c.reload();
    assert.equal(t.posted.length, before);
  });
});
