/**
 * Packaging on every core must not change a byte: the reused deflate context gives exactly
 * zlib.deflateRawSync's output, helper threads give exactly what the packaging thread gives, and
 * both follow the one rule for what each file becomes (deflateFile.ts).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { compressEntries, type CompressedEntry } from '../../../src/core/package/compress';
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
});
