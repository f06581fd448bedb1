/**
 * Packaging on every core must not change a byte: the reused deflate context gives exactly
 * zlib.deflateRawSync's output, helper threads give exactly what the packaging thread gives, and
 * both follow the one rule for what each file becomes (deflateFile.ts). A helper that dies mid-run
 * (a crash, an out-of-memory kill) gives its files back, and the package is still whole and the same.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { compressEntries, Compressor, type CompressedEntry } from '../../../src/core/package/compress';
import { RawDeflater, SMALL_BYTES } from '../../../src/core/package/deflateFile';
import { loadDependencyPolicy } from '../../../src/core/package/dependencies';
import { buildRules } from '../../../src/core/package/rules';
import { scanTree } from '../../../src/core/package/scan';
import { createYielder } from '../../../src/core/package/yielder';
import { cleanupTrees, makeTree, type TreeSpec } from './helpers';

/** Seeded, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

/** Code-like text with repeats near the end, where which of two equal matches wins shows. */
function codeText(rnd: () => number, bytes: number): Buffer {
  const words = ['const', 'return', 'function', 'module.exports', 'require', 'value', 'index', 'length', 'undefined', 'this'];
  let s = '';
  while (s.length < bytes) s += `${words[Math.floor(rnd() * words.length)]} ${words[Math.floor(rnd() * words.length)]}_${Math.floor(rnd() * 40)}(${Math.floor(rnd() * 9)});\n`;
  return Buffer.from(s.slice(0, bytes));
}

function noise(seed: number, bytes: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; parts.length * 32 < bytes; i++) parts.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(parts).subarray(0, bytes);
}

/** A sequence of inputs: big ones that leave the window full, then many small ones, and edge sizes. */
function corpus(): Buffer[] {
  const rnd = rng(11);
  const out: Buffer[] = [Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'.repeat(200))];
  for (let i = 0; i < 300; i++) {
    if (i % 25 === 0) out.push(codeText(rnd, 30_000 + Math.floor(rnd() * 60_000)));
    out.push(codeText(rnd, 40 + Math.floor(rnd() * 6000)));
  }
  // After a window full of spaces, declarations ending in "};\n" with "};\n    " earlier: a context
  // that kept the old window would see a longer match into the stale spaces and pick another one.
  out.push(Buffer.alloc(70_000, 0x20));
  for (let i = 0; i < 200; i++) {
    let s = '';
    for (let k = 0; k <= i % 9; k++) s += `export declare const config${i}_${k}: {\n    options${k % 3}: {\n        useFips: boolean;\n    };\n    profile?: string;\n};\n`;
    out.push(Buffer.from(s));
  }
  for (const n of [65535, 65536, 65537, 200_000]) out.push(codeText(rnd, n));
  out.push(noise(1, 5000), noise(2, 70_000), Buffer.concat([noise(3, 3000), codeText(rnd, 3000)]));
  return out;
}

describe('package: parallel, reused deflate', () => {
  afterEach(cleanupTrees);

  for (const level of [1, 6, 9]) {
    it(`a reused deflate context gives zlib.deflateRawSync's bytes, input after input (level ${level})`, () => {
      const deflater = new RawDeflater(level);
      assert.ok(deflater.direct, 'the reused context is in use on this Node');
      let deflated = 0;
      for (const raw of corpus()) {
        const expected = zlib.deflateRawSync(raw, { level });
        const out = Buffer.alloc(raw.length);
        const n = deflater.deflateInto(raw, out, 0);
        if (expected.length < raw.length) {
          assert.equal(n, expected.length, `${raw.length} bytes`);
          assert.ok(out.subarray(0, n).equals(expected), `${raw.length} bytes: same bytes`);
          deflated++;
        } else assert.equal(n, -1, `${raw.length} bytes: not smaller, so stored`);
      }
      assert.ok(deflated > 500);
    });
  }

  it('helper threads and the packaging thread give the same entries, and follow the one rule', async () => {
    const rnd = rng(5);
    const key = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+LQmlQ\n-----END PRIVATE KEY-----\n';
    const spec: TreeSpec = { 'index.js': 'exports.handler = async () => 1;\n', 'keys/pasted.txt': `\n\n${key}`, 'empty.txt': '' };
    for (let i = 0; i < 420; i++) spec[`lib/m${i}.js`] = codeText(rnd, Math.floor(rnd() * 9000));
    for (let i = 0; i < 6; i++) spec[`media/n${i}.bin`] = noise(10 + i, 20_000 + i * 40_000); // some over SMALL_BYTES: sampled, stored
    spec['media/half.bin'] = Buffer.concat([noise(40, SMALL_BYTES), codeText(rnd, SMALL_BYTES)]); // compressible end: deflated
    spec['bin/tool'] = { content: '#!/bin/sh\n', mode: 0o755 };
    const root = makeTree(spec);
    const yielder = createYielder(20, undefined);
    const scan = await scanTree(root, buildRules([join(root, '.lambdaignore')], false, []), loadDependencyPolicy(root), yielder, {});
    const options = { level: 6, yielder, maxZippedBytes: 50 * 1024 * 1024 };
    const parallel = await compressEntries(scan.files, { ...options, helpers: 2 });
    const here = await compressEntries(scan.files, { ...options, helpers: 0 });
    const shape = (e: CompressedEntry) => [e.path, e.method, e.crc32 >>> 0, e.size, e.executable, createHash('sha256').update(e.data).digest('hex')];
    assert.ok(parallel.helperFiles > 300, `helpers did most of the work (${parallel.helperFiles} files)`);
    assert.equal(here.helperFiles, 0);
    assert.deepEqual(parallel.entries.map(shape), here.entries.map(shape));
    assert.deepEqual(parallel.privateKeys, ['keys/pasted.txt']);
    assert.deepEqual(here.privateKeys, ['keys/pasted.txt']);

    // The rule, written out with zlib's one-shot API.
    const sampleGain = (raw: Buffer) =>
      [0, Math.max(0, (raw.length >> 1) - 8192), Math.max(0, raw.length - 16384)].some((at) => {
        const sample = raw.subarray(at, at + 16384);
        return zlib.deflateRawSync(sample, { level: 1 }).length < sample.length * 0.97;
      });
    for (const e of parallel.entries) {
      const raw = Buffer.from(spec[e.path] === undefined ? '' : (spec[e.path] as { content?: string }).content ?? (spec[e.path] as string | Buffer));
      const deflated = zlib.deflateRawSync(raw, { level: 6 });
      const deflate = raw.length > 0 && (raw.length < SMALL_BYTES || sampleGain(raw)) && deflated.length < raw.length;
      assert.equal(e.method, deflate ? 'DEFLATE' : 'STORE', e.path);
      assert.ok(e.data.equals(deflate ? deflated : raw), `${e.path}: the bytes`);
      assert.equal(e.crc32 >>> 0, zlib.crc32(raw), e.path);
    }
    assert.ok(parallel.entries.some((e) => e.path.startsWith('media/n') && e.method === 'STORE' && e.size >= SMALL_BYTES));
    assert.equal(parallel.entries.find((e) => e.path === 'media/half.bin')?.method, 'DEFLATE');
  });

  for (const killed of [1, 2]) {
    it(`${killed === 1 ? 'a helper that dies' : 'every helper dying'} mid-run gives its files back: the entries are still all there and the same`, async function () {
      this.timeout(60_000);
      const rnd = rng(7);
      const spec: TreeSpec = {};
      for (let i = 0; i < 900; i++) spec[`lib/m${i}.js`] = codeText(rnd, 2000 + Math.floor(rnd() * 12_000));
      const root = makeTree(spec);
      const yielder = createYielder(20, undefined);
      const scan = await scanTree(root, buildRules([join(root, '.lambdaignore')], false, []), loadDependencyPolicy(root), yielder, {});
      const options = { level: 6, yielder, maxZippedBytes: 50 * 1024 * 1024 };
      const here = await compressEntries(scan.files, { ...options, helpers: 0 });
      const shape = (e: CompressedEntry) => [e.path, e.method, e.crc32 >>> 0, e.size, createHash('sha256').update(e.data).digest('hex')];
      // The helpers' threads are the pool's own: reached here the way a crash would reach them.
      type PoolInside = { helpers: { worker: { terminate(): Promise<number> }; inFlight: Map<number, unknown> }[]; onLost: (r: unknown[]) => void };
      // Whether a helper still holds batches when its thread ends is up to the scheduler: try again until one did.
      for (let attempt = 0; ; attempt++) {
        const compressor = new Compressor({ ...options, helpers: 2 });
        try {
          let lost = 0;
          let killedYet = false;
          for (const f of scan.files) {
            compressor.offer(f);
            const pool = (compressor as unknown as { pool?: PoolInside }).pool;
            if (!pool || killedYet || !pool.helpers.slice(0, killed).every((h) => h.inFlight.size > 0)) continue;
            const onLost = pool.onLost;
            pool.onLost = (r) => {
              lost += r.length;
              onLost(r);
            };
            for (const h of pool.helpers.slice(0, killed)) void h.worker.terminate();
            killedYet = true;
          }
          const out = await compressor.finish();
          assert.ok(killedYet, 'the helpers held batches while files were offered');
          assert.deepEqual(out.entries.map(shape), here.entries.map(shape));
          if (lost === 0 && attempt < 5) continue;
          assert.ok(lost > 0, 'a dead helper gave batches back');
          // One left: it takes the lost batches. None left: this thread does the rest.
          if (killed === 2) assert.ok(out.helperFiles < scan.files.length, `the lost files were done on the packaging thread (${out.helperFiles} by helpers)`);
          return;
        } finally {
          compressor.close();
        }
      }
    });
  }
});
