/**
 * Editing in a real browser: instant validation, the dirty state, the exact save message, busy
 * progress, the conflict path (reload keeps and re-applies edits) and restoring a draft.
 */
import * as assert from 'node:assert/strict';
import type { PanelState } from '../../src/vscode/configPanel/protocol';
import { richFunction, richUrlConfig } from '../unit/configPanel/fixture';
import { ConfigPageHarness, type PageGlobals, type PageSession } from './configPageHarness';

const REF = { region: 'eu-west-1', functionName: 'orders-api' };

function state(extra: Partial<PanelState> = {}): PanelState {
  return { ref: REF, fn: richFunction(), url: richUrlConfig(), ...extra };
}

describe('configuration page: editing (Chromium)', function () {
  this.timeout(60_000);
  const harness = new ConfigPageHarness();
  let s: PageSession;

  before(async () => harness.start());
  after(async () => harness.stop());
  beforeEach(async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: state() });
    await s.page.locator('#field-memory').waitFor();
  });
  afterEach(async () => s.close());

  const save = () => s.page.getByRole('button', { name: 'Save', exact: true });
  const revert = () => s.page.getByRole('button', { name: 'Revert' });
  const dirty = () => s.page.locator('.dirty').innerText();

  it('starts clean, with Save and Revert disabled', async () => {
    assert.equal(await dirty(), 'No unsaved changes');
    assert.equal(await save().isDisabled(), true);
    assert.equal(await revert().isDisabled(), true);
  });

  it('validates memory, timeout and description as the user types', async () => {
    const memory = s.page.getByLabel('Memory');
    await memory.fill('64');
    assert.match(await s.page.locator('#msg-memory').innerText(), /Memory must be a whole number of MB from 128 to 10240/);
    assert.equal(await memory.getAttribute('aria-invalid'), 'true');
    assert.equal(await save().isDisabled(), true);
    assert.match(await dirty(), /fix the errors/);
    await memory.fill('10241');
    assert.match(await s.page.locator('#msg-memory').innerText(), /128 to 10240/);
    await memory.fill('abc');
    assert.match(await s.page.locator('#msg-memory').innerText(), /whole number/);
    await memory.fill('1024');
    assert.equal(await s.page.locator('#msg-memory').innerText(), '');
    assert.equal(await memory.getAttribute('aria-invalid'), null);
    assert.equal(await save().isEnabled(), true);

    await s.page.getByLabel('Timeout').fill('901');
    assert.match(await s.page.locator('#msg-timeout').innerText(), /Timeout must be a whole number of seconds from 1 to 900/);
    await s.page.getByLabel('Timeout').fill('0');
    assert.match(await s.page.locator('#msg-timeout').innerText(), /1 to 900/);
    await s.page.getByLabel('Timeout').fill('900');
    assert.equal(await s.page.locator('#msg-timeout').innerText(), '');

    await s.page.getByLabel('Description').fill('x'.repeat(257));
    assert.match(await s.page.locator('#msg-description').innerText(), /257 characters long; the limit is 256/);
    assert.match(await s.page.locator('#field-description-count').innerText(), /257 \/ 256/);
    await s.page.getByLabel('Description').fill('y'.repeat(256));
    assert.equal(await s.page.locator('#msg-description').innerText(), '');
  });

  it('validates environment names, reserved keys, duplicates and the 4 KB total', async () => {
    await s.page.getByRole('button', { name: 'Add variable' }).click();
    const key = s.page.locator('.env-row').last().locator('.env-key');
    assert.equal(await s.page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.classList.contains('env-key')), true, 'the new row’s name gets focus');
    await key.fill('1BAD');
    const msg = s.page.locator('.env-row').last().locator('.field-message');
    assert.match(await msg.innerText(), /"1BAD" is not a valid name/);
    await key.fill('AWS_REGION');
    assert.match(await msg.innerText(), /"AWS_REGION" is reserved/);
    await key.fill('LOG_LEVEL');
    assert.match(await msg.innerText(), /already defined above/);
    await key.fill('BIG');
    await s.page.locator('.env-row').last().locator('textarea').fill('v'.repeat(4100));
    assert.match(await s.page.locator('#msg-env').innerText(), /bytes; the limit is 4096 bytes/);
    assert.equal(await save().isDisabled(), true);
    await s.page.locator('.env-row').last().locator('textarea').fill('small');
    assert.equal(await s.page.locator('#msg-env').innerText(), '');
    assert.equal(await save().isEnabled(), true);
  });

  it('ignores an added row left blank', async () => {
    await s.page.getByRole('button', { name: 'Add variable' }).click();
    assert.equal(await dirty(), 'No unsaved changes');
    assert.equal(await save().isDisabled(), true);
  });

  it('sends exactly the edits and the RevisionId they were made against', async () => {
    await s.page.getByLabel('Memory').fill('1024');
    await s.page.getByLabel('Timeout').fill('30');
    await s.page.getByLabel('Description').fill('Takes and ships orders');
    // rename LOG_LEVEL -> LOGLEVEL, remove DATABASE_URL, change API_TOKEN, add NEW_ONE
    await s.page.getByRole('textbox', { name: 'Name of LOG_LEVEL' }).fill('LOGLEVEL');
    await s.page.getByRole('button', { name: 'Remove DATABASE_URL' }).click();
    await s.page.getByRole('button', { name: 'Show the value of API_TOKEN' }).click();
    await s.page.getByRole('textbox', { name: 'Value of API_TOKEN' }).fill('rotated');
    await s.page.getByRole('button', { name: 'Add variable' }).click();
    await s.page.locator('.env-row').last().locator('.env-key').fill('NEW_ONE');
    await s.page.locator('.env-row').last().locator('textarea').fill('line1\nline2');
    assert.equal(await dirty(), 'Unsaved changes');
    await save().click();
    const m = await s.waitForPosted('save');
    assert.deepEqual(m, {
      type: 'save',
      revisionId: 'rev-0001-aaaa',
      changes: {
        memorySize: 1024,
        timeout: 30,
        description: 'Takes and ships orders',
        environment: {
          set: [
            ['API_TOKEN', 'rotated'],
            ['LOGLEVEL', 'debug'],
            ['NEW_ONE', 'line1\nline2'],
          ],
          remove: ['DATABASE_URL', 'LOG_LEVEL'],
        },
      },
    });
  });

  it('saves with Ctrl+S, having already posted the draft for the host to keep', async () => {
    await s.page.getByLabel('Memory').fill('256');
    const draft = await s.waitForPosted('draft');
    assert.deepEqual(draft, { type: 'draft', changes: { memorySize: 256 } });
    await s.page.keyboard.press('Control+s');
    assert.deepEqual((await s.waitForPosted('save')).changes, { memorySize: 256 });
  });

  it('posts the draft with the change itself, so a close right after typing (or saving) asks about what the fields hold', async () => {
    // The host asks about its copy of the draft when the panel closes and the page has no say then.
    // A debounced draft lagged: typing 512 right after saving 256 left the host holding {256}, and
    // Cancel on the close prompt brought back 256.
    const lastDraft = async () => (await s.posted()).filter((m) => m.type === 'draft').at(-1);
    const memory = s.page.getByLabel('Memory');
    await memory.fill('256');
    assert.deepEqual(await lastDraft(), { type: 'draft', changes: { memorySize: 256 } });
    const saved = richFunction();
    saved.Configuration = { ...saved.Configuration, MemorySize: 256, RevisionId: 'rev-0002-bbbb' };
    await s.send({ type: 'state', state: state({ fn: saved }) });
    // The host's message is dispatched as a task of its own: wait for the page to have taken it.
    await s.page.locator('.dirty', { hasText: 'No unsaved changes' }).waitFor({ timeout: 5000 });
    assert.deepEqual(await lastDraft(), { type: 'draft', changes: null });
    await memory.fill('1024');
    assert.deepEqual(await lastDraft(), { type: 'draft', changes: { memorySize: 1024 } });
    await memory.press('Backspace');
    assert.deepEqual(await lastDraft(), { type: 'draft', changes: { memorySize: 102 } }, 'each keystroke, even an invalid value');
  });

  it('reverts to the loaded values', async () => {
    await s.page.getByLabel('Memory').fill('256');
    await revert().click();
    assert.equal(await s.page.getByLabel('Memory').inputValue(), '512');
    assert.equal(await dirty(), 'No unsaved changes');
  });

  it('shows progress and locks the form while a save runs', async () => {
    await s.page.getByLabel('Memory').fill('256');
    await s.send({ type: 'busy', busy: { label: 'Waiting for the update to finish…', detail: 'Last update: InProgress', locksEdits: true } });
    assert.equal(await s.page.getByRole('progressbar').isVisible(), true);
    assert.match(await s.page.locator('.busy-label').innerText(), /Waiting for the update to finish… Last update: InProgress/);
    assert.equal(await s.page.getByLabel('Memory').getAttribute('readonly'), '');
    assert.equal(await save().isDisabled(), true);
    assert.equal(await s.page.getByRole('button', { name: 'Add variable' }).isDisabled(), true);
    await s.send({ type: 'busy', busy: null });
    assert.equal(await s.page.getByRole('progressbar').isHidden(), true);
    assert.equal(await save().isEnabled(), true);
  });

  it('after a save, the new state makes the form clean and shows the saved message', async () => {
    await s.page.getByLabel('Memory').fill('256');
    const fn = richFunction();
    fn.Configuration!.MemorySize = 256;
    fn.Configuration!.RevisionId = 'rev-0002';
    await s.send({ type: 'state', state: state({ fn }) });
    await s.send({ type: 'saved', message: 'Saved: memory 256 MB.' });
    assert.equal(await dirty(), 'No unsaved changes');
    assert.equal(await s.page.getByLabel('Memory').inputValue(), '256');
    assert.match(await s.page.locator('.banner[role=status]').innerText(), /Saved: memory 256 MB/);
  });

  it('on a conflict, offers reload and re-applies the edits onto the newer configuration', async () => {
    await s.page.getByLabel('Memory').fill('2048');
    await s.page.getByRole('textbox', { name: 'Name of LOG_LEVEL' }).fill('VERBOSITY');
    await s.send({ type: 'conflict', message: 'This function was changed by someone else after you loaded it.', hint: 'Your edits are kept.' });
    const alert = s.page.getByRole('alert');
    assert.match(await alert.innerText(), /changed by someone else[\s\S]*edits are kept/);
    await alert.getByRole('button', { name: 'Reload and keep my edits' }).click();
    await s.waitForPosted('reload');
    // Meanwhile someone set the timeout to 60 and added a variable.
    const fn = richFunction();
    fn.Configuration!.Timeout = 60;
    fn.Configuration!.RevisionId = 'rev-0002-bbbb';
    fn.Configuration!.Environment!.Variables!.ADDED_REMOTELY = 'x';
    await s.send({ type: 'state', state: state({ fn }) });
    assert.equal(await s.page.getByLabel('Memory').inputValue(), '2048', 'my edit survives');
    assert.equal(await s.page.getByLabel('Timeout').inputValue(), '60', 'their edit shows');
    assert.equal(await s.page.getByRole('textbox', { name: 'Name of VERBOSITY' }).count(), 1);
    assert.equal(await s.page.getByRole('textbox', { name: 'Name of ADDED_REMOTELY' }).count(), 1);
    assert.equal(await s.page.getByRole('alert').count(), 0, 'the conflict banner is gone');
    await save().click();
    const m = await s.waitForPosted('save');
    assert.equal(m.revisionId, 'rev-0002-bbbb');
    assert.deepEqual(m.changes, { memorySize: 2048, environment: { set: [['VERBOSITY', 'debug']], remove: ['LOG_LEVEL'] } });
  });

  it('restores a draft the host kept while the page was hidden', async () => {
    await s.close();
    s = await harness.open({ v: 1, ref: REF, collapsed: [] });
    await s.send({ type: 'state', state: state({ draft: { timeout: 45, environment: { set: [['EXTRA', 'e']], remove: ['API_TOKEN'] } } }) });
    assert.equal(await s.page.getByLabel('Timeout').inputValue(), '45');
    assert.equal(await s.page.getByRole('textbox', { name: 'Value of EXTRA' }).inputValue(), 'e', 'rows the user added are visible');
    assert.equal(await s.page.getByRole('textbox', { name: 'Name of API_TOKEN' }).count(), 0);
    assert.equal(await dirty(), 'Unsaved changes');
  });

  it('shows host-side validation findings next to the field and in a summary', async () => {
    await s.page.getByLabel('Memory').fill('256');
    await s.send({ type: 'validation', issues: [{ path: '$.MemorySize', message: 'The core validator says no.' }, { path: '$.KMSKeyArn', message: 'Unplaced issue.' }] });
    assert.match(await s.page.locator('#msg-memory').innerText(), /The core validator says no/);
    assert.match(await s.page.getByRole('alert').innerText(), /Not saved[\s\S]*core validator says no[\s\S]*Unplaced issue/);
    await s.page.getByLabel('Memory').fill('257');
    assert.equal(await s.page.locator('#msg-memory').innerText(), '', 'typing clears findings about the old value');
  });

  it('is usable from the keyboard: sections toggle with Enter, controls have names', async () => {
    const toggle = s.page.getByRole('button', { name: /^Tags/ });
    await toggle.focus();
    await s.page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await s.page.locator('#sec-tags-body').isHidden(), true);
    await s.page.keyboard.press('Enter');
    assert.equal(await s.page.locator('#sec-tags-body').isVisible(), true);
    const unnamed = await s.page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return Array.from(document.querySelectorAll('button, input, textarea'))
        .filter((el) => !(el.getAttribute('aria-label') || el.textContent?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`))))
        .map((el) => el.outerHTML);
    });
    assert.deepEqual(unnamed, []);
  });
});
