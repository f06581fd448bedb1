/**
 * Right-click a handler file → "Serve Locally" → the served URL, opened in the real browser, shows
 * the page the handler renders; then "Stop Serving" takes it down.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spec } from '../framework';

const PAGE_HANDLER = `// Renders a small HTML page from the request (written by the serveLocally e2e spec).
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><title>Served page</title><h1 id="greeting">Hello from Serve Locally</h1><p id="path">' + event.rawPath + '</p>',
});
`;

export default spec("Explorer: Serve Locally shows the handler's page in the browser", async ({ step, wb, page, env }) => {
  let url = '';
  await step('a handler that renders HTML is in the workspace', async () => {
    writeFileSync(path.join(env.workspaceDir, 'page.js'), PAGE_HANDLER);
    await wb.ready();
    await wb.activityItem('Lambda').first().waitFor({ state: 'visible' });
    // The Explorer learns of the new file from its watcher; under load, refresh it explicitly.
    for (let i = 0; ; i++) {
      const seen = await wb
        .explorerItem('page.js')
        .waitFor({ state: 'visible', timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      if (seen) break;
      if (i === 5) throw new Error('page.js never appeared in the Explorer');
      await wb.runCommand('Refresh Explorer');
    }
  });

  await step('right-click page.js and choose "Serve Locally"', async () => {
    await wb.explorerContextMenu('page.js', /^Serve Locally$/);
  });

  await step('a notification gives the URL on 127.0.0.1', async () => {
    const toast = await wb.notification(/Serving .* at http:\/\/127\.0\.0\.1:\d+/);
    const text = (await toast.textContent()) ?? '';
    url = /http:\/\/127\.0\.0\.1:\d+/.exec(text)?.[0] ?? '';
    if (!url) throw new Error(`No URL in the notification: ${text}`);
  });

  await step('the served URL in the browser shows the rendered page', async () => {
    const tab = await page.context().newPage();
    try {
      await tab.goto(`${url}/hello/world`);
      const heading = await tab.locator('#greeting').textContent({ timeout: 30000 });
      if (heading !== 'Hello from Serve Locally') throw new Error(`The page shows "${heading}"`);
      const shownPath = await tab.locator('#path').textContent();
      if (shownPath !== '/hello/world') throw new Error(`The page shows the path "${shownPath}"`);
      if ((await tab.title()) !== 'Served page') throw new Error(`The title is "${await tab.title()}"`);
    } finally {
      await tab.close();
    }
  });

  await step('the request and the function log are in the Invoke output', async () => {
    // The output view renders appended lines a moment later: wait for them.
    let text = '';
    for (let i = 0; i < 100; i++) {
      text = await wb.outputText();
      if (/GET \/hello\/world → 200/.test(text) && /REPORT RequestId/.test(text)) return;
      await page.waitForTimeout(300);
    }
    throw new Error(`No request line in the Invoke output:\n${text.slice(-800)}`);
  });

  await step('"Lambda: Stop Serving" stops the server', async () => {
    await wb.runCommand('Lambda: Stop Serving');
    const tab = await page.context().newPage();
    try {
      let refused = false;
      for (let i = 0; i < 50 && !refused; i++) {
        refused = await tab.goto(url).then(
          () => false,
          () => true,
        );
        if (!refused) await tab.waitForTimeout(200);
      }
      if (!refused) throw new Error(`${url} still answers after Stop Serving`);
    } finally {
      await tab.close();
    }
  });
});
