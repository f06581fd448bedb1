/**
 * Serve Locally, result → response, and the answers the services give for errors, timeouts,
 * throttles, oversized requests and malformed requests or results: real clients, real server.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import { promisify } from 'node:util';
import { cleanup, serve } from './harness';

const run = promisify(execFile);
afterEach(cleanup);

/** Every header line, repeated names kept (fetch would fold them). */
function get(url: string): Promise<{ status: number; raw: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: res.rawHeaders, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function headerValues(raw: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) out.push(raw[i + 1]);
  return out;
}

describe('serve: responses, payload format 2.0', () => {
  it('the shortcut: a result without statusCode is a 200 application/json of that value', async () => {
    const { server } = await serve('index.shortcut');
    const res = await fetch(`${server.url}/x`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { hello: 'world', path: '/x' });
  });

  it('a bare number or string is the JSON body of a 200', async () => {
    const n = await serve('index.number');
    assert.equal(await (await fetch(n.server.url)).text(), '42');
    const s = await serve('index.string');
    const res = await fetch(s.server.url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '"plain"');
  });

  it('each cookie becomes its own Set-Cookie; numeric and boolean header values become text', async () => {
    const c = await serve('index.cookies');
    const r = await get(c.server.url);
    assert.deepEqual(headerValues(r.raw, 'set-cookie'), ['a=1; Path=/', 'b=2; HttpOnly']);
    assert.equal(r.body.toString(), 'ok');
    const h = await serve('index.numberHeader');
    const res = await fetch(h.server.url);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-count'), '3');
    assert.equal(res.headers.get('x-flag'), 'true');
  });

  it('decodes a base64 body (curl sees the bytes)', async () => {
    const { server } = await serve('index.binary');
    const out = await run('curl', ['-s', '-D', '-', server.url], { encoding: 'buffer' });
    const text = out.stdout;
    const sep = text.indexOf('\r\n\r\n');
    assert.match(text.subarray(0, sep).toString(), /content-type: image\/png/i);
    assert.deepEqual(text.subarray(sep + 4), Buffer.from([0, 1, 2, 250, 255]));
  });

  it('a string statusCode or an object header value is refused with the service 502', async () => {
    for (const handler of ['index.stringStatus', 'index.objectHeader']) {
      const { server, notices } = await serve(handler);
      const res = await fetch(server.url);
      assert.equal(res.status, 502, handler);
      assert.equal(await res.text(), 'Internal Server Error');
      assert.ok(notices.some((n) => /not valid for payload format 2\.0/.test(n)), notices.join('\n'));
    }
  });

  it('a function error is a 502 with the service body', async () => {
    const { server } = await serve('index.fail');
    const res = await fetch(server.url);
    assert.equal(res.status, 502);
    assert.equal(await res.text(), 'Internal Server Error');
  });

  it('a timeout is a 502 too, and the server goes on serving', async () => {
    const { server } = await serve('index.hang', { config: { timeout: 1 } });
    const t0 = Date.now();
    const res = await fetch(server.url);
    assert.equal(res.status, 502);
    assert.ok(Date.now() - t0 >= 900, 'answered at the function timeout');
    const again = await fetch(server.url);
    assert.equal(again.status, 502, 'the next request runs (cold) and times out the same way');
  });

  it('a response over 6 MB is refused (502); a request over 6 MB gets 413', async () => {
    const big = await serve('index.huge');
    assert.equal((await fetch(big.server.url)).status, 502);
    const echo = await serve('index.echo');
    const res = await fetch(echo.server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'y'.repeat(6 * 1024 * 1024 + 1) });
    assert.equal(res.status, 413);
    // Base64 makes a 5 MB binary body a 6.7 MB event: also over the invocation limit.
    const bin = await fetch(echo.server.url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(5 * 1024 * 1024) });
    assert.equal(bin.status, 413);
    assert.equal((await fetch(echo.server.url)).status, 200, 'the server keeps serving');
  });

  it('a malformed request gets 400 and the server keeps running', async () => {
    const { server } = await serve('index.shortcut');
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect(server.port, '127.0.0.1', () => s.write('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400 Bad Request/);
    assert.equal((await fetch(server.url)).status, 200);
  });

  it('says which port is in use and suggests --port 0', async () => {
    const { server } = await serve('index.shortcut');
    await assert.rejects(serve('index.shortcut', { port: server.port }), (e: Error & { hint?: string }) => {
      assert.match(e.message, new RegExp(`Port ${server.port} on 127\\.0\\.0\\.1 is already in use`));
      assert.match(e.hint ?? '', /--port 0/);
      return true;
    });
  });
});

describe('serve: responses, payload format 1.0', () => {
  it('merges headers and multiValueHeaders (multiValueHeaders wins), one Set-Cookie per value', async () => {
    const { server } = await serve('index.multi', { payloadFormat: '1.0' });
    const r = await get(server.url);
    assert.equal(r.status, 202);
    assert.deepEqual(headerValues(r.raw, 'set-cookie'), ['a=1', 'b=2']);
    assert.deepEqual(headerValues(r.raw, 'x-both'), ['m1', 'm2']);
    assert.deepEqual(headerValues(r.raw, 'x-single'), ['one']);
    assert.equal(r.body.toString(), 'multi');
  });

  it('has no shortcut: a result without statusCode is the REST 502', async () => {
    const { server } = await serve('index.shortcut', { payloadFormat: '1.0' });
    const res = await fetch(server.url);
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { message: 'Internal server error' });
  });

  it('a function error is the REST 502 body', async () => {
    const { server } = await serve('index.fail', { payloadFormat: '1.0' });
    const res = await fetch(server.url);
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { message: 'Internal server error' });
  });
});
