/**
 * Runs the configuration page in headless Chromium exactly as the webview would: the host's own
 * HTML shell (same CSP, a real nonce), the page bundle built from source with esbuild, codicons
 * and CSS served from media/, and a fake `acquireVsCodeApi` that records what the page posts.
 * Everything the page requests, every console error, dialog and CSP violation is recorded so tests
 * can assert the page stays inert.
 */
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderPageHtml } from '../../src/vscode/configPanel/html';
import type { HostMessage, PageMessage } from '../../src/vscode/configPanel/protocol';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The browser globals the tests touch inside page.evaluate. The root tsconfig is Node-only (no DOM
 * lib), so callbacks cast `globalThis` to this; the type is erased, the callback runs in the page.
 */
export interface PageElement {
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
  classList: { contains(name: string): boolean };
  outerHTML: string;
  textContent: string | null;
  id: string;
  value: string;
}
export interface PageGlobals {
  document: {
    activeElement: PageElement | null;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    createElement(tag: string): PageElement;
    body: { append(node: unknown): void };
    addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  postMessage(message: unknown, targetOrigin: string): void;
  __posted: PageMessage[];
  __state: unknown;
  __violations: string[];
  __pwned?: unknown;
  __inline?: unknown;
  acquireVsCodeApi?: unknown;
}
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

export interface PageSession {
  page: Page;
  /** Messages the page posted (JSON copies), oldest first. */
  posted(): Promise<PageMessage[]>;
  /** The page's last `setState` value. */
  uiState(): Promise<unknown>;
  send(message: HostMessage): Promise<void>;
  /** Waits until the page has posted a message of this type, and returns the latest one. */
  waitForPosted<T extends PageMessage['type']>(type: T): Promise<Extract<PageMessage, { type: T }>>;
  requests: string[];
  consoleErrors: string[];
  dialogs: string[];
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

export class ConfigPageHarness {
  private browser: Browser | undefined;
  private server: http.Server | undefined;
  private outDir = '';
  origin = '';

  async start(): Promise<void> {
    this.outDir = mkdtempSync(path.join(tmpdir(), 'lw-config-page-'));
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'src', 'webview', 'config', 'main.mts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      outfile: path.join(this.outDir, 'config.js'),
      logLevel: 'warning',
    });
    this.server = http.createServer((req, res) => this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (this.outDir) rmSync(this.outDir, { recursive: true, force: true });
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    let file: string | undefined;
    if (url.pathname === '/index.html') {
      const html = renderPageHtml({
        cspSource: this.origin,
        scriptUri: `${this.origin}/dist/webview/config.js`,
        styleUris: [`${this.origin}/media/codicons/codicon.css`, `${this.origin}/media/config.css`],
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      // Chromium asks for it on its own; a webview never does. Answer so it is not a console error.
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/dist/webview/config.js') file = path.join(this.outDir, 'config.js');
    else if (/^\/media\/[\w./-]+$/.test(url.pathname) && !url.pathname.includes('..')) file = path.join(ROOT, url.pathname);
    try {
      if (!file) throw new Error('not found');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  }

  /** Opens a fresh page; `initialState` is what getState() returns (a restored webview). */
  async open(initialState?: unknown): Promise<PageSession> {
    if (!this.browser) throw new Error('start() first');
    const context = await this.browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => {
      if (!r.url().endsWith('/favicon.ico')) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript((state) => {
      const w = globalThis as unknown as PageGlobals;
      w.__posted = [];
      w.__state = state;
      w.__violations = [];
      let acquired = false;
      w.document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi may only be called once');
        acquired = true;
        return {
          postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => w.__state,
          setState: (s: unknown) => {
            w.__state = JSON.parse(JSON.stringify(s));
          },
        };
      };
    }, initialState ?? null);
    await page.goto(`${this.origin}/index.html`);
    const posted = () => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
    const session: PageSession = {
      page,
      posted,
      uiState: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__state),
      send: async (m) => {
        await page.evaluate((msg) => (globalThis as unknown as PageGlobals).postMessage(msg, '*'), m as unknown as Record<string, unknown>);
      },
      waitForPosted: async (type) => {
        await page.waitForFunction((t) => (globalThis as unknown as PageGlobals).__posted.some((m) => m.type === t), type);
        const all = await posted();
        return all.filter((m) => m.type === type).pop() as never;
      },
      requests,
      consoleErrors,
      dialogs,
      violations: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__violations),
      close: () => context.close(),
    };
    await session.waitForPosted('ready');
    return session;
  }
}
