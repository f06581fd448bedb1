import * as assert from 'node:assert/strict';
import { arnTail, formatAgo, formatBytes, formatMemory, formatScalar, formatSeconds, formatTimestamp, humanizeKey } from '../../../src/vscode/configPanel/format';
import { contentSecurityPolicy, makeNonce, renderPageHtml } from '../../../src/vscode/configPanel/html';
import { consoleHost, linkFor } from '../../../src/vscode/configPanel/links';
import type { PanelState } from '../../../src/vscode/configPanel/protocol';
import { richFunction, richUrlConfig } from './fixture';

describe('config panel formatting', () => {
  it('formats sizes with the exact byte count', () => {
    assert.equal(formatBytes(0), '0 bytes');
    assert.equal(formatBytes(1023), '1,023 bytes');
    assert.equal(formatBytes(1536), '1.5 KB (1,536 bytes)');
    assert.equal(formatBytes(1_572_864), '1.5 MB (1,572,864 bytes)');
    assert.equal(formatBytes(250 * 1024 * 1024), '250 MB (262,144,000 bytes)');
    assert.equal(formatBytes(undefined), '—');
  });

  it('formats memory and seconds', () => {
    assert.equal(formatMemory(10240), '10,240 MB');
    assert.equal(formatSeconds(3), '3 s');
    assert.equal(formatSeconds(60), '1 min (60 s)');
    assert.equal(formatSeconds(905), '15 min 5 s (905 s)');
  });

  it('reads Lambda’s +0000 timestamps and shows them in UTC', () => {
    assert.equal(formatTimestamp('2024-05-01T10:20:30.123+0000'), '2024-05-01 10:20:30 UTC');
    assert.equal(formatTimestamp('2024-05-01T12:20:30.123+0200'), '2024-05-01 10:20:30 UTC');
    assert.equal(formatTimestamp('2024-05-01T10:20:30Z', new Date('2024-05-03T10:20:30Z')), '2024-05-01 10:20:30 UTC (2 days ago)');
    assert.equal(formatTimestamp('yesterday-ish'), 'yesterday-ish');
    assert.equal(formatTimestamp(undefined), '—');
  });

  it('says how long ago', () => {
    assert.equal(formatAgo(5_000), 'just now');
    assert.equal(formatAgo(60_000), '1 minute ago');
    assert.equal(formatAgo(3 * 3600_000), '3 hours ago');
    assert.equal(formatAgo(400 * 86400_000), '1 year ago');
    assert.equal(formatAgo(-1), 'in the future');
  });

  it('turns API field names into words', () => {
    assert.equal(humanizeKey('ReservedConcurrentExecutions'), 'Reserved concurrent executions');
    assert.equal(humanizeKey('KMSKeyArn'), 'KMS key ARN');
    assert.equal(humanizeKey('SubnetIds'), 'Subnet IDs');
    assert.equal(humanizeKey('CodeSha256'), 'Code SHA-256');
    assert.equal(humanizeKey('Ipv6AllowedForDualStack'), 'IPv6 allowed for dual stack');
    assert.equal(humanizeKey('__proto__'), 'Proto');
  });

  it('shortens ARNs and formats scalars', () => {
    assert.equal(arnTail('arn:aws:iam::123456789012:role/service-role/x'), 'x');
    assert.equal(arnTail('arn:aws:lambda:eu-west-1:1:layer:l:7'), '7');
    assert.equal(formatScalar(true), 'Yes');
    assert.equal(formatScalar(12345), '12,345');
    assert.equal(formatScalar(null), '—');
  });
});

describe('config panel links', () => {
  const ref = { region: 'eu-west-1', functionName: 'orders-api' };
  const state: PanelState = { ref, fn: richFunction(), url: richUrlConfig() };

  it('builds console links from the loaded configuration only', () => {
    assert.equal(linkFor('console', ref, state), 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api');
    assert.equal(linkFor('logs', ref, state), 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fcustom$252Forders');
    assert.equal(linkFor('role', ref, state), 'https://console.aws.amazon.com/iam/home#/roles/details/orders-api-role');
    assert.equal(linkFor('functionUrl', ref, state), 'https://abc123.lambda-url.eu-west-1.on.aws/');
  });

  it('uses the default log group and the partition’s console', () => {
    const fn = richFunction();
    delete fn.Configuration!.LoggingConfig;
    assert.match(linkFor('logs', { region: 'cn-north-1', functionName: 'f' }, { ref, fn })!, /^https:\/\/console\.amazonaws\.cn\/.*\$252Faws\$252Flambda\$252Forders-api$/);
    assert.equal(consoleHost('us-gov-west-1'), 'console.amazonaws-us-gov.com');
    assert.match(linkFor('console', { region: 'eusc-de-east-1', functionName: 'f' }, { ref, fn })!, /^https:\/\/console\.amazonaws\.eu\/lambda\/home\?region=eusc-de-east-1#/);
  });

  it('opens nothing it cannot vouch for', () => {
    assert.equal(linkFor('console', { region: 'evil.com/x', functionName: 'f' }, state), undefined);
    const fn = richFunction();
    fn.Configuration!.Role = 'javascript:alert(1)';
    assert.equal(linkFor('role', ref, { ref, fn }), undefined);
    for (const FunctionUrl of ['javascript:alert(1)', 'http://evil.example/', 'file:///etc/passwd', 'not a url']) {
      assert.equal(linkFor('functionUrl', ref, { ref, url: { ...richUrlConfig(), FunctionUrl } }), undefined, FunctionUrl);
    }
    assert.equal(linkFor('functionUrl', ref, { ref, url: { ...richUrlConfig(), FunctionUrl: 'http://127.0.0.1:9000/' } }), 'http://127.0.0.1:9000/');
    assert.equal(linkFor('functionUrl', ref, { ref, url: null }), undefined);
  });
});

describe('config panel HTML shell', () => {
  const assets = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview/config.js', styleUris: ['https://x/a.css', 'https://x/b.css'] };

  it('has the strict CSP with the nonce, and the nonce on the script', () => {
    const html = renderPageHtml({ ...assets, nonce: 'abc123==' });
    const csp = contentSecurityPolicy(assets.cspSource, 'abc123==');
    assert.equal(
      csp,
      "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:; script-src 'nonce-abc123=='",
    );
    assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`));
    assert.ok(html.includes('<script nonce="abc123==" src="https://x/dist/webview/config.js"></script>'));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes('<link rel="stylesheet" href="https://x/b.css">'));
  });

  it('makes a fresh 16-byte nonce every time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64').length, 16);
    const n1 = /nonce="([^"]+)"/.exec(renderPageHtml(assets))![1];
    const n2 = /nonce="([^"]+)"/.exec(renderPageHtml(assets))![1];
    assert.notEqual(n1, n2);
  });

  it('escapes the URIs it does interpolate', () => {
    const html = renderPageHtml({ ...assets, scriptUri: 'https://x/"><img src=x>' });
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x&gt;'));
  });
});
