/** "Lambda: Go to Function…" searches every shown region in parallel and leads to the function's actions. */
import { spec } from '../framework';

export default spec('Go to Function: search both regions, then act on the function', async ({ step, wb, page }) => {
  await step('the workbench is ready with the extension\'s contributions loaded', async () => {
    await wb.ready();
    await wb.activityItem('Lambda').first().waitFor({ state: 'visible' });
  });

  await step('the picker lists functions from both regions', async () => {
    // A configuration panel restored from an earlier spec can take the focus as it loads, which
    // closes a quick pick opened in that moment: open it again (bounded) when that happens.
    for (let attempt = 1; ; attempt++) {
      await wb.runCommand('Lambda: Go to Function…');
      const shown = await wb.quickPickRows().filter({ hasText: 'hello-cjs' }).first().waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error('Go to Function never listed hello-cjs');
      await page.keyboard.press('Escape');
    }
    await wb.quickPickRows().filter({ hasText: 'greeter-ts' }).first().waitFor({ state: 'visible' });
  });

  await step('typing narrows the list; choosing a function offers its actions', async () => {
    await wb.pick(/greeter-ts/, { filter: 'greeter' });
    await wb.quickPickRows().filter({ hasText: 'Open Configuration' }).first().waitFor({ state: 'visible' });
    await wb.quickPickRows().filter({ hasText: 'Delete…' }).first().waitFor({ state: 'visible' });
  });

  await step('"Copy Name" copies it and says so in the status bar', async () => {
    await wb.pick(/Copy Name/);
    await page.locator('.part.statusbar', { hasText: 'Copied greeter-ts' }).waitFor({ state: 'visible' });
  });
});
