/**
 * The secrets list beyond .env and keys (issue 15 item 15): service credentials under their usual
 * names, Terraform state, kubeconfigs, and private keys after leading blank lines. Each is left
 * out and reported; `!pattern` in .lambdaignore opts back in.
 */
import * as assert from 'node:assert/strict';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree } from './helpers';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

const SECRETS: Record<string, string> = {
  'credentials.json': '{"installed":{"client_secret":"x"}}',
  'config/secrets.json': '{"token":"x"}',
  'gcp/service-account-prod.json': '{"private_key":"x"}',
  '.pgpass': 'db:5432:*:user:pw',
  '.docker/config.json': '{"auths":{}}',
  'infra/.docker/config.json': '{"auths":{}}',
  'infra/terraform.tfstate': '{}',
  'infra/terraform.tfstate.backup': '{}',
  'kubeconfig': 'apiVersion: v1',
  'deploy/prod.kubeconfig': 'apiVersion: v1',
  '.kube/config': 'apiVersion: v1',
  '.netrc': 'machine x login y password z',
};

describe('package: more secrets', () => {
  afterEach(cleanupTrees);

  it('leaves out and reports credentials.json, secrets.json, service-account*.json, .pgpass, .docker/config.json, *.tfstate, kubeconfig, .netrc', async () => {
    const root = makeTree({ 'index.js': 'exports.handler = 1;', 'config/app.json': '{}', ...SECRETS });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), ['config/app.json', 'index.js']);
    for (const p of ['credentials.json', 'config/secrets.json', 'gcp/service-account-prod.json', '.pgpass', '.docker/config.json', 'infra/.docker/config.json', 'infra/terraform.tfstate', 'infra/terraform.tfstate.backup', 'kubeconfig', 'deploy/prod.kubeconfig', '.kube/', '.netrc']) {
      assert.ok(manifest.secretsExcluded.includes(p), `${p} reported: ${manifest.secretsExcluded.join(', ')}`);
      assert.equal(manifest.excluded.find((e) => e.path === p)?.rule, 'secret', p);
    }
    assert.ok(manifest.warnings.some((w) => /possible secret/.test(w)));
  });

  it('finds a private key after leading blank lines (and a BOM), whatever the name', async () => {
    const root = makeTree({ 'index.js': '1', 'keys/a.txt': `\n\n  \r\n${KEY}`, 'keys/b.txt': `\uFEFF\n${KEY}`, 'keys/not-a-key.txt': `\n\nhello ${KEY}` });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), ['index.js', 'keys/not-a-key.txt']);
    assert.deepEqual(
      manifest.excluded.filter((e) => e.rule === 'secret-content').map((e) => e.path),
      ['keys/a.txt', 'keys/b.txt'],
    );
    assert.ok(manifest.secretsExcluded.includes('keys/a.txt'));
  });

  it('!pattern in .lambdaignore opts a file back in', async () => {
    const root = makeTree({ 'index.js': '1', 'secrets.json': '{"public":"by design"}', 'infra/terraform.tfstate': '{}', 'keys/a.txt': `\n\n${KEY}`, '.lambdaignore': '!secrets.json\n!keys/a.txt\n' });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), ['index.js', 'keys/a.txt', 'secrets.json']);
    assert.deepEqual(manifest.secretsExcluded, ['infra/terraform.tfstate']);
  });
});
