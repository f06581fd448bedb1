// Where the offline VS Code (code-server from the npm registry) lives, and which version.
// 4.96.4 (VS Code 1.96.4) is the newest code-server whose `engines` accepts Node 20.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.96.4';
/** Bump when the install recipe changes so existing caches are rebuilt once. */
export const RECIPE = 1;
export const CACHE_DIR = process.env.LW_VSCODE_CACHE || join(ROOT, '.cache', 'vscode');
export const INSTALL_DIR = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const PACKAGE_DIR = join(INSTALL_DIR, 'node_modules', 'code-server');
export const VSCODE_DIR = join(PACKAGE_DIR, 'lib', 'vscode');
export const ENTRY = join(PACKAGE_DIR, 'out', 'node', 'entry.js');
export const STAMP = join(INSTALL_DIR, '.lambda-workbench-installed.json');
export const CHROMIUM = process.env.LW_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(ROOT, 'artifacts');
