// Makes a fresh clone runnable: installs npm dependencies when node_modules is missing or older
// than package-lock.json, and regenerates files derived from dependencies. Quick when all is there.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(stamp) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(stamp).mtimeMs + 1000);
if (stale) {
  console.log('Installing npm dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
execSync(`node ${JSON.stringify(join(root, 'scripts', 'gen-regions.mjs'))}`, { cwd: root, stdio: 'inherit' });
