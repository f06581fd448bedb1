// The offline install recipe for code-server (a full VS Code build) from the npm registry, step by
// step as /work/shared/notes/real-vscode.md records it. Each step is needed because the package's
// own postinstall downloads from GitHub, which these machines and CI cannot reach.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, lstatSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, INSTALL_DIR, PACKAGE_DIR, RECIPE, STAMP, VSCODE_DIR } from './paths.mjs';

const STEP_TIMEOUT_MS = 15 * 60 * 1000;
const NATIVE_VSCODE = ['kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog'];

// node-gyp must build against Debian's Node headers (/usr/include/node): without nodedir it tries to
// download headers. npm 11 warns that `nodedir` in ~/.npmrc is unknown, so pass it explicitly.
const buildEnv = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir || '/usr', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function run(log, cwd, cmd, args, env = buildEnv) {
  log(`  $ (cd ${cwd.replace(INSTALL_DIR, '<install>')}) ${cmd} ${args.join(' ')}`);
  try {
    execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (${e.code === 'ETIMEDOUT' ? 'timed out' : `exit ${e.status}`}):\n${out}`);
  }
}

function link(target, path) {
  try {
    if (lstatSync(path)) unlinkSync(path);
  } catch {
    /* not there yet */
  }
  symlinkSync(target, path);
}

/**
 * npm 11 may skip dependencies' install scripts (allowScripts), and a rebuild that silently did
 * nothing only shows up later as a broken server. Loading each addon in a child Node proves it.
 */
function checkNative(log, base, names) {
  for (const name of names) {
    try {
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { cwd: base, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
      log(`    ${name}: loads`);
    } catch (e) {
      throw new Error(`${name} does not load after "npm rebuild" (npm may have skipped its install script):\n${String(e.stderr ?? e.message).split('\n').slice(0, 8).join('\n')}`);
    }
  }
}

export function isInstalled() {
  if (!existsSync(STAMP)) return false;
  try {
    const s = JSON.parse(readFileSync(STAMP, 'utf8'));
    return s.version === CODE_SERVER_VERSION && s.recipe === RECIPE && existsSync(join(PACKAGE_DIR, 'out', 'node', 'entry.js'));
  } catch {
    return false;
  }
}

export function install(log) {
  // A partial install from an interrupted run is not trusted: start over.
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  mkdirSync(INSTALL_DIR, { recursive: true });
  writeFileSync(join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'lw-vscode-cache', private: true }, null, 2));

  log(`[1/7] npm install code-server@${CODE_SERVER_VERSION} (scripts off: its postinstall needs GitHub)`);
  run(log, INSTALL_DIR, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`]);

  log('[2/7] pin @vscode/proxy-agent to its registry tarball (the shrinkwrap points at git+ssh)');
  const shrinkFile = join(VSCODE_DIR, 'npm-shrinkwrap.json');
  const shrink = JSON.parse(readFileSync(shrinkFile, 'utf8'));
  let fixed = 0;
  const registry = (execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'https://registry.npmjs.org/').replace(/\/?$/, '/');
  for (const [key, entry] of Object.entries(shrink.packages ?? {})) {
    if (key.endsWith('node_modules/@vscode/proxy-agent') && /^git|github/.test(String(entry.resolved))) {
      entry.resolved = `${registry}@vscode/proxy-agent/-/proxy-agent-${entry.version}.tgz`;
      fixed++;
    }
  }
  if (fixed) writeFileSync(shrinkFile, JSON.stringify(shrink, null, 2) + '\n');
  log(`    rewrote ${fixed} entr${fixed === 1 ? 'y' : 'ies'}`);

  log('[3/7] npm install --omit=dev in lib/vscode (VS Code server dependencies)');
  run(log, VSCODE_DIR, 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);

  log(`[4/7] rebuild native modules: ${NATIVE_VSCODE.join(' ')} (1-2 min)`);
  run(log, VSCODE_DIR, 'npm', ['rebuild', ...NATIVE_VSCODE]);
  checkNative(log, VSCODE_DIR, NATIVE_VSCODE);

  log('[5/7] use Debian ripgrep for @vscode/ripgrep (it would download rg from GitHub)');
  const rgBin = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  link('/usr/bin/rg', join(rgBin, 'rg'));

  log('[6/7] finish code-server postinstall by hand (asar link, CLI helpers, built-in extensions)');
  link('node_modules', join(VSCODE_DIR, 'node_modules.asar'));
  link('code-linux.sh', join(VSCODE_DIR, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(VSCODE_DIR, 'bin', 'helpers', 'browser.sh'));
  const extDir = join(VSCODE_DIR, 'extensions');
  run(log, extDir, 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
  run(log, extDir, 'node', ['postinstall.mjs']);

  log('[7/7] rebuild argon2 (code-server password hashing, loaded at start-up)');
  run(log, INSTALL_DIR, 'npm', ['rebuild', 'argon2']);
  checkNative(log, PACKAGE_DIR, ['argon2']);
}

export function writeStamp(extra) {
  writeFileSync(STAMP, JSON.stringify({ version: CODE_SERVER_VERSION, recipe: RECIPE, installedAt: new Date().toISOString(), ...extra }, null, 2) + '\n');
}
