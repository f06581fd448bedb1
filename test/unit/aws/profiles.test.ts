import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listProfiles } from '../../../src/core/aws/profiles';

describe('listProfiles', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lw-profiles-'));
    writeFileSync(
      path.join(dir, 'config'),
      ['[default]', 'region = us-east-1', '[profile dev]', 'sso_session = corp', 'region=eu-west-1', '[sso-session corp]', 'sso_start_url = https://x', '[profile ci]', 'credential_process = /bin/creds'].join('\n'),
    );
    writeFileSync(path.join(dir, 'credentials'), ['[default]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = secret', '[legacy]', 'aws_access_key_id = AKIA2'].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('merges both files, skips sso-session sections and classifies each profile', async () => {
    const profiles = await listProfiles({ AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') });
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.deepEqual(Object.keys(byName).sort(), ['ci', 'default', 'dev', 'legacy']);
    assert.equal(byName.default.region, 'us-east-1');
    assert.equal(byName.default.kind, 'keys');
    assert.equal(byName.dev.kind, 'sso');
    assert.equal(byName.dev.region, 'eu-west-1');
    assert.equal(byName.ci.kind, 'process');
    assert.ok(!JSON.stringify(profiles).includes('secret'), 'no secret values are returned');
  });

  it('returns nothing when the files do not exist', async () => {
    assert.deepEqual(await listProfiles({ AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none2') }), []);
  });
});
