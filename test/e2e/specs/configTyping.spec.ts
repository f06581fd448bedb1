/**
 * Typing into the configuration panel at a person's speed never loses a character (issue 16 item 1).
 * In the real workbench, Ctrl+A inside a webview used to reach the workbench too, which sent a
 * select-all back a moment later, after the first keys had been typed: "1024" became "024". Every
 * editable field kind is selected with Ctrl+A and retyped at 50 ms per key, 20 times, and each time
 * the field must hold exactly what was typed.
 */
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import AdmZip from 'adm-zip';
import type { Locator } from 'playwright-core';
import { spec } from '../framework';

const VIEW = 'Functions';
const TRIES = 20;
const KEY_DELAY_MS = 50;

export default spec(
  'configuration panel: Ctrl+A then typing at 50 ms per key loses nothing',
  async ({ step, wb, page, env, log }) => {
    const region = env.regions[0] ?? 'us-east-1';
    const name = `typing-e2e-${Date.now().toString(36)}`;
    const client = () => {
      if (!env.endpoint) throw new Error('The local Lambda API server is not running.');
      return new LambdaClient({ region, endpoint: env.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    };

    /** Selects the field's text with Ctrl+A, types `text` key by key, and returns what the field holds. */
    const retype = async (field: Locator, text: string): Promise<string> => {
      await field.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text, { delay: KEY_DELAY_MS });
      return field.inputValue();
    };

    const hammer = async (label: string, field: Locator, values: (i: number) => string): Promise<void> => {
      await field.waitFor({ state: 'visible', timeout: 30000 });
      const lost: string[] = [];
      for (let i = 0; i < TRIES; i++) {
        const want = values(i);
        const got = await retype(field, want);
        if (got !== want) lost.push(`typed ${JSON.stringify(want)}, field holds ${JSON.stringify(got)}`);
      }
      log(`${label}: ${TRIES - lost.length}/${TRIES} exact`);
      if (lost.length) throw new Error(`${label}: ${lost.length} of ${TRIES} tries lost characters:\n${lost.join('\n')}`);
    };

    await step('a function with an environment variable exists on the server', async () => {
      const zip = new AdmZip();
      zip.addFile('index.js', Buffer.from('exports.handler = async () => 1;\n'));
      await client().send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs22.x',
          Role: 'arn:aws:iam::123456789012:role/lambda-role',
          Handler: 'index.handler',
          Code: { ZipFile: zip.toBuffer() },
          Description: 'starting text',
          MemorySize: 128,
          Timeout: 3,
          Environment: { Variables: { GREETING: 'hello' } },
        }),
      );
    });

    try {
      await step('open its configuration panel', async () => {
        await wb.openActivity('Lambda');
        await wb.runCommand('Lambda: Refresh');
        const row = wb.treeRow(VIEW, new RegExp(`^${name}$`)).first();
        await row.waitFor({ state: 'visible', timeout: 60000 });
        await wb.chooseFromContextMenu(row, 'Open Configuration');
        // This function's panel, not another row's (the tree may still have been settling).
        await wb.editorTabs().filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 30000 });
        await wb.webview().locator('h1', { hasText: name }).waitFor({ state: 'visible', timeout: 60000 });
        await wb.webview().locator('#field-memory').waitFor({ state: 'visible', timeout: 60000 });
        await wb.webview().getByRole('button', { name: 'Show the value of GREETING' }).click();
        await wb.webview().getByRole('textbox', { name: 'Value of GREETING' }).waitFor({ state: 'visible' });
      });

      const view = wb.webview();
      await step('number field (memory)', () => hammer('memory', view.locator('#field-memory'), (i) => String(1024 + i * 37)), { timeoutMs: 120000 });
      await step('number field (timeout)', () => hammer('timeout', view.locator('#field-timeout'), (i) => String(300 + i * 11)), { timeoutMs: 120000 });
      await step('textarea (description)', () => hammer('description', view.locator('#field-description'), (i) => `Howdy ${i} abcdef`), { timeoutMs: 120000 });
      await step('text field (environment key)', () => hammer('env key', view.locator('.env-key').first(), (i) => `KEY_${i}_ABC`), { timeoutMs: 120000 });
      await step('textarea (environment value)', () => hammer('env value', view.locator('textarea.env-value').first(), (i) => `value-${i}-xyz`), { timeoutMs: 120000 });

      await step('the page counts the typed values as unsaved changes', async () => {
        await view.locator('.dirty', { hasText: 'Unsaved changes' }).waitFor({ state: 'visible' });
      });
    } finally {
      await client()
        .send(new DeleteFunctionCommand({ FunctionName: name }))
        .catch(() => undefined);
    }
  },
  { timeoutMs: 12 * 60000 },
);
