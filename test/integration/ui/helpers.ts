/**
 * Shared helpers for the UI integration suites: the extension's API, settings that are restored
 * after a test, a direct SDK client for arranging state in the local Lambda API server, and
 * temporary function folders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import AdmZip from 'adm-zip';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaWorkbenchApi, TreeRow } from '../../../src/vscode/api';
import { eventually, testEnv } from '../testEnv';

export const EXTENSION_ID = 'lambda-workbench.lambda-workbench';

export async function workbenchApi(): Promise<LambdaWorkbenchApi> {
  const ext = vscode.extensions.getExtension<LambdaWorkbenchApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host.`);
  return ext.activate();
}

/** Sets workspace settings for the duration of `fn`, then puts the previous values back. */
export async function withSettings<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const config = () => vscode.workspace.getConfiguration('lambdaWorkbench');
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, config().inspect(k)?.workspaceValue]));
  for (const [k, v] of Object.entries(values)) await config().update(k, v, vscode.ConfigurationTarget.Workspace);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(previous)) await config().update(k, v, vscode.ConfigurationTarget.Workspace);
  }
}

export function sdk(region: string): LambdaClient {
  const endpoint = testEnv().endpoint;
  if (!endpoint) throw new Error('The local Lambda API server is not running (LAMBDA_WORKBENCH_ENDPOINT is unset).');
  return new LambdaClient({ region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

export async function rows(api: LambdaWorkbenchApi, parent?: TreeRow): Promise<TreeRow[]> {
  return api.getTreeChildren(parent?.node);
}

export async function regionRow(api: LambdaWorkbenchApi, region: string): Promise<TreeRow> {
  return eventually(`the ${region} row`, async () => (await rows(api)).find((r) => r.id === `region:${region}`));
}

/** The labels of a region's children once they stop being a placeholder for a request in flight. */
export async function regionLabels(api: LambdaWorkbenchApi, region: string): Promise<string[]> {
  return (await rows(api, await regionRow(api, region))).map((r) => r.label);
}

export const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}

/**
 * A new folder in the temp folder holding `files` (relative path → text, sub-folders made as
 * needed). `prefix` starts its name, so a leftover shows which suite made it; the caller removes it.
 */
export function tempFolder(prefix: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A one-file deployment package for arranging functions directly through the SDK. */
export function tinyZip(source = 'exports.handler = async (event) => ({ echo: event });\n'): Buffer {
  const zip = new AdmZip();
  zip.addFile('index.js', Buffer.from(source));
  return zip.toBuffer();
}
