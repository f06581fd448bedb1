// Builds platform-specific .vsix files. Each carries the production bundles plus exactly one
// esbuild binary, the one for its target (esbuild transpiles and bundles TypeScript handlers at run
// time, and its JS API only runs a native binary). Other platforms' binaries are fetched from the
// npm registry as ordinary packages (`npm pack @esbuild/<platform>@<pinned version>`) and never run.
//
//   node scripts/package-vsix.mjs                 the host's target → dist/lambda-workbench.vsix
//   node scripts/package-vsix.mjs --target T      one target        → dist/lambda-workbench-T.vsix
//   node scripts/package-vsix.mjs --all           every target      → dist/lambda-workbench-T.vsix
//                                                 (and the host's again as dist/lambda-workbench.vsix)
//   [--out FILE] (single target only)
//
// Expects the production bundles in dist/ (npm run build:prod). Each target is staged in its own
// folder with a minimal package tree, so vsce's dependency detection sees only that target's binary.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));

/** vsce target → the @esbuild package whose binary runs there (esbuild's Go binaries are static, so musl-based Alpine uses the Linux ones). */
export const TARGETS = {
  'win32-x64': { pkg: '@esbuild/win32-x64', bin: 'esbuild.exe' },
  'win32-arm64': { pkg: '@esbuild/win32-arm64', bin: 'esbuild.exe' },
  'darwin-x64': { pkg: '@esbuild/darwin-x64', bin: 'bin/esbuild' },
  'darwin-arm64': { pkg: '@esbuild/darwin-arm64', bin: 'bin/esbuild' },
  'linux-x64': { pkg: '@esbuild/linux-x64', bin: 'bin/esbuild' },
  'linux-arm64': { pkg: '@esbuild/linux-arm64', bin: 'bin/esbuild' },
  'alpine-x64': { pkg: '@esbuild/linux-x64', bin: 'bin/esbuild' },
};

/** A .vsix over this size means something heavy slipped in (a stray binary, fixtures, screenshots). */
export const VSIX_BUDGET_BYTES = 10 * 1024 * 1024;

const ESBUILD_VERSION = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
const CACHE = join(ROOT, '.cache', 'esbuild-platforms', ESBUILD_VERSION);
const STAGE = join(ROOT, '.cache', 'vsix-stage');
// The files of the esbuild package that the JS API needs (bin/ is only its CLI, a second copy of the binary).
const ESBUILD_FILES = ['package.json', 'LICENSE.md', 'lib/main.js'];
// What the .vsix holds besides node_modules (see .vscodeignore for the rules inside these).
const TOP_LEVEL = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'dist', 'media', 'schemas'];
// For the repository and the Marketplace page only (vsce's .vscodeignore cannot exclude them from under `!media/**`).
const REPO_ONLY = ['media/screenshots', 'media/icon.svg'];

export function hostTarget() {
  const t = `${process.platform}-${process.arch}`;
  if (!TARGETS[t]) throw new Error(`No .vsix target for this host (${t}). Targets: ${Object.keys(TARGETS).join(', ')}`);
  return t;
}

/** The @esbuild platform package's folder: the installed one for the host, else unpacked from the registry tarball once. */
function platformPackageDir(pkg) {
  const installed = join(ROOT, 'node_modules', pkg);
  if (existsSync(join(installed, 'package.json')) && JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version === ESBUILD_VERSION) return installed;
  const dir = join(CACHE, pkg.replace('/', '+'));
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', `${pkg}@${ESBUILD_VERSION}`, '--silent', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' });
  const tgz = out.trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir]);
  rmSync(join(dir, tgz));
  return join(dir, 'package');
}

function stage(target) {
  const { pkg } = TARGETS[target];
  const dir = join(STAGE, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of TOP_LEVEL) if (existsSync(join(ROOT, p))) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  for (const p of REPO_ONLY) rmSync(join(dir, p), { recursive: true, force: true });
  // The staged manifest's only runtime dependency is esbuild (everything else is bundled), so vsce's
  // `npm list --production` finds esbuild and the one platform package staged beside it.
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  manifest.dependencies = { esbuild: ESBUILD_VERSION };
  delete manifest.devDependencies;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const esbuildDir = dirname(require.resolve('esbuild/package.json'));
  for (const f of ESBUILD_FILES) cpSync(join(esbuildDir, f), join(dir, 'node_modules', 'esbuild', f), { recursive: true });
  cpSync(platformPackageDir(pkg), join(dir, 'node_modules', pkg), { recursive: true });
  return dir;
}

/** Packages one target; returns the .vsix path. */
export function packageTarget(target, out, log = console.log) {
  if (!TARGETS[target]) throw new Error(`Unknown target "${target}". Targets: ${Object.keys(TARGETS).join(', ')}`);
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build:prod first.');
  const dir = stage(target);
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(process.execPath, [vsce, 'package', '--target', target, '--out', out], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const size = statSync(out).size;
  if (size > VSIX_BUDGET_BYTES) throw new Error(`${out} is ${size} bytes, over the ${VSIX_BUDGET_BYTES}-byte budget.`);
  log(`${target}: ${out} (${(size / 1048576).toFixed(2)} MB)`);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { target: { type: 'string' }, all: { type: 'boolean', default: false }, out: { type: 'string' } } });
  try {
    if (values.all) {
      if (values.out) throw new Error('--out names one file; with --all every target goes to dist/lambda-workbench-<target>.vsix');
      for (const t of Object.keys(TARGETS)) packageTarget(t, join(ROOT, 'dist', `lambda-workbench-${t}.vsix`));
      // The host's package also under the plain name that npm start, the e2e suite and README use.
      copyFileSync(join(ROOT, 'dist', `lambda-workbench-${hostTarget()}.vsix`), join(ROOT, 'dist', 'lambda-workbench.vsix'));
    } else {
      const t = values.target ?? hostTarget();
      const out = values.out ? resolve(values.out) : join(ROOT, 'dist', values.target ? `lambda-workbench-${t}.vsix` : 'lambda-workbench.vsix');
      packageTarget(t, out);
    }
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
