/**
 * Serve Locally, the runtime side: response streaming (chunks arrive before the handler ends),
 * concurrency like Lambda (a pool of environments, cold starts on scale-out, the cap → 429), and
 * hot reload (new requests get fresh environments, in-flight ones finish on the old).
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { startServer } from '../../../src/core/serve';
import { cleanup, eventually, serve } from './harness';

afterEach(cleanup);

describe('serve: response streaming', () => {
  it('streams with chunked encoding; the prelude gives status, headers and cookies; the first chunk comes before the end', async () => {
    const { server } = await serve('index.stream');
    const seen = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; firstAt: number; endAt: number; chunks: string[] }>((resolve, reject) => {
      http
        .get(`${server.url}/s?ms=1500`, (res) => {
          const chunks: string[] = [];
          let firstAt = 0;
          res.on('data', (c: Buffer) => {
            if (!firstAt) firstAt = Date.now();
            chunks.push(c.toString());
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, firstAt, endAt: Date.now(), chunks }));
        })
        .on('error', reject);
    });
    assert.equal(seen.status, 201);
    assert.equal(seen.headers['transfer-encoding'], 'chunked');
    assert.equal(seen.headers['x-streamed'], 'yes');
    assert.equal(seen.headers['content-type'], 'text/plain');
    assert.deepEqual(seen.headers['set-cookie'], ['s=1']);
    assert.equal(seen.chunks.join(''), 'first\nsecond\n');
    assert.equal(seen.chunks[0], 'first\n', 'the first write arrives on its own');
    assert.ok(seen.endAt - seen.firstAt >= 1000, `the first chunk came ${seen.endAt - seen.firstAt} ms before the end`);
  });

  it('without a prelude: 200 with the stream content type', async () => {
    const { server } = await serve('index.rawStream');
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv');
    assert.equal(await res.text(), 'a,b\n1,2\n');
  });

  it('a streaming handler that throws before writing is a 502', async () => {
    const { server } = await serve('index.streamFail');
    assert.equal((await fetch(server.url)).status, 502);
  });
});

describe('serve: concurrency like Lambda', () => {
  it('10 parallel slow requests take about the time of one, each on its own environment (cold starts)', async function () {
    this.timeout(60_000);
    const { server } = await serve('index.slow', { maxConcurrency: 10 });
    // The first burst scales out: ten cold starts, one per concurrent request.
    const burst = await Promise.all(Array.from({ length: 10 }, () => fetch(`${server.url}/?ms=300`)));
    assert.deepEqual(
      burst.map((r) => r.status),
      Array(10).fill(200),
    );
    const t1 = Date.now();
    await fetch(`${server.url}/?ms=1000`);
    const one = Date.now() - t1;
    const t10 = Date.now();
    const all = await Promise.all(Array.from({ length: 10 }, () => fetch(`${server.url}/?ms=1000`)));
    const ten = Date.now() - t10;
    assert.deepEqual(
      all.map((r) => r.status),
      Array(10).fill(200),
    );
    // Served one after another they would take 10 s; on warm environments they run side by side.
    assert.ok(ten < one * 2, `10 parallel took ${ten} ms, one took ${one} ms`);
    const s = server.stats();
    assert.equal(s.environments, 10, 'scaled out to 10 environments');
    assert.equal(s.created, 10, 'ten cold starts, all in the first burst');
  });

  it('answers 429 above the cap and serves again once an environment is free', async () => {
    const { server, notices } = await serve('index.slow', { maxConcurrency: 2 });
    const slow = [fetch(`${server.url}/?ms=1500`), fetch(`${server.url}/?ms=1500`)];
    await eventually('two busy environments', () => server.stats().busy === 2 || undefined);
    const third = await fetch(`${server.url}/?ms=1`);
    assert.equal(third.status, 429);
    assert.deepEqual(await third.json(), { Message: 'Rate Exceeded.' });
    assert.ok(notices.some((n) => /throttled/.test(n)));
    assert.deepEqual((await Promise.all(slow)).map((r) => r.status), [200, 200]);
    assert.equal((await fetch(`${server.url}/?ms=1`)).status, 200);
  });

  it('reaps idle environments', async () => {
    const { server } = await serve('index.counter', { idleTimeoutMs: 200 });
    assert.equal(await (await fetch(server.url)).text(), '1');
    assert.equal(await (await fetch(server.url)).text(), '2', 'warm: module state carries over');
    assert.equal(server.stats().environments, 1);
    await eventually('the idle environment to be reaped', () => server.stats().environments === 0 || undefined);
    assert.equal(await (await fetch(server.url)).text(), '1', 'a new cold environment');
  });
});

describe('serve: hot reload', () => {
  it('a change in the folder gives new requests fresh code', async function () {
    this.timeout(30_000);
    const { server, dir, notices } = await serve('index.version', { watch: true });
    assert.equal(await (await fetch(server.url)).text(), 'v1');
    writeFileSync(path.join(dir, 'version.js'), "exports.version = 'v2';\n");
    await eventually('the new version', async () => (await (await fetch(server.url)).text()) === 'v2' || undefined);
    assert.ok(notices.some((n) => /Reloaded/.test(n)), notices.join('\n'));
  });

  it('in-flight requests finish on the old environment', async function () {
    this.timeout(30_000);
    const { server, dir } = await serve('index.slow', { watch: true });
    // Warm: the module is loaded before the file changes.
    assert.equal(await (await fetch(`${server.url}/?ms=1`)).text(), 'slow done');
    const inFlight = fetch(`${server.url}/?ms=1500`);
    await eventually('the request to be running', () => server.stats().busy === 1 || undefined);
    const generation = server.stats().generation;
    writeFileSync(path.join(dir, 'index.js'), "exports.slow = async () => ({ statusCode: 200, body: 'new code' });\n");
    await eventually('the reload', () => server.stats().generation > generation || undefined);
    assert.equal(await (await fetch(server.url)).text(), 'new code');
    const old = await inFlight;
    assert.equal(await old.text(), 'slow done', 'the old environment finished its request');
    await eventually('the old environment to be disposed', () => server.stats().environments === 1 || undefined);
  });
});

describe('serve: routes', () => {
  it('refuses two functions at the same prefix (however written) before anything listens', async () => {
    const config = () => ({ codeDir: __dirname, handler: 'index.handler' });
    await assert.rejects(
      startServer({ functions: [{ prefix: '/api', config }, { prefix: 'api/', config }] }),
      (e: Error & { kind?: string; hint?: string }) => e.kind === 'usage' && /Two functions are routed at \/api\./.test(e.message) && /--route/.test(e.hint ?? ''),
    );
  });
});
