/**
 * Function links (src/core/links/functionLink.ts): what a link may carry, how one is built, and
 * the open flow against a recording host — refused links open nothing, a new endpoint or profile
 * is only used after a confirmation that names it.
 */
import * as assert from 'node:assert/strict';
import { buildFunctionLink, openFunctionLink, parseFunctionLink, type LinkHost } from '../../../src/core/links/functionLink';

const uri = (link: string) => {
  const u = new URL(link);
  return { path: u.pathname, query: u.search.slice(1) };
};
const q = (query: string) => ({ path: '/function', query });

function problems(query: string, path = '/function'): string[] {
  const r = parseFunctionLink({ path, query });
  assert.equal(r.ok, false, `expected ${query} to be refused`);
  return r.ok ? [] : r.problems;
}

describe('function links: parsing', () => {
  it('reads region and name, with an optional endpoint and profile', () => {
    assert.deepEqual(parseFunctionLink(q('region=us-east-1&name=orders-api')), { ok: true, link: { region: 'us-east-1', name: 'orders-api' } });
    assert.deepEqual(parseFunctionLink(q('region=eu-west-1&name=greeter&endpoint=http%3A%2F%2F127.0.0.1%3A4566%2F&profile=dev')), {
      ok: true,
      link: { region: 'eu-west-1', name: 'greeter', endpoint: 'http://127.0.0.1:4566', profile: 'dev' },
    });
  });

  it('reduces a function ARN to its name and checks the ARN region against region=', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders-api';
    const ok = parseFunctionLink(q(`region=us-east-1&name=${encodeURIComponent(arn)}`));
    assert.deepEqual(ok, { ok: true, link: { region: 'us-east-1', name: 'orders-api' } });
    assert.match(problems(`region=eu-west-1&name=${encodeURIComponent(arn)}`).join(' '), /ARN's region us-east-1 differs from region=eu-west-1/);
    assert.match(problems(`region=us-east-1&name=${encodeURIComponent(arn + ':prod')}`).join(' '), /version or alias \(":prod"\)/);
  });

  it('refuses missing and malformed parameters, listing every problem', () => {
    assert.deepEqual(problems(''), ['The region is missing (region=us-east-1, for example).', 'The function name is missing (name=my-function, or the function ARN).']);
    assert.match(problems('region=US-EAST-1&name=f').join(' '), /"US-EAST-1" is not a region id/);
    assert.match(problems('region=us-east-1&name=has%20space').join(' '), /"has space" is not a function name or ARN/);
    assert.match(problems(`region=us-east-1&name=${'a'.repeat(65)}`).join(' '), /is not a function name or ARN/, 'over the 64-character name limit');
    assert.match(problems('region=us-east-1&name=f&name=g').join(' '), /"name" is given more than once/);
    assert.match(problems('region=us-east-1&name=f&code=1').join(' '), /Unknown parameter "code"/);
    assert.match(problems('region=us-east-1&name=f', '/delete').join(' '), /not a Lambda Workbench link/);
    assert.match(problems('region=us-east-1&name=f&profile=a%20b').join(' '), /not a profile name/);
    assert.match(problems('region=us-east-1&name=f&profile=').join(' '), /profile is empty/);
  });

  it('only takes http(s) endpoints, without credentials in them', () => {
    assert.match(problems('region=us-east-1&name=f&endpoint=file%3A%2F%2F%2Fetc%2Fpasswd').join(' '), /must use http or https/);
    assert.match(problems('region=us-east-1&name=f&endpoint=javascript%3Aalert(1)').join(' '), /must use http or https/);
    assert.match(problems('region=us-east-1&name=f&endpoint=not%20a%20url').join(' '), /not a valid endpoint URL/);
    assert.match(problems('region=us-east-1&name=f&endpoint=http%3A%2F%2Fu%3Ap%40127.0.0.1%3A1').join(' '), /user name or password/);
    assert.match(problems('region=us-east-1&name=f&endpoint=').join(' '), /endpoint is empty/);
  });

  it('keeps control characters out of its messages', () => {
    const text = problems('region=us-east-1%0A%1B[31m&name=f').join(' ');
    assert.ok(![...text].some((c) => c.charCodeAt(0) < 0x20), text);
  });

  it('builds links that parse back to the same function', () => {
    const link = buildFunctionLink('vscode', 'lambda-workbench.lambda-workbench', { region: 'us-east-1', name: 'orders-api', endpoint: 'http://127.0.0.1:4566' });
    assert.equal(link, 'vscode://lambda-workbench.lambda-workbench/function?region=us-east-1&name=orders-api&endpoint=http%3A%2F%2F127.0.0.1%3A4566');
    assert.deepEqual(parseFunctionLink(uri(link)), { ok: true, link: { region: 'us-east-1', name: 'orders-api', endpoint: 'http://127.0.0.1:4566' } });
    const withProfile = buildFunctionLink('vscode-insiders', 'p.x', { region: 'eu-west-1', name: 'g', profile: 'team dev' });
    assert.match(withProfile, /profile=team%20dev$/);
  });
});

interface Recorded {
  host: LinkHost;
  asked: { message: string; detail: string; confirm: string }[];
  switched: { endpoint?: string; profile?: string }[];
  opened: { region: string; name: string }[];
  errors: string[];
}

function recordingHost(current: { endpoint?: string; profile?: string }, answer: boolean, profiles: string[] = ['dev']): Recorded {
  const r: Recorded = { asked: [], switched: [], opened: [], errors: [], host: undefined as unknown as LinkHost };
  r.host = {
    current: () => current,
    knownProfiles: async () => profiles,
    confirm: async (message, detail, confirm) => {
      r.asked.push({ message, detail, confirm });
      return answer;
    },
    switchConnection: async (change) => {
      r.switched.push(change);
    },
    openConfiguration: async (fn) => {
      r.opened.push(fn);
    },
    showError: (m) => r.errors.push(m),
  };
  return r;
}

describe('function links: opening', () => {
  it('opens the configuration panel at once when the link needs no connection change', async () => {
    const r = recordingHost({ endpoint: 'http://127.0.0.1:4566' }, false);
    await openFunctionLink(q('region=us-east-1&name=f&endpoint=http%3A%2F%2F127.0.0.1%3A4566%2F'), r.host);
    await openFunctionLink(q('region=eu-west-1&name=g'), r.host);
    assert.deepEqual(r.opened, [{ region: 'us-east-1', name: 'f' }, { region: 'eu-west-1', name: 'g' }]);
    assert.equal(r.asked.length, 0);
    assert.equal(r.switched.length, 0);
  });

  it('shows a message and opens nothing for a malformed link', async () => {
    const r = recordingHost({}, true);
    const outcome = await openFunctionLink(q('region=nowhere&name=f'), r.host);
    assert.ok('refused' in outcome);
    assert.equal(r.opened.length, 0);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0] ?? '', /cannot be opened: "nowhere" is not a region id/);
  });

  it('asks before connecting to another endpoint, naming it and saying loopback or remote', async () => {
    const declined = recordingHost({}, false);
    const outcome = await openFunctionLink(q('region=us-east-1&name=f&endpoint=https%3A%2F%2Flambda.example.com'), declined.host);
    assert.ok('declined' in outcome);
    assert.equal(declined.asked.length, 1);
    assert.match(declined.asked[0]?.message ?? '', /connect to https:\/\/lambda\.example\.com/);
    assert.match(declined.asked[0]?.detail ?? '', /REMOTE host/);
    assert.match(declined.asked[0]?.detail ?? '', /Now: AWS\./);
    assert.deepEqual(declined.switched, [], 'declining changes nothing');
    assert.deepEqual(declined.opened, [], 'declining opens nothing');

    const accepted = recordingHost({ endpoint: 'http://127.0.0.1:1' }, true);
    await openFunctionLink(q('region=us-east-1&name=f&endpoint=http%3A%2F%2Flocalhost%3A4566'), accepted.host);
    assert.match(accepted.asked[0]?.detail ?? '', /http:\/\/localhost:4566 \(a loopback address on this machine\)/);
    assert.deepEqual(accepted.switched, [{ endpoint: 'http://localhost:4566' }]);
    assert.deepEqual(accepted.opened, [{ region: 'us-east-1', name: 'f' }]);
  });

  it('asks before switching to the profile a link names, and refuses an unknown one', async () => {
    const r = recordingHost({}, true, ['dev', 'prod']);
    await openFunctionLink(q('region=us-east-1&name=f&profile=prod'), r.host);
    assert.equal(r.asked[0]?.confirm, 'Switch Profile and Open');
    assert.deepEqual(r.switched, [{ profile: 'prod' }]);

    const same = recordingHost({ profile: 'dev' }, false);
    await openFunctionLink(q('region=us-east-1&name=f&profile=dev'), same.host);
    assert.equal(same.asked.length, 0, 'the current profile needs no question');
    assert.equal(same.opened.length, 1);

    const unknown = recordingHost({}, true, ['dev']);
    const outcome = await openFunctionLink(q('region=us-east-1&name=f&profile=ghost'), unknown.host);
    assert.ok('refused' in outcome);
    assert.equal(unknown.asked.length, 0);
    assert.equal(unknown.opened.length, 0);
    assert.match(unknown.errors[0] ?? '', /profile "ghost", which is not in ~\/\.aws\/config/);
  });
});
