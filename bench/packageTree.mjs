// The trees bench/package.mjs packages: a generated project (the same on every run: seeded) and a
// tree of real npm packages taken from this repo's node_modules.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** mulberry32: the same tree on every run. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateTree(root) {
  const rnd = rng(42);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const zipf = (a) => a[Math.floor(a.length * Math.pow(rnd(), 2.2))];
  const ident = () => {
    let w = '';
    for (let i = 3 + Math.floor(rnd() * 9); i > 0; i--) w += String.fromCharCode(97 + Math.floor(rnd() * 26));
    return rnd() < 0.3 ? w[0].toUpperCase() + w.slice(1) : w;
  };
  const GLOBAL = Array.from({ length: 4000 }, ident);
  // Code-like lines: real JavaScript deflates 3-5x; this text does too.
  const lines = [
    (v) => `const ${v()} = require('${v()}');`,
    (v) => `function ${v()}(${v()}, ${v()}) {`,
    (v) => `  if (${v()} === undefined || ${v()} === null) {`,
    (v) => `    return ${v()}.${v()}(${v()});`,
    () => '  }',
    (v) => `  const ${v()} = ${v()}.${v()} || {};`,
    (v) => `  for (let i = 0; i < ${v()}.length; i++) {`,
    (v) => `    ${v()}[i] = ${v()}(${v()}[i], ${Math.floor(rnd() * 1000)});`,
    (v) => `  throw new TypeError('${v()} must be a ${v()}, got ' + typeof ${v()});`,
    () => '}',
    (v) => `module.exports.${v()} = ${v()};`,
    (v) => `// ${v()} ${v()} ${v()} the ${v()} when ${v()} is ${v()}`,
    (v) => `  this.${v()} = Object.assign({}, ${v()}, { ${v()}: ${v()} });`,
    (v) => `exports.${v()} = async function ${v()}(${v()}) { await ${v()}.${v()}(); };`,
  ];
  const text = (bytes) => {
    const local = Array.from({ length: 40 + Math.floor(rnd() * 80) }, () => zipf(GLOBAL));
    const v = () => zipf(local);
    const out = [];
    let n = 0;
    while (n < bytes) {
      const line = `${pick(lines)(v)}\n`;
      out.push(line);
      n += line.length;
    }
    return out.join('').slice(0, bytes);
  };
  // Native addons compress about 2-3x: half random, half zero-padded tables.
  const nativeBinary = (bytes) => Buffer.concat([randomBytesSeeded(rnd, bytes >> 1), Buffer.alloc(bytes - (bytes >> 1), 0x90)]);
  const size = () => Math.min(400_000, Math.floor(Math.exp(6.4 + rnd() * 3.1 + rnd() * 1.2)));
  let files = 0;
  let bytes = 0;
  const write = (rel, data) => {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
    files++;
    bytes += data.length;
  };

  const lock = { name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'bench-app', version: '1.0.0', dependencies: {}, devDependencies: {} } } };
  const makePackages = (prefix, count, isDev, filesEach, binaryEvery) => {
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${GLOBAL[i * 7 + (isDev ? 3 : 0)].toLowerCase()}${i}`);
    names.forEach((name, i) => {
      const dir = `node_modules/${name}`;
      const deps = i + 1 < names.length && rnd() < 0.5 ? [names[i + 1]] : [];
      write(`${dir}/package.json`, JSON.stringify({ name, version: '1.0.0', main: 'lib/index.js', dependencies: Object.fromEntries(deps.map((d) => [d, '^1.0.0'])) }, null, 2));
      write(`${dir}/README.md`, text(2000 + Math.floor(rnd() * 6000)));
      const n = Math.floor(filesEach * (0.5 + rnd()));
      for (let f = 0; f < n; f++) {
        const ext = pick(['.js', '.js', '.js', '.js', '.d.ts', '.json', '.map', '.mjs', '.cjs']);
        const sub = pick(['lib', 'lib', 'dist', 'dist/esm', 'src', `lib/${ident()}`]);
        write(`${dir}/${sub}/${ident()}${f}${ext}`, text(size()));
      }
      if (i % binaryEvery === 0) write(`${dir}/build/Release/addon.node`, nativeBinary(200_000 + Math.floor(rnd() * 600_000)));
      if (i % (binaryEvery * 2) === 1) write(`${dir}/assets/font${i}.woff2`, randomBytesSeeded(rnd, 80_000 + Math.floor(rnd() * 300_000)));
      lock.packages[dir] = { version: '1.0.0', ...(isDev ? { dev: true } : {}), ...(deps.length ? { dependencies: { [deps[0]]: '^1.0.0' } } : {}) };
    });
    names.slice(0, Math.ceil(count / 2)).forEach((n) => (lock.packages[''][isDev ? 'devDependencies' : 'dependencies'][n] = '^1.0.0'));
    return names;
  };
  makePackages('lib', 60, false, 42, 4);
  const dev = makePackages('tool', 55, true, 42, 5);
  write('package.json', JSON.stringify({ name: 'bench-app', version: '1.0.0', dependencies: lock.packages[''].dependencies, devDependencies: lock.packages[''].devDependencies }, null, 2));
  write('package-lock.json', JSON.stringify(lock, null, 2));
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  for (const name of dev.slice(0, 10)) symlinkSync(`../${name}/package.json`, join(root, 'node_modules', '.bin', name));
  for (let i = 0; i < 160; i++) write(`src/${pick(['handlers', 'lib', 'util', 'models'])}/m${i}.js`, text(size()));
  for (let i = 0; i < 14; i++) write(`assets/img${i}.png`, randomBytesSeeded(rnd, 100_000 + Math.floor(rnd() * 400_000)));
  write('index.js', 'exports.handler = async () => ({ statusCode: 200 });\n');
  write('.env', 'SECRET=not-for-the-zip\n');
  return { files, bytes };
}

/** Incompressible bytes that are still the same on every run. */
function randomBytesSeeded(rnd, n) {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i += 4) out.writeUInt32LE(Math.floor(rnd() * 0x100000000), Math.min(i, n - 4));
  return n >= 4 ? out : randomBytes(n);
}

/**
 * A tree of real npm packages: this repo's own node_modules, whole packages in name order until
 * ~60 MB (esbuild's binaries and the browser driver left out: one native binary would dominate).
 * Hard-linked, with no package.json, so our packager includes every file, as `zip -r` does.
 */
export function realNpmTree(root, dest) {
  const nm = join(root, 'node_modules');
  const dirs = [];
  for (const name of readdirSync(nm).sort()) {
    if (name.startsWith('.') || ['esbuild', '@esbuild', 'playwright-core', '@vscode'].includes(name)) continue;
    if (name.startsWith('@')) for (const sub of readdirSync(join(nm, name)).sort()) dirs.push(`${name}/${sub}`);
    else dirs.push(name);
  }
  let bytes = 0;
  let files = 0;
  const du = (p) => {
    let n = 0;
    let f = 0;
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const q = join(p, e.name);
      if (e.isDirectory()) {
        const [a, b] = du(q);
        n += a;
        f += b;
      } else if (e.isFile()) {
        n += statSync(q).size;
        f++;
      }
    }
    return [n, f];
  };
  for (const d of dirs) {
    if (bytes > 60e6) break;
    const [n, f] = du(join(nm, d));
    mkdirSync(dirname(join(dest, 'node_modules', d)), { recursive: true });
    execFileSync('cp', ['-al', join(nm, d), join(dest, 'node_modules', d)]);
    // Symlinks (bin shims) would be packed differently by the two tools: drop them.
    execFileSync('find', [join(dest, 'node_modules', d), '-type', 'l', '-delete']);
    bytes += n;
    files += f;
  }
  return { files, bytes };
}

