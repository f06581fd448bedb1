// Renders the Marketplace icon (media/icon.svg → media/icon.png, 128×128) in headless Chromium, so
// the PNG is reproducible from its committed source: `node scripts/render-icon.mjs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './vscode/browser.mjs';
import { ROOT } from './vscode/paths.mjs';

const svg = readFileSync(join(ROOT, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser({ viewport: { width: 128, height: 128 } });
try {
  await browser.page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await browser.page.locator('svg').screenshot({ path: join(ROOT, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icon.png written');
