/** The workbench loads with the packaged extension installed, and its activity-bar entry is there. */
import { spec } from './framework';

export default spec('smoke: workbench loads with the Lambda activity item', async ({ step, wb, page, env }) => {
  await step('the Explorer shows the example workspace', async () => {
    const folder = env.workspaceDir.split('/').pop() as string;
    await wb.openActivity('Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30000 });
    await page.locator('.part.sidebar').getByText(folder.toUpperCase(), { exact: false }).first().waitFor({ timeout: 30000 });
  });

  await step('the "Lambda" activity bar item exists', async () => {
    await wb.activityItem('Lambda').first().waitFor({ state: 'visible', timeout: 30000 });
  });

  await step('clicking it opens the Lambda sidebar', async () => {
    await wb.openActivity('Lambda');
    await wb.sidebarTitle().filter({ hasText: /lambda/i }).first().waitFor({ state: 'visible', timeout: 30000 });
  });
});
