/**
 * The configuration webview as a person meets it: right-click a function in the Lambda view, Open
 * Configuration; the panel shows the function's values inside its iframe, keeps a hostile
 * description inert (shown literally, nothing runs), masks environment values until revealed, and
 * saves an edit that the local Lambda API server then reports. Closing it with an unsaved edit asks
 * Save / Don't Save / Cancel in VS Code's own modal, clicked here: Cancel keeps the edit, a window
 * reload brings the panel back with it, Don't Save drops it.
 */
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import AdmZip from 'adm-zip';
import { spec } from '../framework';

const VIEW = 'Functions';
const HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>';
const SECRET = 'e2e-secret-value-7731';

export default spec('configuration webview: values, masking, hostile content, save', async ({ step, wb, page, env }) => {
  const region = env.regions[0] ?? 'us-east-1';
  const name = `cfg-e2e-${Date.now().toString(36)}`;
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const client = () => {
    if (!env.endpoint) throw new Error('The local Lambda API server is not running.');
    return new LambdaClient({ region, endpoint: env.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  };

  await step('a function with a hostile description exists on the server', async () => {
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from('exports.handler = async () => 1;\n'));
    await client().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/lambda-role',
        Handler: 'index.handler',
        Code: { ZipFile: zip.toBuffer() },
        Description: HOSTILE,
        MemorySize: 128,
        Timeout: 3,
        Environment: { Variables: { API_TOKEN: SECRET } },
      }),
    );
  });

  try {
    await step('the Lambda view lists it after a refresh', async () => {
      await wb.ready();
      await wb.openActivity('Lambda');
      await wb.runCommand('Lambda: Refresh');
      await wb.treeRow(VIEW, new RegExp(`^${name}$`)).first().waitFor({ state: 'visible', timeout: 60000 });
    });

    await step('right-click → Open Configuration opens the panel', async () => {
      const row = wb.treeRow(VIEW, new RegExp(`^${name}$`)).first();
      const tab = wb.editorTabs().filter({ hasText: name }).first();
      await wb.chooseFromContextMenu(row, 'Open Configuration');
      await tab.waitFor({ state: 'visible', timeout: 30000 });
    });

    const view = wb.webview();

    await step('the webview shows the function’s values', async () => {
      await view.locator('h1', { hasText: name }).waitFor({ state: 'visible', timeout: 60000 });
      await view.locator('#sec-general', { hasText: `arn:aws:lambda:${region}:` }).waitFor({ state: 'visible' });
      await view.locator('#sec-general', { hasText: 'nodejs20.x' }).waitFor({ state: 'visible' });
      const memory = await view.locator('#field-memory').inputValue();
      if (memory !== '128') throw new Error(`Memory shows "${memory}", expected 128.`);
      await view.locator('#sec-code', { hasText: 'Active' }).waitFor({ state: 'visible' });
    });

    await step('the hostile description is shown literally and nothing ran', async () => {
      const description = await view.locator('#field-description').inputValue();
      if (description !== HOSTILE) throw new Error(`The description field holds ${JSON.stringify(description)}.`);
      // VS Code adds its own bootstrap script to the frame, so count only what the data could add.
      const images = await view.locator('img').count();
      const injected = await view.locator('script', { hasText: 'alert' }).count();
      const handlers = await view.locator('[onerror], [onload], [onclick]').count();
      if (images + injected + handlers !== 0) throw new Error(`The page has ${images} <img>, ${injected} injected <script> and ${handlers} inline handler elements.`);
      await view.locator('#sec-general', { hasText: 'Description' }).waitFor({ state: 'visible' });
      if (dialogs.length) throw new Error(`A dialog opened: ${dialogs.join(', ')}`);
    });

    await step('environment values are masked until revealed', async () => {
      await view.locator('.env-row', { hasText: '' }).first().waitFor({ state: 'visible' });
      if ((await view.locator('#sec-environment').innerHTML()).includes(SECRET)) throw new Error('A masked value is in the page.');
      await view.getByRole('button', { name: 'Show the value of API_TOKEN' }).click();
      const value = await view.getByRole('textbox', { name: 'Value of API_TOKEN' }).inputValue();
      if (value !== SECRET) throw new Error('The revealed value is not the function’s value.');
    });

    await step('editing memory and saving updates the function', async () => {
      await view.locator('#field-memory').fill('256');
      await view.getByRole('button', { name: 'Save', exact: true }).click();
      await view.locator('.banner', { hasText: 'Saved' }).waitFor({ state: 'visible', timeout: 60000 });
      const c = (await client().send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
      if (c?.MemorySize !== 256) throw new Error(`The server reports MemorySize ${c?.MemorySize}, expected 256.`);
      const shown = await view.locator('#field-memory').inputValue();
      if (shown !== '256') throw new Error(`After saving the panel shows ${shown}.`);
    });

    const dialog = page.locator('.monaco-dialog-box').first();
    const button = (label: RegExp) => dialog.locator('.dialog-buttons .monaco-button', { hasText: label }).first();
    const memoryOnServer = async () => (await client().send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.MemorySize;

    await step('closing it with an unsaved edit asks Save, Don\'t Save or Cancel; Cancel keeps the edit', async () => {
      await view.locator('#field-memory').fill('512');
      await wb.editorTabs().filter({ hasText: new RegExp(`●\\s*${name}`) }).first().waitFor({ state: 'visible', timeout: 30000 });
      await wb.runCommand('View: Close Editor');
      await dialog.waitFor({ state: 'visible', timeout: 30000 });
      const labels = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((t) => t.trim());
      for (const want of ['Save', "Don't Save", 'Cancel']) if (!labels.includes(want)) throw new Error(`The close prompt offers ${labels.join(', ')}; "${want}" is missing.`);
      await button(/^Cancel$/).click();
      await dialog.waitFor({ state: 'hidden', timeout: 10000 });
      await wb.editorTabs().filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 30000 });
      for (let i = 0; ; i++) {
        const shown = await view.locator('#field-memory').inputValue().catch(() => '');
        if (shown === '512') break;
        if (i > 100) throw new Error(`After Cancel the panel shows memory "${shown}", not the unsaved 512.`);
        await page.waitForTimeout(300);
      }
      if ((await memoryOnServer()) !== 256) throw new Error('Cancel saved the edit.');
    });

    await step('a window reload brings the panel back with the unsaved 512', async () => {
      // The draft goes to SecretStorage 300 ms after the last change (and again as the extension deactivates).
      await page.waitForTimeout(1500);
      await wb.runCommand('Developer: Reload Window');
      await wb.ready();
      await wb.editorTabs().filter({ hasText: new RegExp(`●\\s*${name}`) }).first().waitFor({ state: 'visible', timeout: 60000 });
      const restored = wb.webview();
      for (let i = 0; ; i++) {
        const shown = await restored.locator('#field-memory').inputValue({ timeout: 1000 }).catch(() => '');
        if (shown === '512') break;
        if (i > 100) throw new Error(`After the reload the panel shows memory "${shown}", not the unsaved 512.`);
        await page.waitForTimeout(300);
      }
      await restored.locator('.dirty', { hasText: 'Unsaved changes' }).waitFor({ state: 'visible', timeout: 10000 });
      if ((await memoryOnServer()) !== 256) throw new Error('The reload saved the edit.');
    });

    await step('closing it again and choosing Don\'t Save closes it and saves nothing', async () => {
      await wb.runCommand('View: Close Editor');
      await dialog.waitFor({ state: 'visible', timeout: 30000 });
      await button(/^Don't Save$/).click();
      await wb.editorTabs().filter({ hasText: name }).first().waitFor({ state: 'hidden', timeout: 30000 });
      if ((await memoryOnServer()) !== 256) throw new Error('Don\'t Save saved the edit.');
    });
  } finally {
    await client()
      .send(new DeleteFunctionCommand({ FunctionName: name }))
      .catch(() => undefined);
  }
});
