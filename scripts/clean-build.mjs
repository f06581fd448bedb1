// Proves that a fresh clone builds with the README's commands alone: clones HEAD (committed files
// only) into a temporary folder, runs `npm ci && npm run build`, and checks that the bundles exist
// and that npm raised no install-script warnings (package.json's allowScripts covers them).
// Exit 0 when all holds. Used by `npm test` (stage clean-build) and CI.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './vscode/paths.mjs';

const dir = mkdtempSync(join(tmpdir(), 'lw-clean-build-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failed = false;
const fail = (m) => {
  console.error(`clean-build: ${m}`);
  failed = true;
};
try {
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir], { stdio: 'inherit' });
  for (const args of [['ci', '--no-audit', '--no-fund'], ['run', 'build']]) {
    const r = spawnSync(npm, args, { cwd: dir, encoding: 'utf8', timeout: 10 * 60 * 1000 });
    const out = `${r.stdout}\n${r.stderr}`;
    process.stdout.write(out.split('\n').filter((l) => l.trim()).slice(-8).join('\n') + '\n');
    if (r.status !== 0) fail(`npm ${args.join(' ')} exited ${r.status ?? r.signal}`);
    if (/not yet covered by allowScripts/.test(out)) fail(`npm ${args.join(' ')} warned about install scripts not covered by allowScripts`);
    if (failed) break;
  }
  if (!failed) for (const f of ['extension.js', 'engine.js', 'awsSdk.js', 'cli.js', 'cliAll.js', 'cliPackage.js', 'invokeWorker.js', 'processRelay.js', 'packageWorker.js', 'deflateHelper.js', 'webview/config.js']) if (!existsSync(join(dir, 'dist', f))) fail(`dist/${f} was not built`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!failed) console.log('clean-build: npm ci && npm run build work on a fresh clone');
process.exit(failed ? 1 : 0);
