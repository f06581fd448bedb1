/**
 * A remote invoke with a one-off payload, as a person does it: right-click the function, Invoke…,
 * "Enter a payload…" beside the saved and sample events, invalid JSON is refused while typing, the
 * response opens, and the next invoke offers the payload again. The event picker's hints and the
 * "New Event…" hint are shown whole, not cut off.
 */
import type { Locator } from 'playwright-core';
import { spec } from '../framework';

const VIEW = 'Functions';

/** True when an element's text is wider than its box (an ellipsis). */
async function truncated(el: Locator): Promise<boolean> {
  return el.evaluate((node) => node.scrollWidth > node.clientWidth + 1);
}

export default spec('remote invoke: "Enter a payload…" with validation, remembered per function', async ({ step, wb, page }) => {
  const row = () => wb.treeRow(VIEW, /^hello-cjs$/).first();
  const openInvoke = async () => {
    await wb.chooseFromContextMenu(row(), /^Invoke…$/);
    await wb.quickPickRows().filter({ hasText: 'Enter a payload…' }).first().waitFor({ state: 'visible' });
  };

  await step('the Lambda view lists hello-cjs', async () => {
    await wb.ready();
    await wb.openActivity('Lambda');
    await row().waitFor({ state: 'visible', timeout: 60000 });
  });

  await step('Invoke… offers "Enter a payload…" next to the saved and sample events, hints uncut', async () => {
    await openInvoke();
    await wb.quickPickRows().filter({ hasText: 'named' }).first().waitFor({ state: 'visible' });
    await wb.quickPickRows().filter({ hasText: 'Sample Event…' }).first().waitFor({ state: 'visible' });
    const descriptions = wb.quickPickRows().locator('.label-description');
    for (let i = 0; i < (await descriptions.count()); i++) {
      const d = descriptions.nth(i);
      if ((await d.isVisible()) && (await truncated(d))) throw new Error(`The hint "${await d.innerText()}" is cut off.`);
    }
  });

  await step('invalid JSON is refused while typing', async () => {
    await wb.pick('Enter a payload…');
    await wb.quickInputBox().waitFor({ state: 'visible' });
    await wb.quickInputBox().fill('{"name": ');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /not valid JSON \(line 1, column \d+\)/ }).waitFor({ state: 'visible' });
  });

  await step('a valid payload is sent and the response opens', async () => {
    await wb.quickInputBox().fill('{"name": "E2E"}');
    await page.keyboard.press('Enter');
    await wb.editorTabs().filter({ hasText: 'response.json' }).first().waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'Hello, E2E!' }).first().waitFor({ state: 'visible', timeout: 30000 });
  });

  await step('the next invoke offers the last payload again', async () => {
    await openInvoke();
    await wb.quickPickRows().filter({ hasText: 'last: {"name": "E2E"}' }).first().waitFor({ state: 'visible' });
    await wb.pick('Enter a payload…');
    // The input box replaces the picker: wait for its prompt, then read what it holds.
    await page.locator('.quick-input-widget', { hasText: 'The event as JSON' }).waitFor({ state: 'visible' });
    const value = await wb.quickInputBox().inputValue();
    if (value !== '{"name": "E2E"}') throw new Error(`The payload box holds ${JSON.stringify(value)}, not the last payload.`);
    await page.keyboard.press('Escape');
  });

  await step('"New Event…" saves an event and its hint is shown whole', async () => {
    await openInvoke();
    await wb.pick('New Event…');
    await wb.answer(`e2e-${Date.now().toString(36)}`);
    await wb.pick(/^Empty/);
    const toast = await wb.notification(/Edit the event, then click "Invoke" above it\./);
    if (await truncated(toast)) throw new Error('The hint that explains events is cut off.');
  });
});
