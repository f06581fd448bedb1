/**
 * The user's Debug Locally path: a breakpoint set with a click in the gutter, right-click the handler
 * → "Debug Locally" → pick a saved event → VS Code's debugger pauses on that line (debug toolbar,
 * current-line marker) → Continue → the result opens. Then F5 with no launch.json on the same file:
 * VS Code's own debugger choice offers ours, and the same breakpoint pauses it.
 */
import { spec } from '../framework';

export default spec('Explorer: Debug Locally pauses at a gutter breakpoint and continues to the result', async ({ step, wb, page }) => {
  const editor = page.locator('.part.editor .monaco-editor').first();
  const logLine = editor.locator('.view-lines .view-line', { hasText: 'greeting ${name}' }).first();

  await step('the workbench is ready with the extension\'s contributions loaded', async () => {
    await wb.ready();
    await wb.activityItem('Lambda').first().waitFor({ state: 'visible' });
  });

  await step('open index.js from the Explorer', async () => {
    await wb.openActivity('Explorer');
    await wb.explorerItem('index.js').waitFor({ state: 'visible', timeout: 30000 });
    await wb.explorerItem('index.js').click();
    await logLine.waitFor({ state: 'visible', timeout: 30000 });
  });

  await step('click the gutter beside the console.log line: a breakpoint appears', async () => {
    // The editor may still be laying out (a line moving under the pointer): click once it is still, and again if no breakpoint came.
    for (let attempt = 1; ; attempt++) {
      await wb.untilStill(logLine);
      const line = await logLine.boundingBox();
      const margin = await editor.locator('.margin').first().boundingBox();
      if (!line || !margin) throw new Error('The editor has not laid out its lines yet.');
      await page.mouse.click(margin.x + 8, line.y + line.height / 2);
      try {
        await editor.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 5000 });
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  });

  await step('right-click index.js and choose "Debug Locally"', async () => {
    await wb.explorerContextMenu('index.js', /^Debug Locally$/);
  });

  await step('pick the saved event "named"', async () => {
    await wb.pick(/named/);
  });

  await step('the debugger pauses on the breakpoint line', async () => {
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60000 });
    await editor.locator('[class*="codicon-debug-stackframe"]').first().waitFor({ state: 'visible', timeout: 60000 });
    const marker = await editor.locator('[class*="codicon-debug-stackframe"]').first().boundingBox();
    const line = await logLine.boundingBox();
    if (!marker || !line || Math.abs(marker.y + marker.height / 2 - (line.y + line.height / 2)) > line.height) {
      throw new Error('The current-line marker is not on the console.log line.');
    }
  });

  await step('Continue (debug toolbar): the result opens with the response', async () => {
    await page.locator('.debug-toolbar .action-label.codicon-debug-continue').first().click();
    await wb.editorTabs().filter({ hasText: 'handler.json' }).first().waitFor({ state: 'visible', timeout: 60000 });
    const text = await wb.editorText();
    if (!text.includes('Hello, Ada!')) throw new Error(`The result does not contain the greeting:\n${text.slice(0, 500)}`);
  });

  await step('stop the session: the debug toolbar goes away', async () => {
    await page.locator('.debug-toolbar .action-label.codicon-debug-disconnect, .debug-toolbar .action-label.codicon-debug-stop').first().click();
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30000 });
  });

  await step('F5 with no launch.json, index.js active: VS Code offers "Lambda Handler (Lambda Workbench)"', async () => {
    await wb.editorTabs().filter({ hasText: /^index\.js$/ }).first().click();
    await logLine.waitFor({ state: 'visible', timeout: 30000 });
    await editor.click();
    await page.keyboard.press('F5');
    await wb.pick(/Lambda Handler \(Lambda Workbench\)/);
  });

  await step('pick the event: it pauses on the same breakpoint, and Continue opens the result', async () => {
    await wb.pick(/named/);
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60000 });
    await editor.locator('[class*="codicon-debug-stackframe"]').first().waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.debug-toolbar .action-label.codicon-debug-continue').first().click();
    await wb.editorTabs().filter({ hasText: 'handler.json' }).first().waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.debug-toolbar .action-label.codicon-debug-disconnect, .debug-toolbar .action-label.codicon-debug-stop').first().click();
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30000 });
  });
});
