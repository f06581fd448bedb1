// Headless Debian Chromium driven by playwright-core (which downloads no browser of its own).
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, ROOT } from './paths.mjs';

const require = createRequire(join(ROOT, 'package.json'));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches a persistent context in a throw-away profile dir. Returns `{ context, page, close() }`;
 * close() also removes the profile. The viewport is fixed so screenshots compare across runs.
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, headless = process.env.LW_HEADFUL !== '1' } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run node scripts/ensure-system.mjs (apt-get install chromium).`);
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'lw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
    viewport,
    timeout: 60000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
