/**
 * Driving the VS Code 1.96 web workbench as a person would, with selectors that are known to work
 * (see /work/shared/notes/real-vscode.md). Helpers wait for the UI; none sleeps a fixed time.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

const LONG = 30000;

export class Workbench {
  constructor(readonly page: Page) {}

  /**
   * The whole workbench has rendered and has loaded every extension's contributions. The second
   * part is what the palette needs: on a loaded machine the workbench draws long before the
   * extension host has been scanned, and a palette opened before that lists no "Lambda:" command
   * (and does not refresh its list when they arrive). VS Code marks that moment itself with the
   * performance mark `code/didLoadExtensions` (a native mark in the browser), so wait for it.
   */
  async ready(timeoutMs = 90000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.extensionsLoaded(timeoutMs);
  }

  /** VS Code's own signal that every extension's contributions (commands, menus, views) are registered. */
  async extensionsLoaded(timeoutMs = 90000): Promise<void> {
    await this.page.waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions').length > 0, undefined, { timeout: timeoutMs, polling: 100 });
  }

  activityItem(name: string): Locator {
    return this.page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${name}"]`);
  }

  /** Opens an activity-bar container ("Lambda", "Explorer"), unless it is already showing. */
  async openActivity(name: string): Promise<void> {
    const item = this.activityItem(name).first();
    await item.waitFor({ state: 'visible', timeout: LONG });
    // Clicking the selected item of a visible sidebar would hide the sidebar again.
    const li = item.locator('xpath=ancestor::li[1]');
    const selected = (await li.getAttribute('aria-selected')) === 'true';
    if (!(selected && (await this.page.locator('.part.sidebar').isVisible()))) await item.click();
    await this.page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: LONG });
  }

  /** The sidebar's title, e.g. "LAMBDA: FUNCTIONS" when a container holds a single view. */
  sidebarTitle(): Locator {
    return this.page.locator('.part.sidebar .composite.title .title-label');
  }

  /** Label elements of a custom tree view's rows, by the view's name (its aria-label). */
  treeRows(viewName: string): Locator {
    return this.page.locator(`.customview-tree [role=tree][aria-label="${viewName}"] .monaco-list-row .label-name`);
  }

  /** A tree row (the whole row) whose label has `text`. */
  treeRow(viewName: string, text: string | RegExp): Locator {
    return this.page.locator(`.customview-tree [role=tree][aria-label="${viewName}"] .monaco-list-row`).filter({ has: this.page.locator('.label-name', { hasText: text }) });
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  quickPickRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  /**
   * Runs a command from the palette by its "Category: Title" label, e.g. "Lambda: Deploy Workspace
   * Folder…". Waits on what the palette needs rather than on time: the extensions' contributions
   * loaded; the palette actually open (a key press that landed while focus was moving is pressed
   * again); and the command in the list, re-filtering when it is missing, because the palette
   * computes its list when the filter text changes (a command whose `when` context key is set a
   * moment later appears only after a new filter).
   */
  async runCommand(label: string, timeoutMs = LONG * 2): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());
    await this.extensionsLoaded(left());
    const row = this.quickPickRows().filter({ hasText: label }).first();
    for (;;) {
      if (!(await this.quickInputBox().isVisible())) {
        await this.page.keyboard.press('F1');
        const opened = await this.quickInputBox()
          .waitFor({ state: 'visible', timeout: Math.min(5000, left()) })
          .then(() => true, () => false);
        if (!opened) {
          if (Date.now() >= deadline) throw new Error(`The command palette did not open (F1) within ${timeoutMs / 1000}s.`);
          continue;
        }
      }
      await this.quickInputBox().fill(`>${label}`);
      const listed = await row.waitFor({ state: 'visible', timeout: Math.min(5000, left()) }).then(() => true, () => false);
      if (listed) break;
      if (Date.now() >= deadline) throw new Error(`The command palette does not offer "${label}" (waited ${timeoutMs / 1000}s).`);
      await this.quickInputBox().fill('>');
    }
    await this.page.keyboard.press('Enter');
  }

  /** Picks the quick-pick item with `text` (types it to filter first when `filter` is set). */
  async pick(text: string | RegExp, { filter }: { filter?: string } = {}): Promise<void> {
    await this.quickInput().waitFor({ state: 'visible', timeout: LONG });
    if (filter !== undefined) await this.quickInputBox().fill(filter);
    const row = this.quickPickRows().filter({ hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout: LONG });
    await row.click();
  }

  /** Types into an input box (showInputBox) and accepts it. */
  async answer(value: string): Promise<void> {
    await this.quickInputBox().waitFor({ state: 'visible', timeout: LONG });
    await this.quickInputBox().fill(value);
    await this.page.keyboard.press('Enter');
  }

  notifications(): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message');
  }

  /** Waits for a notification toast whose message matches, and returns it. */
  async notification(text: string | RegExp, timeoutMs = 60000): Promise<Locator> {
    const toast = this.notifications().filter({ hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  }

  /** A row of the Explorer by file or folder name. */
  explorerItem(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
  }

  /** Right-clicks a file in the Explorer and chooses a context-menu item by its label. */
  async explorerContextMenu(fileName: string, item: string | RegExp): Promise<void> {
    await this.openActivity('Explorer');
    const row = this.explorerItem(fileName);
    await row.waitFor({ state: 'visible', timeout: LONG });
    await this.chooseFromContextMenu(row, item);
  }

  /**
   * Opens `target`'s context menu and runs `item`. Two workbench behaviours make a plain click
   * flaky: a menu opened before an extension's contributions arrive lacks them (so reopen it), and
   * a menu can swallow a click that lands while it is still opening, leaving the item highlighted
   * and the menu open (so confirm with Enter, which runs the highlighted item). A list that is still
   * re-rendering (a tree refresh) can move another row under the pointer between finding the target
   * and clicking it, so the click waits until the target has stopped moving.
   */
  async chooseFromContextMenu(target: Locator, item: string | RegExp, attempts = 5): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu').first();
    for (let attempt = 1; ; attempt++) {
      await this.untilStill(target);
      await target.click({ button: 'right' });
      const entry = this.contextMenuItem(item);
      try {
        await entry.waitFor({ state: 'visible', timeout: 3000 });
      } catch (e) {
        await this.page.keyboard.press('Escape');
        if (attempt >= attempts) throw e;
        continue;
      }
      await entry.hover();
      await entry.click();
      try {
        await menu.waitFor({ state: 'hidden', timeout: 2000 });
        return;
      } catch {
        // Still open: the click was swallowed. The hovered item is the highlighted one.
        await this.page.keyboard.press('Enter');
        try {
          await menu.waitFor({ state: 'hidden', timeout: 2000 });
          return;
        } catch (e) {
          await this.page.keyboard.press('Escape');
          if (attempt >= attempts) throw e;
        }
      }
    }
  }

  /** Waits (up to 5 s) until `target` is at the same place in three readings 150 ms apart. */
  async untilStill(target: Locator): Promise<void> {
    const deadline = Date.now() + 5000;
    let last = '';
    let same = 0;
    while (Date.now() < deadline && same < 2) {
      const box = await target.boundingBox().catch(() => null);
      const now = box ? `${box.x},${box.y},${box.width},${box.height}` : '';
      same = now && now === last ? same + 1 : 0;
      last = now;
      if (same < 2) await this.page.waitForTimeout(150);
    }
  }

  /** An item of the open context menu (it lives in a shadow root, which Playwright pierces). */
  contextMenuItem(item: string | RegExp): Locator {
    return this.page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: item }).first();
  }

  /** The content of the active webview (two nested iframes, same origin). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Editor tab titles of the active group. */
  editorTabs(): Locator {
    return this.page.locator('.part.editor .tabs-container .tab .label-name');
  }

  /** Every editor tab of every group (text editors and webview panels alike). */
  allEditorTabs(): Locator {
    return this.page.locator('.part.editor .tabs-container .tab');
  }

  /**
   * Closes every editor, webview panels included, answering "Don't Save" to any save prompt (VS
   * Code's for dirty files, the configuration panel's for a draft), and waits until no tab is left.
   * Specs share one window: what one leaves open is restored into the next and takes the focus.
   */
  async closeAllEditors(timeoutMs = LONG * 2): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const dialog = this.page.locator('.monaco-dialog-box').first();
    const dontSave = dialog.locator('.dialog-buttons .monaco-button', { hasText: /Don't Save|Discard/ }).first();
    for (let round = 0; ; round++) {
      if (await dialog.isVisible()) {
        if (await dontSave.isVisible()) await dontSave.click();
        else await this.page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
        continue;
      }
      if ((await this.allEditorTabs().count()) === 0) return;
      if (Date.now() >= deadline) throw new Error(`${await this.allEditorTabs().count()} editor(s) still open after ${timeoutMs / 1000}s of closing them.`);
      // An open quick pick or menu would take the palette's key press.
      if (round > 0 || (await this.quickInput().isVisible())) await this.page.keyboard.press('Escape');
      await this.runCommand('View: Close All Editors', Math.max(5000, deadline - Date.now()));
      // Either the tabs go, or a save prompt comes up (handled in the next round).
      await this.page
        .waitForFunction("document.querySelectorAll('.part.editor .tabs-container .tab').length === 0 || document.querySelector('.monaco-dialog-box') !== null", undefined, {
          timeout: 10000,
          polling: 100,
        })
        .catch(() => {});
    }
  }

  /** The text of the visible editor (Monaco renders lines as .view-line). */
  async editorText(): Promise<string> {
    const lines = await this.page.locator('.part.editor .monaco-editor .view-lines .view-line').allInnerTexts();
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  /** Output panel text (e.g. a LogOutputChannel). */
  async outputText(): Promise<string> {
    const lines = await this.page.locator('.part.panel .monaco-editor .view-lines .view-line').allInnerTexts();
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }
}
