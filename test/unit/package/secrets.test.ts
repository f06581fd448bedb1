import * as assert from 'node:assert/strict';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree, names, readZip } from './helpers';

const PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAvery-secret\n-----END RSA PRIVATE KEY-----\n';
const OPENSSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

const SECRETS = {
  '.env': 'TOKEN=abc',
  '.env.production': 'TOKEN=def',
  'config/.env.local': 'TOKEN=ghi',
  '.aws/credentials': '[default]\naws_secret_access_key=x',
  'certs/server.pem': 'pem',
  'certs/tls.key': 'key',
  'deploy/id_rsa': PRIVATE_KEY,
  '.npmrc': '//registry.npmjs.org/:_authToken=abc',
};

describe('package: secrets', () => {
  afterEach(cleanupTrees);

  it('leaves out .env*, .aws/, *.pem, *.key, private keys and .npmrc, and reports each one', async () => {
    const root = makeTree({ 'index.js': 'exports.handler = 1;', 'config/app.json': '{}', ...SECRETS });
    const { zip, manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(names(await readZip(zip)), ['config/', 'config/app.json', 'index.js']);
    assert.deepEqual(manifest.secretsExcluded, ['.aws/', '.env', '.env.production', '.npmrc', 'certs/server.pem', 'certs/tls.key', 'config/.env.local', 'deploy/id_rsa']);
    for (const p of manifest.secretsExcluded) assert.equal(manifest.excluded.find((e) => e.path === p)?.rule, 'secret', p);
    const warning = manifest.warnings.find((w) => w.includes('possible secret')) ?? '';
    assert.ok(warning.includes('8 possible secrets'), warning);
    assert.ok(warning.includes('!pattern'), 'the warning says how to re-include');
  });

  it('catches private keys by content whatever the file is called', async () => {
    const root = makeTree({ 'index.js': '1', 'keys/signing.txt': PRIVATE_KEY, 'keys/deploy-key': OPENSSH_KEY, 'keys/public.txt': '-----BEGIN PUBLIC KEY-----\nabc\n' });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), ['index.js', 'keys/public.txt']);
    assert.deepEqual(
      manifest.excluded.map((e) => [e.path, e.rule]),
      [
        ['keys/deploy-key', 'secret-content'],
        ['keys/signing.txt', 'secret-content'],
      ],
    );
    assert.deepEqual(manifest.secretsExcluded, ['keys/deploy-key', 'keys/signing.txt']);
  });

  it('re-includes a secret named with !pattern in .lambdaignore, and only that one', async () => {
    const root = makeTree({
      'index.js': '1',
      '.env.defaults': 'PORT=3000',
      '.env': 'TOKEN=abc',
      'keys/bundled-ca.pem': 'cert',
      'keys/signing.txt': PRIVATE_KEY,
      '.lambdaignore': '!.env.defaults\n!keys/bundled-ca.pem\n!keys/signing.txt\n',
    });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), ['.env.defaults', 'index.js', 'keys/bundled-ca.pem', 'keys/signing.txt']);
    assert.deepEqual(manifest.secretsExcluded, ['.env']);
  });

  it('keeps secrets with includeSecrets (the CLI\'s --include-secrets)', async () => {
    const root = makeTree({ 'index.js': '1', '.env': 'TOKEN=abc', 'a.pem': 'pem' });
    const { manifest } = await packageFolder(root, { thread: 'main', includeSecrets: true });
    assert.deepEqual(manifest.files.map((f) => f.path), ['.env', 'a.pem', 'index.js']);
    assert.deepEqual(manifest.secretsExcluded, []);
  });

  it('never puts a secret value into the manifest or its warnings', async () => {
    const root = makeTree({ 'index.js': '1', '.env': 'TOKEN=super-secret-value', 'k.txt': PRIVATE_KEY });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    const text = JSON.stringify(manifest);
    assert.ok(!text.includes('super-secret-value'));
    assert.ok(!text.includes('very-secret'));
  });
});
