/**
 * Typed characters always arrive (issue 16 item 1), in a real browser: Ctrl+A in a text field does
 * not travel on to the webview frame's key forwarding (the workbench would answer it with a late
 * select-all that eats the next keys), and a state or busy message from the host arriving while the
 * user types neither moves focus nor changes the field's text. The same journey in the real
 * workbench is test/e2e/specs/configTyping.spec.ts.
 */
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { PanelState } from '../../src/vscode/configPanel/protocol';
import { richFunction, richUrlConfig } from '../unit/configPanel/fixture';
import { ConfigPageHarness, type PageSession } from './configPageHarness';

/** The page's document as the predicate sees it (this file compiles without the DOM library). */
type PageDocument = { document: { querySelector(selector: string): { value?: string } | null } };

const REF = { region: 'eu-west-1', functionName: 'orders-api' };

function state(revision: string, patch: (c: NonNullable<ReturnType<typeof richFunction>['Configuration']>) => void = () => undefined): PanelState {
  const fn = richFunction();
  fn.Configuration!.RevisionId = revision;
  patch(fn.Configuration!);
  return { ref: REF, fn, url: richUrlConfig() };
}

interface KeyWindow {
  __forwarded: string[];
  addEventListener(type: 'keydown', l: (e: { key: string; ctrlKey: boolean }) => void): void;
  document: { activeElement: { getAttribute(n: string): string | null } | null };
}

describe('configuration page: no lost keystrokes (Chromium)', function () {
  this.timeout(90_000);
  const harness = new ConfigPageHarness();
  let s: PageSession;

  before(async () => harness.start());
  after(async () => harness.stop());
  beforeEach(async () => {
    s = await harness.open();
    // What VS Code's webview frame does: a bubbling keydown listener on the content window that
    // forwards keys to the workbench. Installed after the page's own listeners, like the frame's.
    await s.page.evaluate(() => {
      const w = globalThis as unknown as KeyWindow;
      w.__forwarded = [];
      w.addEventListener('keydown', (e) => w.__forwarded.push(`${e.ctrlKey ? 'Ctrl+' : ''}${e.key}`));
    });
    await s.send({ type: 'state', state: state('rev-1') });
    await s.page.locator('#field-memory').waitFor();
    await s.page.getByRole('button', { name: 'Show the value of LOG_LEVEL' }).click();
  });
  afterEach(async () => s.close());

  const forwarded = () => s.page.evaluate(() => (globalThis as unknown as KeyWindow).__forwarded.splice(0));
  const focusKey = () => s.page.evaluate(() => (globalThis as unknown as KeyWindow).document.activeElement?.getAttribute('data-focus') ?? null);

  const fields: Array<{ kind: string; field: () => Locator; text: string }> = [
    { kind: 'number (memory)', field: () => s.page.locator('#field-memory'), text: '1024' },
    { kind: 'number (timeout)', field: () => s.page.locator('#field-timeout'), text: '300' },
    { kind: 'textarea (description)', field: () => s.page.locator('#field-description'), text: 'Howdy' },
    { kind: 'text (environment key)', field: () => s.page.locator('.env-key').nth(2), text: 'VERBOSITY' },
    { kind: 'textarea (environment value)', field: () => s.page.locator('textarea.env-value').first(), text: 'abcdef' },
  ];

  for (const { kind, field, text } of fields) {
    it(`${kind}: Ctrl+A selects the field's text and is not forwarded to the workbench`, async () => {
      const f = field();
      await f.click();
      await forwarded();
      await s.page.keyboard.press('Control+A');
      assert.deepEqual(await forwarded(), ['Ctrl+Control'], 'only the bare Ctrl press reaches the frame, not Ctrl+A');
      const selected = await f.evaluate((el: { selectionStart: number; selectionEnd: number; value: string }) => [el.selectionStart, el.selectionEnd, el.value.length]);
      assert.deepEqual(selected.slice(0, 2), [0, selected[2]], 'the browser selected the whole field');
      await s.page.keyboard.type(text, { delay: 20 });
      assert.equal(await f.inputValue(), text);
      // Other keys still reach the workbench (its own shortcuts keep working).
      assert.ok((await forwarded()).includes(text[0]));
    });

    it(`${kind}: a state push in the middle of typing keeps focus, caret and every character`, async () => {
      const f = field();
      await f.click();
      await s.page.keyboard.press('Control+A');
      const half = Math.ceil(text.length / 2);
      await s.page.keyboard.type(text.slice(0, half), { delay: 10 });
      const focused = await focusKey();
      // Someone else changed every edited field meanwhile (a reload, or a refresh after a deploy).
      await s.send({
        type: 'state',
        state: state('rev-2', (c) => {
          c.MemorySize = 4096;
          c.Timeout = 60;
          c.Description = 'Changed elsewhere';
          c.Environment = { Variables: { ...c.Environment?.Variables, LOG_LEVEL: 'trace' } };
        }),
      });
      assert.equal(await focusKey(), focused, 'focus stayed in the field');
      await s.page.keyboard.type(text.slice(half), { delay: 10 });
      assert.equal(await f.inputValue(), text);
    });
  }

  it('a typed value equal to the old one is not replaced by a push while the field has focus', async () => {
    const memory = s.page.locator('#field-memory');
    await memory.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.type('512', { delay: 10 });
    await s.send({ type: 'state', state: state('rev-2', (c) => (c.MemorySize = 4096)) });
    assert.equal(await memory.inputValue(), '512');
    assert.equal(await s.page.locator('.dirty').innerText(), 'Unsaved changes');
  });

  it('an empty row the user just added survives a push, with focus', async () => {
    await s.page.getByRole('button', { name: 'Add variable' }).click();
    const key = await focusKey();
    assert.match(key ?? '', /^env-key-\d+$/);
    await s.send({ type: 'state', state: state('rev-2') });
    assert.equal(await focusKey(), key);
    await s.page.keyboard.type('NEW_KEY', { delay: 10 });
    assert.equal(await s.page.getByRole('textbox', { name: 'Name of NEW_KEY' }).inputValue(), 'NEW_KEY');
  });

  it('a (re)load in progress leaves the fields editable; only a save locks them', async () => {
    const memory = s.page.locator('#field-memory');
    await s.send({ type: 'busy', busy: { label: 'Loading configuration…' } });
    assert.equal(await memory.getAttribute('readonly'), null);
    await memory.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.type('2048', { delay: 10 });
    await s.send({ type: 'busy', busy: null });
    await s.send({ type: 'state', state: state('rev-2', (c) => (c.Timeout = 30)) });
    // The page renders a pushed state on its next turn: wait for it rather than racing it.
    // A function, not a string: a string predicate is eval'd on each poll, which the page's CSP refuses.
    await s.page.waitForFunction(() => (globalThis as unknown as PageDocument).document.querySelector('#field-timeout')?.value === '30', undefined, { timeout: 10000 });
    assert.equal(await memory.inputValue(), '2048');
    assert.equal(await s.page.locator('#field-timeout').inputValue(), '30');
    await s.send({ type: 'busy', busy: { label: 'Saving…', locksEdits: true } });
    assert.equal(await memory.getAttribute('readonly'), '');
  });

  it('typing at 50 ms per key while the host pushes state every 120 ms loses nothing', async () => {
    const description = s.page.locator('#field-description');
    await description.click();
    await s.page.keyboard.press('Control+A');
    let n = 2;
    const timer = setInterval(() => void s.send({ type: 'state', state: state(`rev-${n++}`) }).catch(() => undefined), 120);
    try {
      await s.page.keyboard.type('The quick brown fox jumps', { delay: 50 });
    } finally {
      clearInterval(timer);
    }
    assert.ok(n > 4, 'several pushes happened while typing');
    assert.equal(await description.inputValue(), 'The quick brown fox jumps');
  });
});
