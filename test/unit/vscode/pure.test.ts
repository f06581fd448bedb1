import * as assert from 'node:assert/strict';
import { connectionLabel, effectiveRegions, isRegionId, resolveConnection } from '../../../src/vscode/connectionInfo';
import { isAbortLike, logDetails, nextSteps, shortReason, userMessage } from '../../../src/vscode/errorText';
import { consoleUrl, functionArn, isFunctionRef } from '../../../src/vscode/functionRef';
import { formatLastModified } from '../../../src/vscode/tree/functionNode';
import { runtimeFamily, runtimeIcon } from '../../../src/vscode/tree/runtimeIcons';
import { escapeMarkdown } from '../../../src/vscode/tree/treeItemSpec';
import { workbenchError } from './stubService';

describe('connection resolution', () => {
  it('takes the endpoint from the setting, then LAMBDA_WORKBENCH_ENDPOINT, AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL', () => {
    const env = { LAMBDA_WORKBENCH_ENDPOINT: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' };
    assert.deepEqual(resolveConnection({ endpoint: 'http://127.0.0.1:9' }, env), { profile: undefined, endpoint: 'http://127.0.0.1:9', endpointSource: 'setting' });
    assert.equal(resolveConnection({ endpoint: '  ' }, env).endpointSource, 'LAMBDA_WORKBENCH_ENDPOINT');
    assert.equal(resolveConnection({}, { ...env, LAMBDA_WORKBENCH_ENDPOINT: undefined }).endpoint, 'http://127.0.0.1:2');
    assert.equal(resolveConnection({}, { AWS_ENDPOINT_URL: 'http://127.0.0.1:3' }).endpointSource, 'AWS_ENDPOINT_URL');
    assert.deepEqual(resolveConnection({ profile: ' dev ' }, {}), { profile: 'dev' });
  });

  it('labels the connection line', () => {
    assert.deepEqual(connectionLabel({ endpoint: 'http://127.0.0.1:4566' }), { label: 'Local endpoint', description: 'http://127.0.0.1:4566' });
    assert.equal(connectionLabel({ endpoint: 'https://lambda.example.com' }).label, 'Custom endpoint');
    assert.equal(connectionLabel({ profile: 'prod' }).label, 'Profile: prod');
    assert.equal(connectionLabel({}).description, 'default credential chain');
  });

  it('shows the chosen regions, else the profile region, else us-east-1', () => {
    assert.deepEqual(effectiveRegions(['eu-west-1', ' us-east-1 ', 'eu-west-1', ''], 'ap-south-1'), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(effectiveRegions([], 'ap-south-1'), ['ap-south-1']);
    assert.deepEqual(effectiveRegions(undefined, undefined), ['us-east-1']);
    assert.ok(isRegionId('us-gov-west-1') && isRegionId('cn-north-1') && !isRegionId('US-EAST-1') && !isRegionId('useast1'));
  });
});

describe('error text', () => {
  it('shows describe() for engine errors (recognised by shape, not instanceof) and never a stack', () => {
    const e = workbenchError('network', 'Could not reach http://127.0.0.1:1 (ECONNREFUSED).', 'Check that the endpoint is running.');
    assert.equal(userMessage(e), 'Could not reach http://127.0.0.1:1 (ECONNREFUSED). Check that the endpoint is running.');
    assert.equal(shortReason(e), 'Could not reach http://127.0.0.1:1 (ECONNREFUSED)');
    const plain = new Error('first line\n    at foo (/x.js:1:2)');
    assert.equal(userMessage(plain), 'first line');
    assert.match(logDetails(e), /\[network\] hint: Check that/);
    assert.match(logDetails(plain), /at foo/);
  });

  it('offers next steps that fit the failure', () => {
    assert.deepEqual(nextSteps(workbenchError('credentials', 'Your AWS SSO session has expired.', 'Run "aws sso login".', 'SSOSessionExpired')), ['ssoLogin', 'selectProfile']);
    assert.deepEqual(nextSteps(workbenchError('credentials', 'No AWS credentials were found.')), ['selectProfile', 'useLocalEndpoint']);
    assert.deepEqual(nextSteps(workbenchError('throttled', 'Slow down.')), ['retry']);
    assert.deepEqual(nextSteps(new Error('x')), ['showLog']);
  });

  it('recognises cancellations from any layer', () => {
    assert.ok(isAbortLike(workbenchError('aborted', 'Deploy was cancelled.')));
    assert.ok(isAbortLike(Object.assign(new Error('x'), { name: 'AbortError' })));
    assert.ok(!isAbortLike(workbenchError('network', 'x')));
  });
});

describe('function refs', () => {
  it('builds console URLs per partition', () => {
    assert.equal(consoleUrl({ region: 'eu-west-1', name: 'my fn' }), 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/my%20fn');
    assert.match(consoleUrl({ region: 'cn-north-1', name: 'f' }), /^https:\/\/console\.amazonaws\.cn\//);
    assert.match(consoleUrl({ region: 'us-gov-west-1', name: 'f' }), /^https:\/\/console\.amazonaws-us-gov\.com\//);
  });
  it('recognises refs and builds ARNs only when missing', () => {
    assert.ok(isFunctionRef({ region: 'r', name: 'n' }) && !isFunctionRef({ name: 'n' }) && !isFunctionRef(null));
    assert.equal(functionArn({ region: 'us-east-1', name: 'f', arn: 'arn:x' }), 'arn:x');
    assert.equal(functionArn({ region: 'cn-north-1', name: 'f' }, '1'), 'arn:aws-cn:lambda:cn-north-1:1:function:f');
  });
});

describe('tree formatting', () => {
  it('formats Lambda timestamps as UTC and leaves unknown shapes alone', () => {
    assert.equal(formatLastModified('2024-05-01T23:20:30.000+0200'), '2024-05-01 21:20 UTC');
    assert.equal(formatLastModified('yesterday'), 'yesterday');
  });
  it('maps runtimes to families and icons', () => {
    assert.equal(runtimeFamily('nodejs22.x'), 'nodejs');
    assert.equal(runtimeFamily('provided.al2023'), 'custom');
    assert.equal(runtimeFamily(undefined, 'Image'), 'image');
    assert.equal(runtimeIcon('java21').id, 'coffee');
  });
  it('escapes markdown and HTML from service text', () => {
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert\\(1\\)&gt;');
    assert.equal(escapeMarkdown('[click](command:x)'), '\\[click\\]\\(command:x\\)');
    assert.equal(escapeMarkdown('- item\n1. two\nus-east-1'), '\\- item\n1\\. two\nus-east-1');
  });
});
