/**
 * Every SDK call has an end: against a loopback TCP server that accepts connections and never
 * answers, the real SDK (through ClientFactory, with short timeouts injected) gives up after its
 * bounded attempts with an error naming the endpoint, a deploy stops the same way, cancelling
 * works at any moment, and a slow answer whose bytes keep flowing is not cut off.
 */
import * as assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { CLIENT_TIMEOUTS, ClientFactory, createLambdaService } from '../../src/core/aws';
import { deploy } from '../../src/core/deploy/deploy';
import { WorkbenchError } from '../../src/core/errors';
import { cleanupTrees, makeTree } from '../unit/package/helpers';

const CREDS = { accessKeyId: 'test', secretAccessKey: 'test' };

interface Silent {
  url: string;
  connections: () => number;
  close: () => Promise<void>;
}

/** Accepts every connection, reads whatever is sent, never answers. */
async function silentServer(): Promise<Silent> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((s) => {
    count++;
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('unresponsive endpoints (real SDK over loopback TCP)', () => {
  let silent: Silent;
  beforeEach(async () => (silent = await silentServer()));
  afterEach(async () => {
    await silent.close();
    cleanupTrees();
  });

  it('defaults: a connection timeout, an idle-socket timeout and bounded attempts that end within about a minute', () => {
    assert.ok(CLIENT_TIMEOUTS.connectionTimeoutMs > 0 && CLIENT_TIMEOUTS.connectionTimeoutMs <= 10_000);
    assert.ok(CLIENT_TIMEOUTS.socketIdleTimeoutMs > 0);
    // setSocketTimeout defers registering timers of 6 s and more by 3 s.
    const worst = CLIENT_TIMEOUTS.maxAttempts * (CLIENT_TIMEOUTS.socketIdleTimeoutMs + 3000);
    assert.ok(worst <= 60_000, `worst case ${worst} ms`);
  });

  it('a call gives up after its attempts with an error naming the endpoint', async function () {
    this.timeout(30_000);
    const factory = new ClientFactory({ credentials: CREDS, socketIdleTimeoutMs: 400, connectionTimeoutMs: 1000, maxAttempts: 2 });
    const service = createLambdaService({ endpoint: silent.url }, factory);
    const started = Date.now();
    try {
      await assert.rejects(service.getFunction('us-east-1', 'f'), (e: unknown) => {
        assert.ok(e instanceof WorkbenchError);
        assert.equal(e.kind, 'network');
        assert.match(e.message, new RegExp(`${silent.url.replace(/[.:/]/g, '\\$&')} did not answer GetFunction in time \\(TimeoutError, 2 attempts\\)`));
        return true;
      });
      assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
      assert.equal(silent.connections(), 2);
    } finally {
      factory.dispose();
    }
  });

  it('a deploy stops with the endpoint named, nothing reported as uploaded', async function () {
    this.timeout(30_000);
    const factory = new ClientFactory({ credentials: CREDS, socketIdleTimeoutMs: 400, connectionTimeoutMs: 1000, maxAttempts: 2 });
    const service = createLambdaService({ endpoint: silent.url }, factory);
    const folder = makeTree({ 'index.js': 'exports.handler = async () => 1;' });
    try {
      await assert.rejects(
        deploy(service, { folder, overrides: { FunctionName: 'f', Region: 'us-east-1', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r' } }),
        (e: unknown) => {
          assert.ok(e instanceof WorkbenchError);
          assert.equal(e.kind, 'network');
          assert.ok(e.message.includes(silent.url), e.message);
          return true;
        },
      );
    } finally {
      factory.dispose();
    }
  });

  it('cancelling a hung call ends it at once, even with long timeouts', async function () {
    this.timeout(30_000);
    const factory = new ClientFactory({ credentials: CREDS, socketIdleTimeoutMs: 60_000, maxAttempts: 3 });
    const service = createLambdaService({ endpoint: silent.url }, factory);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 300);
    try {
      await assert.rejects(service.getFunction('us-east-1', 'f', { signal: ac.signal }), (e: unknown) => e instanceof WorkbenchError && e.kind === 'aborted');
      assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    } finally {
      factory.dispose();
    }
  });

  it('an answer that trickles in (bytes keep moving) is not cut off by the idle timeout', async function () {
    this.timeout(30_000);
    // Headers at once, then the body a byte at a time, each gap shorter than the idle limit.
    const body = JSON.stringify({ Configuration: { FunctionName: 'slow' } });
    const server: HttpServer = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        let i = 0;
        const tick = setInterval(() => {
          if (i >= body.length) {
            clearInterval(tick);
            res.end();
            return;
          }
          res.write(body.slice(i, i + 4));
          i += 4;
        }, 50);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const factory = new ClientFactory({ credentials: CREDS, socketIdleTimeoutMs: 400, maxAttempts: 1 });
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const started = Date.now();
      const out = await createLambdaService({ endpoint: url }, factory).getFunction('us-east-1', 'slow');
      assert.equal(out.Configuration?.FunctionName, 'slow');
      assert.ok(Date.now() - started > 400, 'the whole answer took longer than the idle limit');
    } finally {
      factory.dispose();
      server.closeAllConnections();
      server.close();
    }
  });
});
