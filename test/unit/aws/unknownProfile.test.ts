/**
 * A --profile (or binding Profile, or editor profile) that names no profile: bad input, exit 2,
 * with the list of known profiles, before any request, against a loopback endpoint too.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ClientFactory, checkCredentials, createLambdaService, requireKnownProfile, unknownProfileError } from '../../../src/core/aws';
import { WorkbenchError } from '../../../src/core/errors';

const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli.js');
/** Nothing listens here: the command must stop before any request. */
const LOOPBACK = 'http://127.0.0.1:9';

describe('unknown AWS profiles', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lw-profiles-'));
    writeFileSync(path.join(dir, 'config'), '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n');
    writeFileSync(path.join(dir, 'credentials'), '[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = do-not-print-me\n');
    env = { ...process.env, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
    delete env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = env.AWS_CONFIG_FILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.AWS_SHARED_CREDENTIALS_FILE;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
    else process.env.AWS_CONFIG_FILE = saved.config;
    if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
  });

  function cli(...args: string[]) {
    return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  }

  it('the error lists the known profiles (names only) and is bad input', async () => {
    const e = unknownProfileError('nope', ['default', 'dev']);
    assert.equal(e.kind, 'validation');
    assert.match(e.message, /The AWS profile "nope" was not found .* Known profiles: default, dev\./);
    assert.match(unknownProfileError('x', []).message, /No profiles are configured\./);
    await assert.rejects(requireKnownProfile('nope', env), /Known profiles: ci, default, dev\./);
    await requireKnownProfile('dev', env);
    await requireKnownProfile(undefined, env);
  });

  for (const [what, args] of [
    ['list', ['list', '--profile', 'nope', '--region', 'us-east-1', '--endpoint', LOOPBACK]],
    ['deploy', ['deploy', '.', '--profile', 'nope', '--function', 'f', '--region', 'us-east-1', '--endpoint', LOOPBACK]],
  ] as const) {
    it(`${what} --profile nope against a loopback endpoint exits 2 with the known profiles, before any request`, () => {
      const r = cli(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /The AWS profile "nope" was not found .* Known profiles: ci, default, dev\./);
      assert.doesNotMatch(r.stderr, /127\.0\.0\.1:9|Could not reach/);
      assert.ok(!r.stderr.includes('do-not-print-me'));
    });
  }

  it('a binding file Profile that does not exist stops deploy (exit 2) against a loopback endpoint', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'lw-profile-ws-'));
    try {
      writeFileSync(path.join(ws, 'index.js'), 'exports.handler = async () => 1;');
      writeFileSync(path.join(ws, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'f', Region: 'us-east-1', Profile: 'Dev' }));
      const r = cli('deploy', ws, '--endpoint', LOOPBACK);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /"Dev" was not found/);
      const inv = cli('invoke', ws, '--handler', 'index.handler', '--aws-credentials');
      assert.equal(inv.status, 2, inv.stderr);
      assert.match(inv.stderr, /"Dev" was not found .* Known profiles/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('the editor path: a loopback client with an unknown profile fails with the list instead of using placeholder keys', async () => {
    const factory = new ClientFactory({ maxAttempts: 1 });
    try {
      const check = await checkCredentials({ profile: 'nope', endpoint: LOOPBACK }, factory);
      assert.equal(check.status, 'missing');
      assert.match((check as { message: string }).message, /Known profiles: ci, default, dev/);
      await assert.rejects(createLambdaService({ profile: 'nope', endpoint: LOOPBACK }, factory).getFunction('us-east-1', 'f'), (e: unknown) => {
        assert.ok(e instanceof WorkbenchError);
        assert.match(e.message, /"nope" was not found .* Known profiles/);
        return true;
      });
    } finally {
      factory.dispose();
    }
  });
});
