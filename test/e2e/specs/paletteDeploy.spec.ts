/**
 * "Lambda: Deploy Workspace Folder…" from the command palette: the workspace's binding names the
 * function, the first deploy shows the package preview and asks, and the final notification says
 * what happened and offers Invoke and Open Configuration.
 */
import { spec } from '../framework';

export default spec('palette deploy of the workspace folder', async ({ step, wb, page }) => {
  // Other specs may have added function sub-folders to the shared workspace: then the palette asks
  // which folder, and this spec deploys the workspace root (bound to hello-cjs).
  const deployRoot = async () => {
    await wb.runCommand('Lambda: Deploy Workspace Folder…');
    const picker = wb.quickPickRows().filter({ hasText: 'hello-cjs · us-east-1' }).first();
    if (await picker.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) await picker.click();
  };

  await step('the workbench is ready', async () => {
    await wb.ready();
    await wb.openActivity('Explorer');
  });

  await step('run "Lambda: Deploy Workspace Folder…"', async () => {
    await deployRoot();
  });

  await step('the package preview opens and the deploy asks for confirmation', async () => {
    await wb.editorTabs().filter({ hasText: /\.md$/ }).first().waitFor({ state: 'visible', timeout: 60000 });
    const text = await wb.editorText();
    if (!/Package preview/.test(text) || !/index\.js/.test(text)) throw new Error(`The preview does not list index.js:\n${text.slice(0, 500)}`);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.dialog-message-text', { hasText: /Deploy ".*" to hello-cjs in us-east-1\?/ }).waitFor({ state: 'visible' });
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Deploy' }).click();
  });

  await step('a notification reports the deploy and offers the next steps', async () => {
    const toast = page.locator('.notifications-toasts .monaco-list-row').filter({ hasText: /(Created|Deployed) hello-cjs in us-east-1|hello-cjs in us-east-1 is unchanged/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 90000 });
    await toast.locator('.monaco-button', { hasText: 'Invoke…' }).waitFor({ state: 'visible', timeout: 5000 });
    await toast.locator('.monaco-button', { hasText: 'Open Configuration' }).waitFor({ state: 'visible', timeout: 5000 });
  });

  await step('deploying again is reported as unchanged, without a preview', async () => {
    await wb.runCommand('Notifications: Clear All Notifications');
    await deployRoot();
    await wb.notification(/hello-cjs in us-east-1 is unchanged/, 90000);
    if (await page.locator('.monaco-dialog-box').isVisible()) throw new Error('The second deploy of the folder asked again with the package preview.');
  });
});
