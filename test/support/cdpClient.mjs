// A minimal Chrome DevTools Protocol client over a WebSocket, with no dependency (Node 20 has no
// WebSocket client without a flag): what a debugger does to attach to a Node inspector. Used by the
// frozen-deadline test and bench/debug (for our path and for the bare `node --inspect-brk` floor
// alike, so both sides pay for the same client). Client side of RFC 6455 only: masked text frames
// out; text, close and ping frames in (continuations joined); no extensions.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** Frames one masked client frame (opcode 1 text, 8 close, 10 pong). */
function frame(opcode, payload) {
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = 0x80 | len;
  else if (len < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i] ^ mask[i & 3];
  return Buffer.concat([head, mask, body]);
}

/**
 * Connects to a ws:// inspector URL. Resolves to a client with send(method, params) → result,
 * on(method, fn), waitFor(method, timeoutMs, predicate) → params, and close().
 * Every wait is bounded; a CDP error rejects the send.
 */
export function connectCdp(url, { timeoutMs = 10_000 } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname + u.search,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(new Error(`No WebSocket upgrade from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`${url} answered HTTP ${res.statusCode} instead of upgrading`)));
    req.on('upgrade', (_res, socket, head) => {
      socket.setNoDelay(true);
      resolve(makeClient(socket, head));
    });
    req.end();
  });
}

function makeClient(socket, head) {
  let id = 0;
  const pending = new Map();
  const listeners = new Map();
  let buffered = head && head.length ? Buffer.from(head) : Buffer.alloc(0);
  let fragments = [];
  let closed = false;

  const dispatch = (text) => {
    const msg = JSON.parse(text);
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (!p) return;
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    for (const fn of [...(listeners.get(msg.method) ?? [])]) fn(msg.params);
  };

  const parse = () => {
    for (;;) {
      if (buffered.length < 2) return;
      const fin = (buffered[0] & 0x80) !== 0;
      const opcode = buffered[0] & 0x0f;
      let len = buffered[1] & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buffered.length < 4) return;
        len = buffered.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buffered.length < 10) return;
        len = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffered.length < offset + len) return;
      const payload = buffered.subarray(offset, offset + len);
      buffered = buffered.subarray(offset + len);
      if (opcode === 8) return end();
      if (opcode === 9) {
        socket.write(frame(10, payload));
        continue;
      }
      if (opcode === 1 || opcode === 0) {
        fragments.push(Buffer.from(payload));
        if (fin) {
          const text = Buffer.concat(fragments).toString('utf8');
          fragments = [];
          dispatch(text);
        }
      }
    }
  };

  const end = () => {
    if (closed) return;
    closed = true;
    for (const p of pending.values()) p.reject(new Error(`The inspector closed the connection before answering ${p.method}`));
    pending.clear();
    for (const fn of [...(listeners.get('$closed') ?? [])]) fn({});
    socket.destroy();
  };

  socket.on('data', (d) => {
    buffered = buffered.length ? Buffer.concat([buffered, d]) : d;
    parse();
  });
  socket.on('close', end);
  socket.on('error', end);
  if (buffered.length) setTimeout(parse, 0);

  const client = {
    /** Sends a command; resolves with its result. */
    send(method, params = {}, timeoutMs = 30_000) {
      if (closed) return Promise.reject(new Error(`Connection closed: cannot send ${method}`));
      const msgId = ++id;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(msgId);
          reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(msgId, {
          method,
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        socket.write(frame(1, Buffer.from(JSON.stringify({ id: msgId, method, params }))));
      });
    },
    /** Calls fn for every event `method` ('$closed' when the connection ends). Returns an unsubscribe. */
    on(method, fn) {
      const set = listeners.get(method) ?? new Set();
      set.add(fn);
      listeners.set(method, set);
      return () => set.delete(fn);
    },
    /** Resolves with the params of the next `method` event that passes `predicate`; rejects after timeoutMs or on close. */
    waitFor(method, timeoutMs = 30_000, predicate = () => true) {
      return new Promise((resolve, reject) => {
        const offs = [];
        const done = (fn, v) => {
          clearTimeout(timer);
          for (const off of offs) off();
          fn(v);
        };
        const timer = setTimeout(() => done(reject, new Error(`No ${method} within ${timeoutMs} ms`)), timeoutMs);
        offs.push(client.on(method, (p) => predicate(p) && done(resolve, p)));
        offs.push(client.on('$closed', () => done(reject, new Error(`The connection closed before ${method}`))));
        if (closed) done(reject, new Error(`The connection closed before ${method}`));
      });
    },
    get closed() {
      return closed;
    },
    close() {
      if (!closed) {
        try {
          socket.write(frame(8, Buffer.alloc(0)));
        } catch {
          // Already gone.
        }
      }
      end();
    },
  };
  return client;
}
