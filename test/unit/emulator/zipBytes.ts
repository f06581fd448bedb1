import { deflateRawSync } from 'node:zlib';

/** CRC-32 (zip's polynomial), for building zips by hand in tests. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A minimal zip, built by hand so tests can also corrupt it field by field. */
export function storedZip(files: Record<string, string>, opts: { deflate?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const body = opts.deflate ? deflateRawSync(data) : data;
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(opts.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(opts.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, body);
    centrals.push(central, n);
    offset += 30 + n.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A deflated entry whose headers claim `claimed` bytes while it inflates to `real` zero bytes. */
export function lyingZip(claimed: number, real: number): Buffer {
  const honest = storedZip({ 'index.js': 'x' }, { deflate: true });
  const body = deflateRawSync(Buffer.alloc(real));
  const oldBody = deflateRawSync(Buffer.from('x'));
  // Rebuild with the big body in place of the small one, then patch both headers' sizes.
  const at = honest.indexOf(oldBody, 30);
  const out = Buffer.concat([honest.subarray(0, at), body, honest.subarray(at + oldBody.length)]);
  const delta = body.length - oldBody.length;
  out.writeUInt32LE(body.length, 18);
  out.writeUInt32LE(claimed, 22);
  const cd = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + body.length);
  out.writeUInt32LE(body.length, cd + 20);
  out.writeUInt32LE(claimed, cd + 24);
  const eocd = out.indexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), cd);
  out.writeUInt32LE(out.readUInt32LE(eocd + 16) + delta, eocd + 16);
  return out;
}
