// Records how the real Lambda Node.js runtime runs packages our build step produces: each project
// in test/fixtures/build/ is packaged by the engine (esbuild build + zip, for the runtime's target),
// the zip is unzipped into a temp task root and run under aws-lambda-ric (3.3.0 on Node 22 for
// nodejs22.x, 4.0.2 on Node 24 for nodejs24.x; see scripts/ric-oracle.mjs), with the environment a
// deploy would set (NODE_OPTIONS=--enable-source-maps for Build.Sourcemap).
// Writes test/fixtures/build/recorded/<runtime>.json: per case the CodeSha256 and Handler of the
// package, and what the runtime returned and logged. test/unit/package/builtRuntime.test.ts checks
// that today's build gives the same bytes and that local invoke runs them the same way.
//
// Usage: npm run compile && node scripts/record-built.mjs [--runtime nodejs24.x]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracle, runCase, targets } from './ric-oracle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engineFile = join(root, 'out', 'src', 'core', 'index.js');
if (!existsSync(engineFile)) {
  console.error('Run "npm run compile" first: the engine is loaded from out/.');
  process.exit(2);
}
const engine = require(engineFile);
const AdmZip = require('adm-zip');
const fixtures = join(root, 'test', 'fixtures', 'build');
const { cases } = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8'));

/** Packages a fixture for a runtime exactly as deploy would; returns the zip, manifest and env. */
async function packageFixture(fixture, runtime) {
  const dir = join(fixtures, fixture);
  const binding = JSON.parse(readFileSync(join(dir, 'lambda-workbench.json'), 'utf8'));
  const settings = { ...binding, Runtime: runtime };
  const pkg = await engine.packageFolder(dir, { ...engine.bindingPackageOptions(settings), thread: 'main' });
  const fn = { Handler: settings.Handler, Runtime: runtime, Environment: binding.Environment };
  engine.applyBuildSettings(fn, pkg.manifest, undefined);
  return { ...pkg, handler: fn.Handler, env: fn.Environment?.Variables ?? {} };
}

const args = process.argv.slice(2);
const wantRuntime = args.includes('--runtime') ? args[args.indexOf('--runtime') + 1] : undefined;
for (const t of targets.filter((x) => x.runtime !== 'nodejs20.x')) {
  if (wantRuntime && t.runtime !== wantRuntime) continue;
  const { node, entry, nodeVersion } = oracle(t);
  const recorded = { runtime: t.runtime, ric: t.ric, node: nodeVersion, recordedWith: 'scripts/record-built.mjs', cases: {} };
  for (const c of cases) {
    const { zip, manifest, handler, env } = await packageFixture(c.fixture, t.runtime);
    const taskRoot = mkdtempSync(join(tmpdir(), 'lw-built-'));
    try {
      new AdmZip(zip).extractAllTo(taskRoot, true);
      const stem = handler.slice(0, handler.lastIndexOf('/') + 1) + handler.slice(handler.lastIndexOf('/') + 1).split('.')[0];
      const caseHandler = c.export ? `${stem}.${c.export}` : handler;
      process.stdout.write(`${t.runtime} ${c.name} (${caseHandler})… `);
      const r = await runCase({ ...t, node, entry }, { ...c, handler: caseHandler, taskRoot, env: { ...env, ...(c.env ?? {}) } });
      recorded.cases[c.name] = { fixture: c.fixture, codeSha256: manifest.codeSha256, handler: caseHandler, env, files: manifest.files.map((f) => f.path), ...r };
      console.log(r.initError ? `init error ${r.initError.errorType}` : r.invocations.map((i) => ('error' in i ? i.error.errorType : 'ok')).join(','), `exit=${r.exitCode}`);
    } finally {
      rmSync(taskRoot, { recursive: true, force: true });
    }
  }
  const outFile = join(fixtures, 'recorded', `${t.runtime}.json`);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(recorded, null, 2) + '\n');
  console.log(`wrote ${outFile}`);
}
