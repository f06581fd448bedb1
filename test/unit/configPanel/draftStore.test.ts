/**
 * The drafts kept across a window reload: written together after a pause in typing, read back as
 * untrusted, pruned by age and count, and a keychain that fails or never answers loses nothing else.
 */
import * as assert from 'node:assert/strict';
import { DRAFT_DAYS, DraftStore, MAX_DRAFTS, type SecretStore } from '../../../src/vscode/configPanel/draftStore';

const KEY = 'lambdaWorkbench.configurationDrafts';

class MapSecrets implements SecretStore {
  readonly map = new Map<string, string>();
  stores = 0;
  deletes = 0;
  failStore = false;
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    if (this.failStore) throw new Error('keychain locked');
    this.stores++;
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.deletes++;
    this.map.delete(key);
  }
}

describe('configuration drafts kept across a reload', () => {
  let secrets: MapSecrets;
  let errors: string[];
  let now: number;
  let store: DraftStore;
  beforeEach(() => {
    secrets = new MapSecrets();
    errors = [];
    now = 1_800_000_000_000;
    store = new DraftStore(secrets, (m) => errors.push(m), () => now, 20);
  });

  it('keeps a draft, gives it back to a new store (the reloaded window), and forgets it', async () => {
    store.set('us-east-1\0orders', { memorySize: 512, environment: { set: [['TOKEN', 's3cret']], remove: [] } });
    await store.flush();
    const reloaded = new DraftStore(secrets, (m) => errors.push(m));
    assert.deepEqual(await reloaded.load('us-east-1\0orders'), { memorySize: 512, environment: { set: [['TOKEN', 's3cret']], remove: [] } });
    assert.equal(await reloaded.load('us-east-1\0other'), undefined);
    reloaded.set('us-east-1\0orders', undefined);
    await reloaded.flush();
    assert.equal(secrets.map.has(KEY), false, 'no secret is left when no draft is');
    assert.deepEqual(errors, []);
  });

  it('writes once after a pause in typing, not per keystroke, and a read sees what is not written yet', async () => {
    for (let m = 130; m < 150; m++) store.set('k', { memorySize: m });
    assert.deepEqual(await store.load('k'), { memorySize: 149 });
    assert.equal(secrets.stores, 0);
    await new Promise((r) => setTimeout(r, 80));
    await store.flush();
    assert.equal(secrets.stores, 1);
    assert.deepEqual(await new DraftStore(secrets, () => undefined).load('k'), { memorySize: 149 });
  });

  it('writes nothing when it forgets a draft that is not there (a panel opened afresh)', async () => {
    store.set('absent', undefined);
    await store.flush();
    assert.equal(secrets.stores + secrets.deletes, 0);
    store.set('k', { timeout: 4 });
    await store.flush();
    store.set('other', undefined);
    await store.flush();
    assert.equal(secrets.stores, 1, 'only the draft itself was written');
  });

  it(`drops drafts older than ${DRAFT_DAYS} days and keeps the newest ${MAX_DRAFTS}`, async () => {
    store.set('old', { timeout: 5 });
    await store.flush();
    now += (DRAFT_DAYS + 1) * 86_400_000;
    for (let i = 0; i < MAX_DRAFTS + 5; i++) {
      now += 1000;
      store.set(`fn-${i}`, { timeout: i + 1 });
      await store.flush();
    }
    const kept = Object.keys(JSON.parse(secrets.map.get(KEY) ?? '{}') as object);
    assert.equal(kept.length, MAX_DRAFTS);
    assert.ok(!kept.includes('old'));
    assert.ok(!kept.includes('fn-0') && kept.includes(`fn-${MAX_DRAFTS + 4}`), 'the oldest go first');
  });

  it('reads what is stored as untrusted: bad JSON and malformed drafts come back as none', async () => {
    secrets.map.set(KEY, '{not json');
    assert.equal(await store.load('k'), undefined);
    secrets.map.set(KEY, JSON.stringify({ k: { savedAt: now, changes: { memorySize: 'lots' } }, j: { changes: { timeout: 3 } }, ok: { savedAt: now, changes: { timeout: 3 } } }));
    assert.equal(await store.load('k'), undefined);
    assert.equal(await store.load('j'), undefined, 'no savedAt');
    assert.deepEqual(await store.load('ok'), { timeout: 3 });
  });

  it('reports a keychain that refuses the write, and goes on working', async () => {
    secrets.failStore = true;
    store.set('k', { timeout: 9 });
    await store.flush();
    assert.match(errors.join('\n'), /could not keep the unsaved edits for a reload \(keychain locked\)/);
    secrets.failStore = false;
    store.set('k', { timeout: 10 });
    await store.flush();
    assert.deepEqual(await new DraftStore(secrets, () => undefined).load('k'), { timeout: 10 });
  });

  it('does not wait forever on a keychain that never answers', async function () {
    this.timeout(10_000);
    const silent: SecretStore = { get: () => new Promise(() => undefined), store: async () => undefined, delete: async () => undefined };
    const started = Date.now();
    assert.equal(await new DraftStore(silent, () => undefined).load('k'), undefined);
    assert.ok(Date.now() - started < 5000);
  });
});
