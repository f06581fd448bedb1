/**
 * The `lambda-workbench` launch configuration (launch.json, F5): its type name, what VS Code
 * offers when a launch.json is created, and the check of what the user wrote. Pure (no `vscode`
 * import): the provider calls it, unit tests check it. Ranges and defaults are core's
 * (resolveLocalConfig validates them), so only the shape is checked here.
 */
import { WorkbenchError } from '../../core/errors';

export const DEBUG_TYPE = 'lambda-workbench';

/** A checked launch configuration: paths as written (after VS Code's variable substitution). */
export interface LaunchSpec {
  name: string;
  folder: string;
  handler?: string;
  /** A saved event file (relative to the folder) or the event itself. */
  event?: { file: string } | { inline: unknown };
  runtime?: string;
  timeout?: number;
  memorySize?: number;
  env?: Record<string, string>;
  /** The inspector's port on 127.0.0.1; 0 or absent = a free one. */
  port?: number;
}

function bad(message: string, path: string, hint?: string): WorkbenchError {
  return new WorkbenchError('validation', message, { hint, path });
}

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw bad(`"${key}" in the launch configuration must be a non-empty string.`, `$.${key}`);
  return v;
}

function optionalInt(raw: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`"${key}" in the launch configuration must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}.`, `$.${key}`);
  return v;
}

/** Checks a launch configuration's shape; throws WorkbenchError('validation') naming the field. */
export function parseLaunchConfig(raw: Record<string, unknown>): LaunchSpec {
  if (raw.request !== 'launch') throw bad(`A ${DEBUG_TYPE} configuration has "request": "launch", got ${JSON.stringify(raw.request)}.`, '$.request');
  const folder = optionalString(raw, 'folder');
  if (!folder) {
    throw bad('The launch configuration has no "folder": the function\'s folder to run.', '$.folder', 'Add "folder": "${workspaceFolder}" (or the sub-folder that holds the function).');
  }
  const env = raw.env;
  if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string'))) {
    throw bad('"env" in the launch configuration must be an object of string values.', '$.env', 'For example "env": { "TABLE_NAME": "orders" }.');
  }
  let event: LaunchSpec['event'];
  if (typeof raw.event === 'string') {
    if (raw.event.trim() === '') throw bad('"event" in the launch configuration is empty.', '$.event', 'Give a saved event file, e.g. ".lambda/events/fn/one.json", or the event as an object.');
    event = { file: raw.event };
  } else if (raw.event !== undefined) event = { inline: raw.event };
  // Other keys (preLaunchTask, presentation, …) are VS Code's own; the schema flags typos in the editor.
  return {
    name: typeof raw.name === 'string' && raw.name ? raw.name : 'Debug Lambda handler',
    folder,
    handler: optionalString(raw, 'handler'),
    event,
    runtime: optionalString(raw, 'runtime'),
    // 0 = no deadline while debugging; the upper bound is core's (resolveLocalConfig).
    timeout: optionalInt(raw, 'timeout', 0, Number.MAX_SAFE_INTEGER),
    memorySize: optionalInt(raw, 'memorySize', 1, Number.MAX_SAFE_INTEGER),
    env: env as Record<string, string> | undefined,
    port: optionalInt(raw, 'port', 0, 65535),
  };
}

/** What "Add Configuration…" and a new launch.json offer: the folder's bound handler, or a placeholder. */
export function initialConfiguration(handler = 'index.handler', folder = '${workspaceFolder}'): Record<string, unknown> {
  return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${handler} locally`, folder, handler };
}
