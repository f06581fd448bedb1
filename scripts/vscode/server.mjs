// Starts a fresh code-server (real VS Code 1.96 workbench + Node extension host) for one run:
// its own user-data and extensions dirs, an ephemeral port, its own process group.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRY } from './paths.mjs';
import { freePort, spawnGroup, waitForHttp } from './procs.mjs';

/** User settings that keep a fresh profile quiet: no welcome page, telemetry or update checks. */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.commandCenter.enabled': false,
};

/** Prepares `<runDir>/user-data` and `<runDir>/extensions`; returns their paths. */
export function prepareProfile(runDir, userSettings = {}) {
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_USER_SETTINGS, ...userSettings }, null, 2));
  writeFileSync(join(runDir, 'config.yaml'), 'auth: none\ncert: false\n');
  return { userDataDir, extensionsDir, configFile: join(runDir, 'config.yaml') };
}

/** Installs a .vsix into the profile's extensions dir (offline, a couple of seconds). */
export function installExtension(vsix, { userDataDir, extensionsDir }) {
  const out = execFileSync(process.execPath, [ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120000,
  });
  if (!/successfully installed/i.test(out)) throw new Error(`Installing ${vsix} did not report success:\n${out}`);
  return out.trim();
}

/** The server's environment: ours plus `env`, where a null value removes a variable. */
function serverEnv(env) {
  const merged = { ...process.env, ...env };
  // Our own test/debug knobs must not reach a nested Node (the extension host) by accident.
  delete merged.NODE_OPTIONS;
  delete merged.VSCODE_PROXY_URI;
  for (const [k, v] of Object.entries(merged)) if (v === null || v === undefined) delete merged[k];
  return merged;
}

/**
 * Starts code-server on `folder`. `env` is merged into the server's environment, which the extension
 * host inherits (that is how tests point the extension at the local Lambda endpoint).
 * Port in use (taken between probing and binding) → retries on another port.
 */
export async function startCodeServer({ runDir, folder, env = {}, port, userSettings, profile, startTimeoutMs = 90000, log = () => {} }) {
  const prof = profile ?? prepareProfile(runDir, userSettings);
  let lastError;
  for (let attempt = 0; attempt < 4; attempt++) {
    const p = attempt === 0 && port ? port : await freePort();
    const args = [
      ENTRY,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${p}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-file-downloads',
      '--user-data-dir', prof.userDataDir,
      '--extensions-dir', prof.extensionsDir,
      '--config', prof.configFile,
      folder,
    ];
    const started = Date.now();
    const proc = spawnGroup('code-server', process.execPath, args, {
      env: serverEnv(env),
      cwd: runDir,
      logFile: join(runDir, `code-server-${p}.log`),
    });
    try {
      await waitForHttp(`http://127.0.0.1:${p}/`, { statuses: [302], timeoutMs: startTimeoutMs, proc });
      log(`code-server ready on 127.0.0.1:${p} in ${((Date.now() - started) / 1000).toFixed(1)}s (pgid ${proc.pid})`);
      return { proc, port: p, url: `http://127.0.0.1:${p}`, profile: prof, stop: () => proc.stop() };
    } catch (e) {
      await proc.stop();
      lastError = e;
      if (!/EADDRINUSE|address already in use/i.test(proc.log())) break;
      log(`port ${p} was taken meanwhile; trying another`);
    }
  }
  throw lastError;
}
