/**
 * The extension activates in the real VS Code host and registers every command its manifest
 * declares. A root-level hook activates it before any other suite can, so the time printed is the
 * real first activation (`await extension.activate()` in the host).
 */
import * as assert from 'assert';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'lambda-workbench.lambda-workbench';

interface ManifestCommand {
  command: string;
  title: string;
}

let activationMs: number | undefined;
let wasActiveBefore = false;

before(async function () {
  this.timeout(30000);
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) return; // the test below reports it
  wasActiveBefore = ext.isActive;
  const t0 = performance.now();
  await ext.activate();
  activationMs = performance.now() - t0;
  (globalThis as { lwActivationMs?: number }).lwActivationMs = wasActiveBefore ? undefined : activationMs;
  console.log(`Activation time: ${activationMs.toFixed(1)} ms${wasActiveBefore ? ' (already active before the suite: not a first activation)' : ' (first activation, measured in the extension host)'}`);
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
