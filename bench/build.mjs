// Build benchmark: what bundling with esbuild (the packager's Build) changes, against shipping the
// same project unbundled (sources + production node_modules, the way it deploys with "Build": false),
// in one run, on two projects:
//   - examples/orders-esm: an ES module handler with a vendored production dependency;
//   - a generated TypeScript project whose handler zips with jszip (jszip, pako, lie, immediate,
//     readable-stream and its six dependencies: 12 packages copied from this repository's
//     node_modules). Its unbundled side is what "tsc, then zip" ships: the handler transpiled to
//     .js by esbuild (bundle off) next to node_modules.
// Both sides of a row run the same handler on the same event through the same engine
// (dist/engine.js: packageFolder, then createEnvironment on the unzipped package with TypeScript
// loading off, as Lambda runs it). Measured: zip bytes and file count, package time (median), and
// local cold start (new environment + module load + first invoke; and the Init Duration the
// runtime reports), median of N, the two sides interleaved.
//
// Run from the repo root after `npm run build`: node bench/build.mjs [--runs N] [--cold N] [--no-write]
// Writes bench/build.md (npm run bench gathers it into bench/README.md).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberArg } from './args.mjs';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const ENGINE = join(root, 'dist', 'engine.js');
if (!existsSync(ENGINE)) {
  console.error('dist/engine.js is missing: run `npm run build` first.');
  process.exit(1);
}
const engine = require(ENGINE);
const JSZip = require('jszip');
const esbuild = require('esbuild');

const RUNS = numberArg('--runs', 5);
const COLD = numberArg('--cold', 15);
const WRITE = !process.argv.includes('--no-write');
const work = mkdtempSync(join(tmpdir(), 'lw-bench-build-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// ---------------------------------------------------------------- the TypeScript project

/** A package and its production dependencies, copied from the repository's node_modules (Node's resolution). */
function copyPackage(name, from, into, seen = new Set()) {
  if (seen.has(name)) return;
  seen.add(name);
  const src = require.resolve(`${name}/package.json`, { paths: [from] });
  const dir = dirname(src);
  cpSync(dir, join(into, 'node_modules', name), { recursive: true, filter: (p) => !p.includes(`${dir}/node_modules`) });
  const pkg = JSON.parse(readFileSync(src, 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyPackage(dep, dir, into, seen);
}

const TS_SOURCE = `import JSZip from 'jszip';

export interface ZipEvent {
  files: Record<string, string>;
}

export const handler = async (event: ZipEvent): Promise<{ entries: number; bytes: number }> => {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(event.files)) zip.file(name, text);
  const out: Buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { entries: Object.keys(event.files).length, bytes: out.length };
};
`;

function makeTsProject() {
  const dir = join(work, 'zipper-ts');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'zipper.ts'), TS_SOURCE);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'zipper-ts', private: true, dependencies: { jszip: '^3.10.1' } }, null, 2));
  copyPackage('jszip', root, dir);
  // The unbundled side: the same project after a transpile-only compile (what tsc would emit).
  const plain = join(work, 'zipper-ts-unbundled');
  cpSync(dir, plain, { recursive: true });
  rmSync(join(plain, 'src', 'zipper.ts'));
  const js = esbuild.transformSync(TS_SOURCE, { loader: 'ts', format: 'cjs', target: 'node22' }).code;
  writeFileSync(join(plain, 'src', 'zipper.js'), js);
  const packages = new Set();
  const count = (d) => {
    for (const e of require('node:fs').readdirSync(join(d, 'node_modules'), { withFileTypes: true })) {
      if (e.name.startsWith('@')) continue;
      packages.add(e.name);
    }
  };
  count(dir);
  return { built: dir, unbundled: plain, packages: packages.size };
}

// ---------------------------------------------------------------- measuring

async function unzipTo(zip, dir) {
  const z = await JSZip.loadAsync(zip);
  for (const [name, entry] of Object.entries(z.files)) {
    const target = join(dir, name);
    if (entry.dir) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
}

async function pack(folder, options) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    result = await engine.packageFolder(folder, options);
    times.push(performance.now() - t);
  }
  return { zip: result.zip, manifest: result.manifest, ms: median(times) };
}

async function coldStart(codeDir, handler, payload) {
  const t = performance.now();
  const env = await engine.createEnvironment({ codeDir, handler, runtime: 'nodejs22.x', functionName: 'bench', typescript: false, memorySize: 512, timeout: 30 });
  try {
    const r = await env.invokeJson(payload);
    const ms = performance.now() - t;
    if (r.functionError) throw new Error(`${handler} failed: ${r.payload}`);
    return { ms, init: r.initDurationMs ?? NaN, payload: r.payload };
  } finally {
    await env.dispose();
  }
}

async function measure(label, sides, handlerOf, payload) {
  const rows = {};
  for (const [side, { folder, options }] of Object.entries(sides)) {
    const p = await pack(folder, options);
    const dir = join(work, `${label}-${side}-unzipped`);
    await unzipTo(p.zip, dir);
    rows[side] = { ...p, dir, handler: handlerOf(side, p.manifest), cold: [], init: [] };
  }
  // Interleaved, so both sides see the same machine load; one warm-up each first.
  for (const side of Object.keys(rows)) await coldStart(rows[side].dir, rows[side].handler, payload);
  const answers = new Set();
  for (let i = 0; i < COLD; i++) {
    for (const side of Object.keys(rows)) {
      const r = await coldStart(rows[side].dir, rows[side].handler, payload);
      rows[side].cold.push(r.ms);
      rows[side].init.push(r.init);
      answers.add(r.payload);
    }
  }
  if (answers.size !== 1) throw new Error(`${label}: the two packages answered differently: ${[...answers].join(' / ')}`);
  return rows;
}

const projects = [];
try {
  engine.setSpareWorkers?.(false);
  const orders = join(root, 'examples', 'orders-esm');
  const ordersEvent = readFileSync(join(orders, '.lambda', 'events', 'orders-esm', 'two-items.json'), 'utf8');
  projects.push({
    name: 'examples/orders-esm (ES module, 1 vendored production dependency)',
    rows: await measure(
      'orders',
      { bundled: { folder: orders, options: { handler: 'src/orders.handler', runtime: 'nodejs22.x', build: true } }, unbundled: { folder: orders, options: { handler: 'src/orders.handler', runtime: 'nodejs22.x' } } },
      (side, m) => (side === 'bundled' ? m.build.handler : 'src/orders.handler'),
      ordersEvent,
    ),
  });
  const ts = makeTsProject();
  const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`file-${i}.txt`, `line ${i}\n`.repeat(200)]));
  projects.push({
    name: `TypeScript handler using jszip (${ts.packages} packages in node_modules)`,
    rows: await measure(
      'zipper',
      { bundled: { folder: ts.built, options: { handler: 'src/zipper.handler', runtime: 'nodejs22.x' } }, unbundled: { folder: ts.unbundled, options: { handler: 'src/zipper.handler', runtime: 'nodejs22.x', build: false } } },
      (side, m) => (side === 'bundled' ? m.build.handler : 'src/zipper.handler'),
      JSON.stringify({ files }),
    ),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
  await engine.disposeSpareWorkers?.();
}

// ---------------------------------------------------------------- report

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const lines = [
  '# Build benchmark (`node bench/build.mjs`)',
  '',
  'Bundled (the packager builds with esbuild: one bundle, no node_modules) against unbundled (the same project',
  'shipped as sources + production node_modules, as with `"Build": false`; for TypeScript, the handler',
  'transpiled to .js first, as `tsc` would). Both sides run through the same engine, package the same',
  'project, and answer the same event with the same result (checked); ratios are bundled ÷ unbundled (lower is better).',
  `Package time: median of ${RUNS} \`packageFolder\` runs (the bundled side includes esbuild). Cold start: a new`,
  `environment (worker thread) on the unzipped package + module load + first invoke, median of ${COLD}, sides interleaved;`,
  '"init" is the Init Duration the runtime reports (module load only).',
  '',
  '| project | side | zip bytes | files | package time | cold start (median) | init (median) |',
  '|---|---|---:|---:|---:|---:|---:|',
];
const summary = [];
for (const p of projects) {
  const { bundled: b, unbundled: u } = p.rows;
  for (const [side, r] of [['bundled', b], ['unbundled', u]]) {
    lines.push(`| ${p.name} | ${side} | ${r.zip.length} (${kb(r.zip.length)}) | ${r.manifest.fileCount} | ${ms(r.ms)} | ${ms(median(r.cold))} | ${ms(median(r.init))} |`);
  }
  summary.push(
    `- ${p.name}: zip ${ratio(b.zip.length, u.zip.length)}, files ${b.manifest.fileCount}/${u.manifest.fileCount}, package time ${ratio(b.ms, u.ms)}, cold start ${ratio(median(b.cold), median(u.cold))}, init ${ratio(median(b.init), median(u.init))}.`,
  );
}
lines.push('', 'Ratios (bundled ÷ unbundled):', '', ...summary, '');
lines.push(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}. Measured ${new Date().toISOString().slice(0, 10)}. The machine is shared; times move with its load, ratios much less.`);
const md = lines.join('\n');
console.log(md);
if (WRITE) {
  writeFileSync(join(root, 'bench', 'build.md'), md + '\n');
  console.log('\nwrote bench/build.md');
}
