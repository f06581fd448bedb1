// Packaging benchmark: our packager against Info-ZIP `zip -r -q -X`, adm-zip (what the AWS Toolkit
// uses) and jszip's naive use, on a generated project tree (~5,000 files, ~60 MB, a node_modules
// with dev and prod dependencies, compressible text and incompressible binaries).
//
// Run from the repo root after `npm run build`:  node bench/package.mjs [--runs N] [--keep] [--no-write]
// Every tool runs in its own child process, interleaved, N times (default 3); the table shows the
// median wall time, the ratio to `zip -r`, and the largest peak RSS (GNU time's %M). For ours it
// also shows the longest event-loop stall of the calling thread (perf_hooks.monitorEventLoopDelay).
// Results go to bench/package.md unless --no-write.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree, realNpmTree } from './packageTree.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE = join(ROOT, 'dist', 'engine.js');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const KEEP = args.includes('--keep');
const WRITE = !args.includes('--no-write');

// ---------------------------------------------------------------- prerequisites

function ensureZip() {
  if (spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0) return;
  console.log('Installing Info-ZIP zip (apt-get install zip)…');
  const root = process.getuid?.() === 0;
  const apt = (a) => execFileSync(root ? 'apt-get' : 'sudo', root ? a : ['-n', 'apt-get', ...a], { stdio: 'inherit' });
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'zip']);
}

if (!existsSync(ENGINE)) {
  console.error('dist/engine.js is missing: run `npm run build` first.');
  process.exit(1);
}
ensureZip();
const hasGnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

// ---------------------------------------------------------------- the contenders

const CHILD_SCRIPTS = {
  ours: `
    const { monitorEventLoopDelay } = require('node:perf_hooks');
    const { readFileSync } = require('node:fs');
    const { writeFile } = require('node:fs/promises');
    const engine = require(process.env.ENGINE);
    // CPU time of this (the calling) thread alone, from /proc: an upper bound on how long it can
    // have been blocked, whatever the machine's load does to wall-clock stalls.
    const threadCpuMs = () => {
      try {
        const f = readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8').split(') ')[1].split(' ');
        return (Number(f[11]) + Number(f[12])) * 10;
      } catch { return NaN; }
    };
    const h = monitorEventLoopDelay({ resolution: 10 });
    const cpu0 = threadCpuMs();
    h.enable();
    engine.packageFolder(process.env.TREE, { incremental: process.env.INCREMENTAL === '1', thread: process.env.THREAD || undefined }).then(async ({ zip, manifest }) => {
      h.disable();
      const mainCpuMs = threadCpuMs() - cpu0;
      await writeFile(process.env.OUT, zip);
      console.log(JSON.stringify({ zipBytes: zip.length, files: manifest.fileCount, sha: manifest.codeSha256, loopMaxMs: h.max / 1e6, mainCpuMs, reused: manifest.incremental?.reused }));
    });`,
  // A re-package inside a long-lived process, the way Sync on Save and \`deploy --watch\` do it: the
  // engine is loaded and the folder was packaged before (that earlier package is not timed); then one
  // file changes and packageFolder runs again with the extension's defaults (a packaging worker).
  // Reports the timed package alone as \`ms\` (replacing the process's wall time) and its CPU time.
  oursLive: `
    const fs = require('node:fs');
    const path = require('node:path');
    const engine = require(process.env.ENGINE);
    (async () => {
      await engine.packageFolder(process.env.TREE);
      const nm = path.join(process.env.TREE, 'node_modules');
      const target = path.join(nm, fs.readdirSync(nm).sort().find((d) => !d.startsWith('@') && !d.startsWith('.')), 'package.json');
      const text = fs.readFileSync(target, 'utf8');
      fs.rmSync(target);
      fs.writeFileSync(target, text.trimEnd() + '\\n' + ' '.repeat(Number(process.env.EDIT) % 7) + '\\n');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const { zip, manifest } = await engine.packageFolder(process.env.TREE);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      await fs.promises.writeFile(process.env.OUT, zip);
      console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, zipBytes: zip.length, files: manifest.fileCount, sha: manifest.codeSha256, reused: manifest.incremental?.reused }));
    })();`,
  admzip: `
    const AdmZip = require(process.env.ADMZIP);
    const z = new AdmZip();
    z.addLocalFolder(process.env.TREE);
    const buf = z.toBuffer();
    require('node:fs').writeFileSync(process.env.OUT, buf);
    console.log(JSON.stringify({ zipBytes: buf.length }));`,
  jszip: `
    const fs = require('node:fs');
    const path = require('node:path');
    const JSZip = require(process.env.JSZIP);
    const zip = new JSZip();
    const walk = (dir, rel) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, e.name);
        const r = rel ? rel + '/' + e.name : e.name;
        if (e.isDirectory()) walk(abs, r);
        else if (e.isFile()) zip.file(r, fs.readFileSync(abs));
      }
    };
    walk(process.env.TREE, '');
    zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }).then((buf) => {
      fs.writeFileSync(process.env.OUT, buf);
      console.log(JSON.stringify({ zipBytes: buf.length }));
    });`,
};

function timed(cmd, argv, { cwd, env, stdin } = {}) {
  return new Promise((resolvePromise, reject) => {
    const wrapped = hasGnuTime ? ['/usr/bin/time', ['-f', '__RSS_KB__=%M __CPU_S__=%U+%S', cmd, ...argv]] : [cmd, argv];
    const started = process.hrtime.bigint();
    const child = spawn(wrapped[0], wrapped[1], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${err}`));
      const rss = /__RSS_KB__=(\d+)/.exec(err);
      const cpu = /__CPU_S__=([\d.]+)\+([\d.]+)/.exec(err);
      let info = {};
      try {
        info = JSON.parse(out.trim().split('\n').pop() || '{}');
      } catch {
        // zip prints nothing
      }
      resolvePromise({ ms, rssMB: rss ? Number(rss[1]) / 1024 : NaN, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, stdout: out, ...info });
    });
    if (stdin) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

/**
 * A process that does nothing but watch its own event loop, run alongside ours: on a busy machine a
 * thread can wait for a core for tens of ms without blocking anything, and this shows how much.
 */
function noiseFloor() {
  const script = `
    const { monitorEventLoopDelay } = require('node:perf_hooks');
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    process.stdin.resume();
    process.stdin.on('end', () => { h.disable(); console.log(JSON.stringify({ idleLoopMaxMs: h.max / 1e6 })); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const done = new Promise((r) => child.on('close', () => r(JSON.parse(out || '{}').idleLoopMaxMs)));
  return { stop: () => (child.stdin.end(), done) };
}

async function oursWithNoiseFloor(tree, outFile) {
  const idle = noiseFloor();
  await new Promise((r) => setTimeout(r, 150));
  const res = await nodeChild('ours', tree, outFile);
  return { ...res, idleLoopMaxMs: await idle.stop() };
}

function nodeChild(name, tree, out, extraEnv = {}) {
  const require = (m) => join(ROOT, 'node_modules', m);
  return timed(process.execPath, ['-e', CHILD_SCRIPTS[name]], { env: { ENGINE, TREE: tree, OUT: out, ADMZIP: require('adm-zip'), JSZIP: require('jszip'), INCREMENTAL: '0', ...extraEnv } });
}

/** Entries in a zip that are files (not folders), by Info-ZIP's own lister. */
function zipFileCount(file) {
  return execFileSync('zipinfo', ['-1', file], { maxBuffer: 64 << 20 }).toString().split('\n').filter((l) => l && !l.endsWith('/')).length;
}

// ---------------------------------------------------------------- run

const work = mkdtempSync(join(tmpdir(), 'lw-bench-package-'));
const tree = join(work, 'tree');
const out = (name) => join(work, `${name}.zip`);
try {
  console.log(`Generating the bench tree in ${tree}…`);
  const gen = generateTree(tree);
  console.log(`  ${gen.files} files, ${(gen.bytes / 1e6).toFixed(1)} MB`);
  // A warm-up run (fills the page cache for everyone), then the file list ours packs, for zip on exactly the same files.
  await nodeChild('ours', tree, out('ours'));
  const listing = JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'package', tree, '--json'], { cwd: ROOT, maxBuffer: 64 << 20 }).toString());
  const ourList = `${listing.files.map((f) => f.path).join('\n')}\n`;
  console.log(`  ours packs ${listing.fileCount} of them (${(listing.unzippedBytes / 1e6).toFixed(1)} MB): dev dependencies and secrets left out`);
  // The whole tree through our packager too: a copy (hard links) with no package.json, so nothing is pruned.
  const everything = join(work, 'everything');
  execFileSync('cp', ['-al', tree, everything]);
  rmSync(join(everything, 'package.json'));
  rmSync(join(everything, 'package-lock.json'));

  // Real npm packages, every file included on both sides: the headline like-for-like rows.
  const real = join(work, 'real');
  const realGen = realNpmTree(ROOT, real);
  console.log(`  real npm tree: ${realGen.files} files, ${(realGen.bytes / 1e6).toFixed(1)} MB`);
  // The incremental rows: a cache of their own, warmed once, then one file changes before every timed run.
  const cacheDir = join(work, 'cache');
  // The real-tree rows run the CLI itself: `node dist/cli.js package <tree> --out <file>`, a new
  // process each time (it packages on its own thread, deflating on helper threads, and writes the file).
  let colds = 0;
  const cliRun = (outFile, cache) =>
    timed(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'package', real, '--out', outFile], { env: { LAMBDA_WORKBENCH_CACHE_DIR: cache } }).then((r) => ({
      ...r,
      reused: Number(/incremental cache: (\d+) entries reused/.exec(r.stdout ?? '')?.[1] ?? NaN),
    }));
  let edits = 0;
  const changeOneFile = (root) => {
    // Replace (not edit in place): the trees are hard links to other trees and to node_modules.
    const first = readdirSync(join(root, 'node_modules')).sort().find((d) => !d.startsWith('@') && !d.startsWith('.'));
    const target = join(root, 'node_modules', first, 'package.json');
    const text = readFileSync(target, 'utf8');
    rmSync(target);
    writeFileSync(target, `${text.trimEnd()}\n${' '.repeat(++edits % 7)}\n`);
  };
  await cliRun(out('oursRealInc'), cacheDir);

  const contenders = [
    { key: 'zipReal', label: 'real npm tree: zip -r -q -X', run: () => { rmSync(out('zipReal'), { force: true }); return timed('zip', ['-r', '-q', '-X', out('zipReal'), '.'], { cwd: real }); } },
    // A first run: an empty cache folder each time (so it also writes the cache, as a first run does).
    { key: 'oursReal', label: 'real npm tree: `lambda-workbench package --out`, full (cold, empty cache)', run: () => cliRun(out('oursReal'), join(work, `cold-cache-${++colds}`)) },
    { key: 'oursRealInc', label: 'real npm tree: `lambda-workbench package --out`, re-package after one change', run: () => (changeOneFile(real), cliRun(out('oursRealInc'), cacheDir)) },
    {
      key: 'oursRealLive',
      label: 'real npm tree: ours in a long-lived process (as Sync on Save re-packages), after one change',
      run: () => nodeChild('oursLive', real, out('oursRealLive'), { LAMBDA_WORKBENCH_CACHE_DIR: `${cacheDir}-live`, EDIT: String(++edits) }),
    },
    { key: 'zip', label: 'zip -r -q -X (whole tree)', run: () => { rmSync(out('zip'), { force: true }); return timed('zip', ['-r', '-q', '-X', out('zip'), '.'], { cwd: tree }); } },
    { key: 'zipSame', label: 'zip -q -X -@ (same files as ours)', run: () => { rmSync(out('zipSame'), { force: true }); return timed('zip', ['-q', '-X', out('zipSame'), '-@'], { cwd: tree, stdin: ourList }); } },
    { key: 'ours', label: 'ours: packageFolder (prod deps only)', run: () => oursWithNoiseFloor(tree, out('ours')) },
    { key: 'oursAll', label: 'ours: packageFolder (whole tree)', run: () => nodeChild('ours', everything, out('oursAll')) },
    { key: 'admzip', label: 'adm-zip addLocalFolder + toBuffer', run: () => nodeChild('admzip', tree, out('admzip')) },
    { key: 'jszip', label: 'jszip generateAsync DEFLATE (naive)', run: () => nodeChild('jszip', tree, out('jszip')) },
  ];
  const load0 = loadavg()[0];
  const results = Object.fromEntries(contenders.map((c) => [c.key, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const c of contenders) {
      // Every tool starts with no dirty pages left by the one before (its archive, our cache) still
      // being written back: that writeback would otherwise land on whichever row runs next.
      execFileSync('sync');
      const res = await c.run();
      results[c.key].push(res);
      process.stdout.write(`  run ${r + 1}/${RUNS} ${c.key.padEnd(8)} ${res.ms.toFixed(0).padStart(6)} ms wall ${res.cpuMs.toFixed(0).padStart(6)} ms cpu ${res.rssMB.toFixed(0).padStart(4)} MB RSS\n`);
    }
  }
  const load1 = loadavg()[0];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const zipMs = median(results.zip.map((r) => r.ms));
  const zipSameMs = median(results.zipSame.map((r) => r.ms));
  const zipCpu = median(results.zip.map((r) => r.cpuMs));
  // The headline: the real npm tree, every file on both sides (the file counts prove it).
  const zipRealMs = median(results.zipReal.map((r) => r.ms));
  const zipRealFiles = zipFileCount(out('zipReal'));
  const realRows = contenders
    .filter((c) => c.key.includes('Real'))
    .map((c) => {
      const rs = results[c.key];
      const ms = median(rs.map((r) => r.ms));
      const cpu = median(rs.map((r) => r.cpuMs));
      return { key: c.key, label: c.label, ms, ratio: ms / zipRealMs, cpu, files: zipFileCount(out(c.key)), rss: Math.max(...rs.map((r) => r.rssMB)), zipMB: statSync(out(c.key)).size / 1e6, reused: rs[0].reused };
    });
  const realTable = [
    '| tool | median wall | × zip -r (full) | CPU (user+sys) | files in the zip | entries reused | peak RSS | zip size |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...realRows.map((r) => `| ${r.label} | ${r.ms.toFixed(0)} ms | ${r.ratio.toFixed(2)} | ${r.cpu.toFixed(0)} ms | ${r.files} | ${r.reused ?? ''} | ${r.rss.toFixed(0)} MB | ${r.zipMB.toFixed(1)} MB |`),
  ].join('\n');
  const fullRow = realRows.find((r) => r.key === 'oursReal');
  const incRow = realRows.find((r) => r.key === 'oursRealInc');
  const liveRow = realRows.find((r) => r.key === 'oursRealLive');
  const sameWork = realRows.every((r) => r.files === zipRealFiles);
  const realVerdict = [
    `- same work: ${sameWork ? `every row's zip holds the same ${zipRealFiles} files` : `FILE COUNTS DIFFER (${realRows.map((r) => r.files).join(' / ')}): these rows do not count`}.`,
    `- full package: ours ${fullRow.ratio.toFixed(2)}× zip -r (target ≤ 0.8×).`,
    `- re-package after one change: ${incRow.ratio.toFixed(2)}× zip -r's full time as the CLI runs it, a new process each time (target ≤ 0.25×); ${liveRow.ratio.toFixed(2)}× inside a long-lived process, as Sync on Save and \`deploy --watch\` re-package (the timed package only: no process start, engine already loaded).`,
    `- peak RSS: full ${fullRow.rss.toFixed(0)} MB, re-package ${incRow.rss.toFixed(0)} MB, long-lived process ${liveRow.rss.toFixed(0)} MB (its whole life: the package before the change, in a packaging worker, and the one after it); budget = zip size + 150 MB = ${(fullRow.zipMB + 150).toFixed(0)} MB.`,
  ].join('\n');

  const rows = contenders.filter((c) => !c.key.includes('Real')).map((c) => {
    const rs = results[c.key];
    const ms = median(rs.map((r) => r.ms));
    const bytes = statSync(out(c.key)).size;
    return {
      label: c.label,
      ms,
      ratio: ms / zipMs,
      ratioSame: ms / zipSameMs,
      cpu: median(rs.map((r) => r.cpuMs)),
      rss: Math.max(...rs.map((r) => r.rssMB)),
      zipMB: bytes / 1e6,
      loop: rs[0].loopMaxMs === undefined ? '' : `${Math.max(...rs.map((r) => r.loopMaxMs)).toFixed(0)} ms`,
      idle: rs[0].idleLoopMaxMs === undefined ? '' : `${Math.max(...rs.map((r) => r.idleLoopMaxMs)).toFixed(0)} ms`,
      mainCpu: rs[0].mainCpuMs === undefined ? '' : `${Math.max(...rs.map((r) => r.mainCpuMs)).toFixed(0)} ms`,
    };
  });
  const oursRow = rows.find((r) => r.label.startsWith('ours: packageFolder (prod'));
  const oursZipMB = statSync(out('ours')).size / (1024 * 1024);
  const header = '| tool | median wall | × zip -r | × zip (same files) | CPU (user+sys) | CPU × zip -r | peak RSS | zip size | max event-loop stall (idle process) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const table = [
    header,
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.ms.toFixed(0)} ms | ${r.ratio.toFixed(2)} | ${r.ratioSame.toFixed(2)} | ${r.cpu.toFixed(0)} ms | ${(r.cpu / zipCpu).toFixed(2)} | ${r.rss.toFixed(0)} MB | ${r.zipMB.toFixed(1)} MB | ${r.loop}${r.idle ? ` (${r.idle})` : ''} |`,
    ),
  ].join('\n');
  const verdict = [
    `- wall time: ours ${oursRow.ratio.toFixed(2)}× zip -r on the bench tree (target ≤ 1.0×), ${oursRow.ratioSame.toFixed(2)}× zip on the same files.`,
    `- peak RSS: ours ${oursRow.rss.toFixed(0)} MB; budget = zip size + 150 MB = ${(oursZipMB + 150).toFixed(0)} MB.`,
    `- event loop: the calling thread used ${oursRow.mainCpu} of CPU in all while packaging (from /proc, 10 ms ticks; the work runs in a worker thread), so it cannot have been blocked longer than that. Its longest wall-clock stall was ${oursRow.loop}, while an idle Node process watching its own loop at the same time saw ${oursRow.idle}: that part is the machine's scheduling noise (target ~50 ms).`,
  ].join('\n');
  const env = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${RUNS} runs per tool (median wall, max RSS), load average ${load0.toFixed(1)} before / ${load1.toFixed(1)} after`;
  console.log(`\n${realTable}\n\n${realVerdict}\n\n${table}\n\n${verdict}\n\n${env}`);
  if (WRITE) {
    const md = `# Packaging benchmark (\`node bench/package.mjs\`)

## Headline: real npm packages, everything included

Tree: ${realGen.files} files, ${(realGen.bytes / 1e6).toFixed(1)} MB of real npm packages (this repo's own \`node_modules\`, whole packages in
name order up to ~60 MB, esbuild's binaries and symlinks left out; copied by \`bench/packageTree.mjs\`), hard-linked and without a package.json, so our packager
includes every file, exactly like \`zip -r\`; the "files in the zip" column proves both sides packed the same files.
"re-package after one change" replaces one file and packages again with the incremental cache warm
(\`src/core/package/entryCache.ts\`); its ratio is against zip's *full* time, as the target is stated.
The CLI rows run the CLI itself, \`node dist/cli.js package <tree> --out <file>\`, a new process each time: the bin
loads \`dist/cliPackage.js\` (the packaging code alone; neither the other commands nor the AWS SDK are parsed), walks
the tree on its own thread (the CLI needs no packaging worker: nothing else runs on its event loop) and deflates on
helper threads (one per core) fed while it walks; zip runs on one core. The full row starts from an empty cache folder
each time, so it also writes the cache, as a first run does. Both sides write the whole archive to a file; every row's
process start is included, except the long-lived-process row: it times only the package
after the change, in a process that has the engine loaded and packaged the folder before (with the extension's defaults:
a packaging worker started for each package; it is not kept between packages), as Sync on Save does. Before every
timed run of every tool, \`sync\` writes back what the run before left dirty (an archive, our cache), untimed. On a loaded machine
the cores are shared with other work, so wall times track CPU time and the ratios rise.

${realTable}

${realVerdict}

## The generated project tree

Tree: ${gen.files} files, ${(gen.bytes / 1e6).toFixed(1)} MB generated by \`bench/packageTree.mjs\` (seeded: the same tree on every run, and every tool packs that one tree): a node_modules with 60 production and 55 dev
packages (code-like text that deflates 3-5×, native addons, fonts), 160 source files, 14 PNG-like images, a package-lock.json v3 with
\`dev: true\` flags. Ours packs ${listing.fileCount} files (${(listing.unzippedBytes / 1e6).toFixed(1)} MB): the dev dependencies and \`.env\` stay out.
"zip (same files)" feeds Info-ZIP exactly our file list, the like-for-like comparison; "ours (whole tree)" packs a hard-linked copy
without package.json, so nothing is pruned, like-for-like with \`zip -r\`.

Each tool runs in its own child process; wall time includes process start. Peak RSS is GNU time's maximum resident set size.
Before every timed run of every tool, \`sync\` writes back what the run before left dirty (an archive, our cache), so that no row pays for another's writes.

${table}

${verdict}

Machine: ${env}. The machine is shared; timings move with its load, ratios much less.
`;
    writeFileSync(join(ROOT, 'bench', 'package.md'), md);
    console.log('\nwrote bench/package.md');
  }
} finally {
  if (KEEP) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
