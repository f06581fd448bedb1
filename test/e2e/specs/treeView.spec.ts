/** The Lambda view shows the local endpoint, both regions and their functions, and filters them. */
import { spec } from '../framework';

const VIEW = 'Functions';

export default spec('Lambda view: functions from the local server in two regions', async ({ step, wb, page, env }) => {
  await step('open the Lambda activity', async () => {
    await wb.ready();
    await wb.openActivity('Lambda');
    await wb.sidebarTitle().filter({ hasText: /lambda/i }).first().waitFor({ state: 'visible' });
  });

  await step('the connection line says "Local endpoint"', async () => {
    await wb.treeRow(VIEW, 'Local endpoint').waitFor({ state: 'visible' });
  });

  await step('each region shows its seeded functions', async () => {
    for (const region of env.regions) await wb.treeRow(VIEW, region).first().waitFor({ state: 'visible' });
    for (const fn of env.seeded) await wb.treeRow(VIEW, new RegExp(`^${fn.FunctionName}$`)).first().waitFor({ state: 'visible' });
  });

  await step('a function row shows its runtime', async () => {
    const row = wb.treeRow(VIEW, /^hello-cjs$/).first();
    await row.locator('.label-description', { hasText: 'nodejs22.x' }).waitFor({ state: 'visible' });
  });

  await step('the filter applies as you type, before Enter; Escape undoes it', async () => {
    await wb.runCommand('Lambda: Filter Functions…');
    await wb.quickInputBox().waitFor({ state: 'visible' });
    // Typed into the input box itself: a panel restored by an earlier spec may hold the keyboard focus.
    await wb.quickInputBox().pressSequentially('ord', { delay: 60 });
    // No Enter yet: the tree already shows only the matching function.
    await wb.treeRow(VIEW, /^hello-cjs$/).first().waitFor({ state: 'detached' });
    await wb.treeRow(VIEW, /^orders-esm$/).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await wb.treeRow(VIEW, /^hello-cjs$/).first().waitFor({ state: 'visible' });
  });

  await step('filtering by "orders" and pressing Enter keeps only orders-esm', async () => {
    await wb.runCommand('Lambda: Filter Functions…');
    await wb.answer('orders');
    await wb.treeRow(VIEW, /^orders-esm$/).first().waitFor({ state: 'visible' });
    await wb.treeRow(VIEW, /^hello-cjs$/).first().waitFor({ state: 'detached' });
    await wb.quickInput().waitFor({ state: 'hidden' });
    await wb.treeRow(VIEW, /^hello-cjs$/).first().waitFor({ state: 'detached' });
  });

  await step('clearing the filter brings the others back', async () => {
    await wb.runCommand('Lambda: Clear Function Filter');
    await wb.treeRow(VIEW, /^hello-cjs$/).first().waitFor({ state: 'visible' });
    await page.locator('.part.sidebar').screenshot();
  });
});
