/**
 * The extension activates in the real VS Code host and registers every command its manifest
 * declares. A root-level hook activates it before any other suite can, so the time printed is the
 * real first activation of Lambda Workbench (`await extension.activate()` in the host).
 *
 * The same hook activates an empty baseline extension (test/fixtures/baseline-extension, put into
 * the run's extensions dir by scripts/run-integration.mjs) in the same host, so VS Code's own
 * per-extension work (loading the main file through the host's require, building the
 * ExtensionContext, readying globalState/workspaceState over RPC to the window) is measured next to
 * ours and subtracted. Order, and why:
 * - An empty warm-up extension is activated first. Whichever extension the host activates first
 *   through the API pays a one-time 20-35 ms (measured: the same empty extension takes ~45 ms first,
 *   ~12 ms second), which is neither ours nor the baseline's; in a real window other extensions have
 *   usually paid it already. Its time is printed too.
 * - Then ours, then the baseline: ours must still be activated before any other suite touches it,
 *   and if being second rather than third matters at all it favours the baseline, so the
 *   difference errs against us.
 * LW_ACTIVATION_ORDER=baseline-first swaps ours and the baseline, and =cold skips the warm-up (ours
 * then carries the one-time cost), to check how much the order moves the numbers
 * (bench/activation.md).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'lambda-workbench.lambda-workbench';
export const BASELINE_ID = 'lambda-workbench.baseline-extension';
const WARMUP_ID = 'lambda-workbench.baseline-warmup-extension';

interface ManifestCommand {
  command: string;
  title: string;
}

interface Measured {
  /** `await extension.activate()`, ms. */
  totalMs: number;
  /** Reading + compiling + evaluating the extension's main file through the host's require, ms. */
  requireMs: number | undefined;
}

let activationMs: number | undefined;
let wasActiveBefore = false;

/**
 * Times the host's `require` of each extension's main file during `activate`: the host loads the
 * main module with Node's CommonJS loader, so wrapping the `.js` handler sees exactly that load.
 */
async function measureActivation(ext: vscode.Extension<unknown>): Promise<Measured> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module') as { _extensions: Record<string, (m: unknown, filename: string) => void> };
  const original = Module._extensions['.js'];
  const main = path.resolve(ext.extensionPath, (ext.packageJSON as { main?: string }).main ?? 'index.js');
  let requireMs: number | undefined;
  Module._extensions['.js'] = function (this: unknown, m: unknown, filename: string) {
    if (path.resolve(filename).replace(/\.js$/, '') !== main.replace(/\.js$/, '')) return original.call(this, m, filename);
    const t = performance.now();
    try {
      return original.call(this, m, filename);
    } finally {
      requireMs = performance.now() - t;
    }
  };
  try {
    const t0 = performance.now();
    await ext.activate();
    return { totalMs: performance.now() - t0, requireMs };
  } finally {
    Module._extensions['.js'] = original;
  }
}

const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(1)} ms`);

before(async function () {
  this.timeout(30000);
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) return; // the test below reports it
  wasActiveBefore = ext.isActive;
  const activeBefore = vscode.extensions.all.filter((e) => e.isActive).length;
  const fresh = (id: string) => {
    const e = vscode.extensions.getExtension(id);
    return e && !e.isActive ? e : undefined;
  };
  const order = process.env.LW_ACTIVATION_ORDER ?? 'ours-first';
  const warmupExt = order === 'cold' ? undefined : fresh(WARMUP_ID);
  const baselineExt = fresh(BASELINE_ID);
  const warmup = warmupExt ? await measureActivation(warmupExt) : undefined;
  const baseFirst = order === 'baseline-first' && baselineExt ? await measureActivation(baselineExt) : undefined;
  const ours = await measureActivation(ext);
  const base = baseFirst ?? (baselineExt && !baselineExt.isActive ? await measureActivation(baselineExt) : undefined);
  activationMs = ours.totalMs;
  (globalThis as { lwActivationMs?: number }).lwActivationMs = wasActiveBefore ? undefined : activationMs;
  console.log(`Activation time: ${activationMs.toFixed(1)} ms${wasActiveBefore ? ' (already active before the suite: not a first activation)' : ' (first activation, measured in the extension host)'}`);
  if (wasActiveBefore) return;
  const timings = (ext.exports as { timings?: { activateMs: number } } | undefined)?.timings;
  const sequence = [warmup && 'warm-up', baseFirst ? 'baseline, ours' : 'ours, baseline'].filter(Boolean).join(', ');
  console.log(`Activation order: ${sequence} (${activeBefore} extension(s) already active in the host${warmup ? `; the warm-up took ${warmup.totalMs.toFixed(1)} ms` : ''})`);
  if (base) {
    console.log(`Activation time: ours ${ours.totalMs.toFixed(1)} ms, empty baseline extension ${base.totalMs.toFixed(1)} ms, difference ${(ours.totalMs - base.totalMs).toFixed(1)} ms`);
  } else {
    console.log(`Activation time: no baseline extension (${BASELINE_ID}) in this host (only the code-server route installs it)`);
  }
  console.log(`Activation breakdown: require of the main file: ours ${ms(ours.requireMs)}, baseline ${ms(base?.requireMs)}; our activate() body ${ms(timings?.activateMs)}`);
  // A side file next to the suite's result file (index.ts owns that one), for bench/activation.mjs.
  const resultFile = process.env.LW_TEST_RESULT_FILE;
  if (resultFile) {
    const detail = { order: sequence, activeBefore, warmup, ours, baseline: base, activateBodyMs: timings?.activateMs };
    fs.writeFileSync(path.join(path.dirname(resultFile), 'activation-detail.json'), JSON.stringify(detail));
  }
});

describe('activation', () => {
  it('finds the extension in the host', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `Extension ${EXTENSION_ID} is not loaded. Installed: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ') || 'none'}`);
  });

  it('activates without throwing', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'The extension is not active after activate().');
    assert.ok(activationMs !== undefined);
  });

  it('registers every command declared in contributes.commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const declared = ((ext.packageJSON as { contributes?: { commands?: ManifestCommand[] } }).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands in contributes.commands.');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `Declared in package.json but not registered by activate(): ${missing.join(', ')}`);
  });

  it('declares an activation event for every command, and none that start it eagerly', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const manifest = ext.packageJSON as { activationEvents?: string[] };
    const events = manifest.activationEvents ?? [];
    const eager = events.filter((e) => e === '*' || e === 'onStartupFinished');
    assert.deepStrictEqual(eager, [], 'Activation must be lazy (onView / onCommand only).');
  });
});
