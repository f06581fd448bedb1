// Build steps the runners share: npm deps, the esbuild bundles, and tsc output for the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

const quietNpmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

export function ensureDeps() {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-deps.mjs')], { cwd: ROOT, stdio: 'inherit', timeout: 15 * 60 * 1000 });
}

/** npm run <script>; throws with the script's exit code. */
export function npmRun(script, { allowFail = false, log = console.log } = {}) {
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit', env: quietNpmEnv, timeout: 10 * 60 * 1000 });
  const ok = r.status === 0;
  log(`npm run ${script}: ${ok ? 'ok' : `exit ${r.status ?? r.signal}`} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  if (!ok && !allowFail) throw new Error(`npm run ${script} failed (exit ${r.status ?? r.signal}).`);
  return ok;
}

/**
 * esbuild bundles + tsc emit. tsc still emits when another engineer's file has a type error, so a
 * tsc failure only stops the run when the file the runner needs was not produced.
 */
export function buildForTests({ needs = [], log = console.log } = {}) {
  // Tests run the minified bundles we ship, so what they measure (activation) is what users get.
  npmRun('build:prod', { log });
  const typesOk = npmRun('compile', { allowFail: true, log });
  const missing = needs.filter((f) => !existsSync(join(ROOT, f)));
  if (missing.length) throw new Error(`tsc did not produce ${missing.join(', ')}: fix the compile errors above.`);
  if (!typesOk) log('WARNING: tsc reported type errors (output was still emitted); continuing.');
  return typesOk;
}
