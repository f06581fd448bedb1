/**
 * Runs e2e specs (every `*.spec.js` under out/test/e2e) one after another, each in a fresh page of
 * the same browser against the same code-server. Called by scripts/run-e2e.mjs, which owns the
 * processes; this module only drives pages and writes artifacts.
 *
 * The specs share one window and one workspace, so each starts from the same state whatever ran
 * before it: after a spec every editor is closed (webview panels too, save prompts answered "Don't
 * Save") so nothing is restored into the next page, editors restored anyway are closed when the next
 * page opens, and whatever the spec added to the workspace (files, `services/wiz-*` folders) is
 * deleted, by comparing with the listing taken before the first spec.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { isSpec, slug, withTimeout, type E2eEnv, type Spec, type SpecContext, type StepOptions } from './spec';
import { Workbench } from './workbench';

export interface SpecResult {
  name: string;
  file: string;
  status: 'passed' | 'failed';
  failedStep?: string;
  error?: string;
  steps: { name: string; status: 'passed' | 'failed'; ms: number; screenshot?: string }[];
  ms: number;
}

export interface RunResult {
  passed: number;
  failed: number;
  pending: number;
  specs: SpecResult[];
}

export interface RunOptions {
  context: BrowserContext;
  /** The workbench URL to open for each spec (with ?folder=). */
  url: string;
  env: E2eEnv;
  artifactsDir: string;
  specsDir: string;
  grep?: string;
  log?: (message: string) => void;
  /** The workspace's listing before the first spec (runSpecs takes it); each spec's additions are deleted after it. */
  initialListing?: ReadonlySet<string>;
}

class StepFailed extends Error {}

const STEP_TIMEOUT_MS = 60000;
const SPEC_TIMEOUT_MS = 5 * 60000;

export function findSpecFiles(dir: string): string[] {
  const found: string[] = [];
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'framework') found.push(...findSpecFiles(full));
    else if (entry.name.endsWith('.spec.js')) found.push(full);
  }
  return found.sort();
}

export function loadSpecs(files: string[]): { spec: Spec; file: string }[] {
  const specs: { spec: Spec; file: string }[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Record<string, unknown>;
    const exported = Object.values(mod).flatMap((v) => (Array.isArray(v) ? v : [v]));
    const found = exported.filter(isSpec);
    if (found.length === 0) throw new Error(`${file} exports no spec: use \`export default spec('name', async ({ step }) => { ... })\`.`);
    specs.push(...found.map((spec) => ({ spec, file })));
  }
  return specs;
}

async function safeScreenshot(page: Page, file: string): Promise<string | undefined> {
  try {
    await page.screenshot({ path: file, timeout: 10000 });
    return file;
  } catch {
    return undefined;
  }
}

/** Walks `root` (`.git` left out), calling `visit` with each path relative to it; descends where `visit` says. */
function walkTree(root: string, visit: (rel: string, entry: fs.Dirent) => boolean): void {
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (visit(child, entry) && entry.isDirectory() && !entry.isSymbolicLink()) walk(child);
    }
  };
  walk('');
}

/** Every path below `root` (relative, `/`-separated), `.git` left out. */
export function listTree(root: string): Set<string> {
  const found = new Set<string>();
  walkTree(root, (rel) => {
    found.add(rel);
    return true;
  });
  return found;
}

/** Deletes what is below `root` now but was not in `initial` (the top-most added path of each addition); returns what it deleted. */
export function removeAdditions(root: string, initial: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  walkTree(root, (rel) => {
    if (initial.has(rel)) return true;
    fs.rmSync(path.join(root, rel), { recursive: true, force: true });
    removed.push(rel);
    return false;
  });
  return removed;
}

/** After a spec: close every editor and leave the page the way a person closes a tab, so the window's saved state holds no editors. */
async function resetWindow(page: Page, wb: Workbench, log: (m: string) => void): Promise<void> {
  try {
    await wb.closeAllEditors();
  } catch (e) {
    log(`    (reset: closing the editors failed: ${String((e as Error)?.message ?? e).split('\n')[0]}; the next spec closes what is restored)`);
  }
  // A navigation runs the workbench's shutdown, which writes its state; accept a "leave site?" prompt.
  page.on('dialog', (d) => void d.accept().catch(() => {}));
  await page.goto('about:blank', { timeout: 15000 }).catch(() => {});
}

async function runOne(spec: Spec, file: string, opts: RunOptions): Promise<SpecResult> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const dir = path.join(opts.artifactsDir, slug(spec.name));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result: SpecResult = { name: spec.name, file: path.basename(file), status: 'passed', steps: [], ms: 0 };
  const started = Date.now();
  const page = await opts.context.newPage();
  const consoleLog = fs.createWriteStream(path.join(dir, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
  const wb = new Workbench(page);
  let n = 0;
  let failed = false;

  const step = async (name: string, fn: () => Promise<void>, options: StepOptions = {}): Promise<void> => {
    if (failed) return; // an earlier step failed: the rest of the spec is skipped
    n++;
    const base = path.join(dir, `${String(n).padStart(2, '0')}-${slug(name)}`);
    const t0 = Date.now();
    try {
      await withTimeout(`Step "${name}"`, options.timeoutMs ?? STEP_TIMEOUT_MS, fn());
    } catch (e) {
      failed = true;
      const shot = await safeScreenshot(page, `${base}-FAILED.png`);
      result.steps.push({ name, status: 'failed', ms: Date.now() - t0, screenshot: shot });
      result.failedStep = name;
      result.error = (e as Error)?.stack ?? String(e);
      log(`    ✘ step ${n}: ${name} (${Date.now() - t0} ms)`);
      log(`      ${String((e as Error)?.message ?? e).split('\n').join('\n      ')}`);
      if (shot) log(`      screenshot: ${path.relative(process.cwd(), shot)}`);
      throw new StepFailed(name);
    }
    const shot = await safeScreenshot(page, `${base}.png`);
    result.steps.push({ name, status: 'passed', ms: Date.now() - t0, screenshot: shot });
    log(`    ✔ step ${n}: ${name} (${Date.now() - t0} ms)`);
  };

  const ctx: SpecContext = {
    page,
    wb,
    env: opts.env,
    step,
    screenshot: async (label) => (await safeScreenshot(page, path.join(dir, `${String(n).padStart(2, '0')}-${slug(label)}-extra.png`))) ?? '',
    log: (m) => log(`      ${m}`),
  };

  log(`  ${spec.name}  (${result.file})`);
  try {
    await withTimeout(`Spec "${spec.name}"`, spec.timeoutMs ?? SPEC_TIMEOUT_MS, (async () => {
      await step('open the workbench', async () => {
        await page.goto(opts.url, { waitUntil: 'domcontentloaded' });
        await wb.ready();
        // Editors an earlier spec left open (restored with the window) would take the focus.
        if ((await wb.allEditorTabs().count()) > 0) await wb.closeAllEditors();
      });
      await spec.fn(ctx);
    })());
  } catch (e) {
    if (!(e instanceof StepFailed)) {
      // A timeout of the whole spec, or an error thrown outside any step.
      failed = true;
      result.failedStep ??= '(outside a step)';
      result.error ??= (e as Error)?.stack ?? String(e);
      const shot = await safeScreenshot(page, path.join(dir, 'spec-FAILED.png'));
      log(`    ✘ ${String((e as Error)?.message ?? e)}${shot ? `\n      screenshot: ${path.relative(process.cwd(), shot)}` : ''}`);
    }
  } finally {
    await resetWindow(page, wb, log);
    result.ms = Date.now() - started;
    await page.close().catch(() => {});
    consoleLog.end();
    if (opts.initialListing) {
      const removed = removeAdditions(opts.env.workspaceDir, opts.initialListing);
      if (removed.length) log(`    (reset: removed what the spec added to the workspace: ${removed.join(', ')})`);
    }
  }
  result.status = failed ? 'failed' : 'passed';
  return result;
}

export async function runSpecs(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const files = findSpecFiles(opts.specsDir);
  let specs = loadSpecs(files);
  if (opts.grep) specs = specs.filter(({ spec }) => spec.name.includes(opts.grep as string));
  log(`${specs.length} spec(s) from ${files.length} file(s)`);
  const results: SpecResult[] = [];
  const initialListing = listTree(opts.env.workspaceDir);
  for (const { spec, file } of specs) results.push(await runOne(spec, file, { ...opts, initialListing }));
  const passed = results.filter((r) => r.status === 'passed').length;
  const run: RunResult = { passed, failed: results.length - passed, pending: 0, specs: results };
  fs.writeFileSync(path.join(opts.artifactsDir, 'results.json'), JSON.stringify(run, null, 2));
  return run;
}
