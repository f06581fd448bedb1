/**
 * Hostile content stays inert: markup in a description, env key or value, tag, layer ARN, state
 * reason or an unknown field name shows as literal text; nothing runs, loads or logs an error.
 */
import * as assert from 'node:assert/strict';
import { hostileFunction, HOSTILE_IMG, HOSTILE_SCRIPT } from '../unit/configPanel/fixture';
import { ConfigPageHarness, type PageElement, type PageGlobals, type PageSession } from './configPageHarness';

describe('configuration page: hostile content (Chromium)', function () {
  this.timeout(60_000);
  const harness = new ConfigPageHarness();
  let s: PageSession;

  before(async () => harness.start());
  after(async () => harness.stop());
  afterEach(async () => s?.close());

  async function assertInert(): Promise<void> {
    assert.deepEqual(s.dialogs, [], 'no alert/confirm/prompt');
    assert.deepEqual(s.consoleErrors, [], 'no console error');
    assert.deepEqual(await s.violations(), [], 'nothing even tried to break the CSP');
    const allowed = new Set([`${harness.origin}/index.html`, `${harness.origin}/dist/webview/config.js`, `${harness.origin}/media/codicons/codicon.css`, `${harness.origin}/media/config.css`]);
    const unexpected = s.requests.filter((u) => !allowed.has(u) && !u.startsWith(`${harness.origin}/media/codicons/codicon.ttf`));
    assert.deepEqual(unexpected, [], 'no request beyond the page’s own assets');
    const dom = await s.page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return {
        pwned: w.__pwned,
        images: w.document.querySelectorAll('img').length,
        scripts: w.document.querySelectorAll('script').length,
        handlers: Array.from(w.document.querySelectorAll('*')).flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on'))),
      };
    });
    assert.deepEqual(dom, { pwned: undefined, images: 0, scripts: 1, handlers: [] });
  }

  it('shows markup from every data field as literal text and runs none of it', async () => {
    s = await harness.open();
    await s.send({
      type: 'state',
      state: {
        ref: { region: 'eu-west-1', functionName: 'orders-api' },
        fn: hostileFunction(),
        url: { FunctionUrl: `https://x.lambda-url.eu-west-1.on.aws/${HOSTILE_SCRIPT}`, AuthType: 'NONE', FunctionArn: HOSTILE_IMG, CreationTime: HOSTILE_IMG, LastModifiedTime: 'x' },
        connection: HOSTILE_IMG,
      },
    });
    await s.page.locator('h1').waitFor();
    // Reveal every value, so hostile values are in the DOM too.
    const show = s.page.getByRole('button', { name: /^Show the value of/ });
    while ((await show.count()) > 0) await show.first().click();
    assert.equal(await s.page.getByLabel('Description').inputValue(), HOSTILE_IMG);
    const values = await s.page.locator('textarea.env-value').evaluateAll((els) => els.map((e) => (e as unknown as PageElement).value));
    assert.deepEqual(values.sort(), [HOSTILE_IMG, HOSTILE_SCRIPT].sort());
    const keys = await s.page.locator('input.env-key').evaluateAll((els) => els.map((e) => (e as unknown as PageElement).value));
    assert.ok(keys.includes(`K${HOSTILE_IMG}`));
    const text = await s.page.locator('#app').innerText();
    for (const where of ['general', 'code', 'tags', 'layers', 'other', 'url']) {
      const t = await s.page.locator(`#sec-${where}`).innerText();
      assert.ok(t.includes('<img src=x onerror=') || t.includes('</script><script>'), `section ${where} shows the markup literally`);
    }
    assert.ok(text.includes(HOSTILE_SCRIPT) && text.includes(HOSTILE_IMG));
    // The hostile key also lands in attributes (aria-label): as an attribute value, never as markup.
    assert.equal(await s.page.getByRole('group', { name: `K${HOSTILE_IMG}` }).count(), 1);
    await assertInert();
  });

  it('stays inert when hostile text arrives in banners, progress and validation messages', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: { ref: { region: 'eu-west-1', functionName: HOSTILE_IMG }, error: { message: HOSTILE_IMG, hint: HOSTILE_SCRIPT } } });
    await s.send({ type: 'busy', busy: { label: HOSTILE_SCRIPT, detail: HOSTILE_IMG } });
    await s.send({ type: 'conflict', message: HOSTILE_IMG, hint: HOSTILE_SCRIPT });
    await s.send({ type: 'validation', issues: [{ path: HOSTILE_IMG, message: HOSTILE_SCRIPT }] });
    await s.send({ type: 'error', error: { message: HOSTILE_SCRIPT, hint: HOSTILE_IMG } });
    await s.send({ type: 'saved', message: HOSTILE_IMG });
    assert.ok((await s.page.locator('#app').innerText()).includes(HOSTILE_IMG));
    await assertInert();
  });

  it('ignores messages that are not from the protocol', async () => {
    s = await harness.open();
    await s.page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.postMessage('<img src=x onerror=alert(1)>', '*');
      w.postMessage({ type: 'html', html: '<img src=x onerror=alert(1)>' }, '*');
      w.postMessage(null, '*');
    });
    assert.match(await s.page.locator('#app').innerText(), /Loading configuration/);
    await assertInert();
  });

  it('serves the page under the strict CSP with a nonce on its only script', async () => {
    s = await harness.open();
    const csp = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const nonce = await s.page.locator('script').getAttribute('nonce');
    assert.ok(nonce && Buffer.from(nonce, 'base64').length === 16, 'a 16-byte base64 nonce');
    assert.equal(csp, `default-src 'none'; style-src ${harness.origin}; font-src ${harness.origin}; img-src ${harness.origin} data:; script-src 'nonce-${nonce}'`);
    // And the policy is live: a script without the nonce does not run.
    const ran = await s.page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      const el = w.document.createElement('script');
      el.textContent = 'window.__inline = 1';
      w.document.body.append(el);
      return w.__inline;
    });
    assert.equal(ran, undefined);
  });
});
