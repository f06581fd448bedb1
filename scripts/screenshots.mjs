// Regenerates the README's pictures from the e2e suite: runs the specs in the real VS Code (the
// packaged .vsix in code-server, driven by headless Chromium) and copies the screenshots of chosen
// steps into media/screenshots/. The pictures are never drawn by hand, so they show what ships.
//
//   node scripts/screenshots.mjs              run the e2e suite, then copy
//   node scripts/screenshots.mjs --no-run     copy from the last run's artifacts/e2e/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS_DIR, ROOT } from './vscode/paths.mjs';

/** README picture → the e2e spec (its artifacts folder) and the step whose screenshot shows it. */
export const SHOTS = [
  { name: 'tree', spec: 'lambda-view-functions-from-the-local-server-in-two-regions', step: /each-region-shows-its-seeded-functions/ },
  { name: 'configuration', spec: 'configuration-webview-values-masking-hostile-content-save', step: /environment-values-are-masked/ },
  { name: 'local-invoke', spec: 'explorer-invoke-locally-on-a-handler-file-shows-the-result', step: /the-function-log-is-in-the-invoke-output/ },
  { name: 'deploy', spec: 'palette-deploy-of-the-workspace-folder', step: /a-notification-reports-the-deploy/ },
  { name: 'create-wizard', spec: 'create-a-function-short-wizard-roles-lambda-can-assume-creat', step: /the-role-picker-lists-roles-lambda-can-assume/ },
  { name: 'serve', spec: 'explorer-serve-locally-shows-the-handler-s-page-in-the-brows', step: /the-request-and-the-function-log-are-in-the-invoke-output/ },
];

const { values } = parseArgs({ options: { 'no-run': { type: 'boolean', default: false } } });
const E2E = join(ARTIFACTS_DIR, 'e2e');
if (!values['no-run']) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-e2e.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) console.error('The e2e run failed: copying whatever screenshots it took.');
}
const outDir = join(ROOT, 'media', 'screenshots');
mkdirSync(outDir, { recursive: true });
let missing = 0;
for (const shot of SHOTS) {
  const dir = join(E2E, shot.spec);
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.png') && !f.includes('FAILED') && shot.step.test(f)) : undefined;
  if (!file) {
    console.error(`missing: ${shot.name} (no step matching ${shot.step} in ${dir}); was the step renamed?`);
    missing++;
    continue;
  }
  copyFileSync(join(dir, file), join(outDir, `${shot.name}.png`));
  console.log(`media/screenshots/${shot.name}.png ← ${shot.spec}/${file}`);
}
process.exit(missing ? 1 : 0);
