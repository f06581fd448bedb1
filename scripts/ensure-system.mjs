// Installs the Debian packages the real-VS-Code tests need (Chromium for Playwright, ripgrep for
// VS Code's search, libkrb5-dev + a C++ toolchain to build code-server's native modules) when any
// is missing. A no-op in a few milliseconds when everything is present, so every entry point can
// call it. Usable as a module (`ensureSystemPackages(names)`) or a script (`node scripts/ensure-system.mjs`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Debian package -> how to tell it is already there without asking dpkg (which is slower). */
export const PACKAGES = {
  chromium: () => existsSync('/usr/bin/chromium'),
  ripgrep: () => existsSync('/usr/bin/rg'),
  'libkrb5-dev': () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  python3: () => hasCommand('python3'),
  make: () => hasCommand('make'),
  'g++': () => hasCommand('g++'),
  // Packaging tests read archives back with a second reader, and bench/package compares with Info-ZIP.
  zip: () => hasCommand('zip'),
  unzip: () => hasCommand('unzip'),
};

const APT_TIMEOUT_MS = 15 * 60 * 1000;

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Names from `wanted` that are not installed yet. */
export function missingPackages(wanted = Object.keys(PACKAGES)) {
  return wanted.filter((name) => {
    const probe = PACKAGES[name];
    if (probe) return !probe();
    return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true;
  });
}

function apt(args, log) {
  const root = process.getuid?.() === 0;
  const cmd = root ? 'apt-get' : 'sudo';
  const full = root ? args : ['-n', 'apt-get', ...args];
  log(`  $ ${root ? '' : 'sudo '}apt-get ${args.join(' ')}`);
  try {
    execFileSync(cmd, full, {
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: APT_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (e) {
    const why = e.code === 'ETIMEDOUT' ? `timed out after ${APT_TIMEOUT_MS / 60000} min` : `exit ${e.status ?? e.code}`;
    throw new Error(
      `apt-get ${args[0]} failed (${why}).` +
        (root ? '' : ' Not running as root: install the packages yourself or allow passwordless sudo.'),
    );
  }
}

/**
 * Installs whichever of `wanted` are missing. Runs `apt-get update` first only when something has
 * to be installed (the package lists in a fresh container are often empty or stale).
 */
export function ensureSystemPackages(wanted = Object.keys(PACKAGES), { log = (m) => console.log(m) } = {}) {
  const missing = missingPackages(wanted);
  if (missing.length === 0) return [];
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with your package manager (this script knows apt only).`);
  }
  log(`Installing system packages: ${missing.join(', ')}`);
  apt(['update', '-q'], log);
  apt(['install', '-y', '-q', '--no-install-recommends', ...missing], log);
  const still = missingPackages(missing);
  if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
  return missing;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const names = process.argv.slice(2);
    const installed = ensureSystemPackages(names.length ? names : undefined);
    console.log(installed.length ? `Installed: ${installed.join(', ')}` : 'System packages: all present.');
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
