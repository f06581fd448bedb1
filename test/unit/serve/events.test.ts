/**
 * Serve Locally, request → event: real HTTP clients (fetch, node:http, curl) against the real
 * server, the handler echoing the event it received.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cleanup, serve } from './harness';

const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON events, checked field by field
type Json = Record<string, any>;
afterEach(cleanup);

/** A raw HTTP/1.1 request over a socket, so repeated headers reach the server exactly as written. */
function rawRequest(url: string, method: string, headers: [string, string][], body = Buffer.alloc(0)): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname, () => {
      const head = [`${method} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, 'Connection: close', '', ''].join('\r\n');
      socket.write(Buffer.concat([Buffer.from(head), body]));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const sep = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.split(' ')[1]), body: text.slice(sep + 4) });
    });
  });
}

describe('serve: payload format 2.0 events (Function URLs)', () => {
  it('has every field, with repeated headers, query keys and cookies folded as the service does', async () => {
    const { server } = await serve('index.echo');
    const before = Date.now();
    const r = await rawRequest(
      `${server.url}/orders/42?color=red&color=blue&size=L&empty=&sp%20ace=a%2Bb`,
      'POST',
      [
        ['Content-Type', 'application/json'],
        ['X-Multi', 'one'],
        ['X-Multi', 'two'],
        ['Cookie', 'a=1; b=2'],
        ['Cookie', 'c=3'],
        ['User-Agent', 'serve-test/1.0'],
      ],
      Buffer.from('{"order":42}'),
    );
    assert.equal(r.status, 200);
    const e = JSON.parse(r.body);
    assert.equal(e.version, '2.0');
    assert.equal(e.routeKey, '$default');
    assert.equal(e.rawPath, '/orders/42');
    assert.equal(e.rawQueryString, 'color=red&color=blue&size=L&empty=&sp%20ace=a%2Bb');
    assert.deepEqual(e.cookies, ['a=1', 'b=2', 'c=3']);
    assert.equal(e.headers.cookie, undefined, 'cookies are taken out of the headers');
    assert.equal(e.headers['x-multi'], 'one,two');
    assert.equal(e.headers['content-type'], 'application/json');
    assert.equal(e.headers['user-agent'], 'serve-test/1.0');
    for (const k of Object.keys(e.headers)) assert.equal(k, k.toLowerCase());
    assert.deepEqual(e.queryStringParameters, { color: 'red,blue', size: 'L', empty: '', 'sp ace': 'a+b' });
    const c = e.requestContext;
    assert.equal(c.accountId, 'anonymous');
    assert.match(c.apiId, /^[a-z0-9]{32}$/);
    assert.equal(c.domainName, '127.0.0.1');
    assert.equal(c.domainPrefix, '127');
    assert.deepEqual(c.http, { method: 'POST', path: '/orders/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'serve-test/1.0' });
    assert.match(c.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(c.routeKey, '$default');
    assert.equal(c.stage, '$default');
    assert.match(c.time, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.ok(c.timeEpoch >= before && c.timeEpoch <= Date.now());
    assert.equal(e.body, '{"order":42}');
    assert.equal(e.isBase64Encoded, false);
  });

  it('base64-encodes binary bodies and omits absent fields (fetch)', async () => {
    const { server } = await serve('index.echo');
    const bytes = Buffer.from([0, 1, 2, 3, 254, 255]);
    const res = await fetch(`${server.url}/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    const e = (await res.json()) as Json;
    assert.equal(e.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(e.body, 'base64'), bytes);
    assert.equal(e.rawQueryString, '');
    assert.equal('queryStringParameters' in e, false);
    assert.equal('cookies' in e, false);
    const get = (await (await fetch(`${server.url}/`)).json()) as Json;
    assert.equal('body' in get, false);
    assert.equal(get.isBase64Encoded, false);
  });

  it('round-trips binary and text bodies byte for byte (curl)', async () => {
    const { server, dir } = await serve('index.echoBody');
    const text = await run('curl', ['-s', '-H', 'content-type: text/plain; charset=utf-8', '--data-binary', 'héllo wörld', `${server.url}/t`]);
    assert.equal(text.stdout, 'héllo wörld');
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const file = path.join(dir, 'bytes.bin');
    writeFileSync(file, bytes);
    const bin = await run('curl', ['-s', '-H', 'content-type: application/octet-stream', '--data-binary', `@${file}`, `${server.url}/b`], { encoding: 'buffer' });
    assert.deepEqual(bin.stdout, bytes);
    const res = await fetch(`${server.url}/b`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: bytes });
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  });
});

describe('serve: payload format 1.0 events (REST APIs)', () => {
  it('has resource, path, httpMethod, single and multi-value headers and query, requestContext, body', async () => {
    const { server } = await serve('index.echo', { payloadFormat: '1.0' });
    const r = await rawRequest(
      `${server.url}/items/7?tag=a&tag=b&one=1`,
      'POST',
      [
        ['Content-Type', 'text/plain'],
        ['X-Multi', 'one'],
        ['X-Multi', 'two'],
        ['Cookie', 'a=1'],
      ],
      Buffer.from('hello'),
    );
    assert.equal(r.status, 200);
    const e = JSON.parse(r.body);
    assert.equal(e.resource, '/{proxy+}');
    assert.equal(e.path, '/items/7');
    assert.equal(e.httpMethod, 'POST');
    assert.deepEqual(e.pathParameters, { proxy: 'items/7' });
    assert.equal(e.headers['X-Multi'], 'two', 'headers keeps the last value');
    assert.deepEqual(e.multiValueHeaders['X-Multi'], ['one', 'two']);
    assert.equal(e.headers.Cookie, 'a=1', 'REST APIs leave cookies in the headers');
    assert.deepEqual(e.queryStringParameters, { tag: 'b', one: '1' });
    assert.deepEqual(e.multiValueQueryStringParameters, { tag: ['a', 'b'], one: ['1'] });
    assert.equal(e.stageVariables, null);
    const c = e.requestContext;
    assert.equal(c.httpMethod, 'POST');
    assert.equal(c.path, '/local/items/7');
    assert.equal(c.stage, 'local');
    assert.equal(c.resourcePath, '/{proxy+}');
    assert.equal(c.identity.sourceIp, '127.0.0.1');
    assert.equal(c.protocol, 'HTTP/1.1');
    assert.match(c.requestTime, /\+0000$/);
    assert.equal(typeof c.requestTimeEpoch, 'number');
    assert.equal(e.body, 'hello');
    assert.equal(e.isBase64Encoded, false);
  });

  it('gives null query maps and body for a bare GET of the root', async () => {
    const { server } = await serve('index.echo', { payloadFormat: '1.0' });
    const e = (await (await fetch(`${server.url}/`)).json()) as Json;
    assert.equal(e.resource, '/');
    assert.equal(e.pathParameters, null);
    assert.equal(e.queryStringParameters, null);
    assert.equal(e.multiValueQueryStringParameters, null);
    assert.equal(e.body, null);
  });
});

describe('serve: isolation', () => {
  it('does not leak the host environment into handlers', async () => {
    process.env.LW_SERVE_SECRET = 'host-only-value';
    try {
      const { server } = await serve('index.env', { config: { environment: { STAGE: 'dev' } } });
      const env = (await (await fetch(`${server.url}/`)).json()) as Json;
      assert.equal(env.LW_SERVE_SECRET, undefined);
      assert.equal(env.HOME, undefined);
      assert.equal(env.STAGE, 'dev');
      assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'served-fn');
    } finally {
      delete process.env.LW_SERVE_SECRET;
    }
  });
});
