/**
 * Events: reading an event file (validated JSON, line and column on errors) and the workspace's
 * saved events, kept per function under `.lambda/events/<function>/<name>.json`.
 */
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { isWorkbenchError, WorkbenchError } from '../errors';
import { writeProductFile } from '../files/productFile';
import { readRegularTextFile } from '../files/regularFile';
import { parseEventJson, stripBom } from './eventJson';

export const EVENTS_DIR = path.join('.lambda', 'events');
const NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/;

export interface EventText {
  /** The JSON text, exactly as read. */
  text: string;
  event: unknown;
}

function checkName(kind: string, name: string): void {
  if (!NAME.test(name) || name.includes('..') || name.endsWith('.')) {
    throw new WorkbenchError('validation', `"${name}" is not a usable ${kind} name.`, { hint: 'Use letters, digits, spaces, dots, dashes and underscores (up to 100 characters).' });
  }
}

/**
 * Reads and validates an event file; errors name the file and, for bad JSON, the line and column.
 * Only regular files are read (a FIFO or device is refused, never waited on), and a UTF-8 byte
 * order mark is dropped, as the console's JSON editors do, so the handler gets plain JSON.
 */
export async function readEventFile(file: string): Promise<EventText> {
  let text: string;
  try {
    text = stripBom(await readRegularTextFile(file, 'The event file'));
  } catch (e) {
    if (isWorkbenchError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new WorkbenchError('validation', `Cannot read the event file ${file} (${code === 'ENOENT' ? 'it does not exist' : (code ?? (e as Error).message)}).`, {
      hint: 'Pass a readable JSON file, or - to read the event from standard input.',
      path: file,
    });
  }
  return { text, event: parseEventJson(text, `The event file ${file}`) };
}

export function savedEventsDir(workspace: string, functionName: string): string {
  checkName('function', functionName);
  return path.join(workspace, EVENTS_DIR, functionName);
}

export interface SavedEvent {
  name: string;
  file: string;
}

/** The saved events of a function, by name. None when the folder does not exist. */
export async function listSavedEvents(workspace: string, functionName: string): Promise<SavedEvent[]> {
  const dir = savedEventsDir(workspace, functionName);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f.slice(0, -5), file: path.join(dir, f) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function savedEventPath(workspace: string, functionName: string, name: string): string {
  checkName('event', name);
  return path.join(savedEventsDir(workspace, functionName), `${name}.json`);
}

export async function readSavedEvent(workspace: string, functionName: string, name: string): Promise<EventText> {
  return readEventFile(savedEventPath(workspace, functionName, name));
}

/**
 * Saves an event (a value, or JSON text that is validated and kept as written). Returns the file.
 */
export async function saveEvent(workspace: string, functionName: string, name: string, event: unknown, options: { json?: boolean } = {}): Promise<string> {
  const file = savedEventPath(workspace, functionName, name);
  let text: string;
  if (options.json) {
    text = String(event);
    parseEventJson(text, `The event "${name}"`);
  } else {
    text = JSON.stringify(event, null, 2);
  }
  // Never through a link, never over a non-file, never out of the workspace; atomic.
  return writeProductFile(file, text.endsWith('\n') ? text : text + '\n', { within: workspace, label: 'The saved event' });
}

export async function deleteSavedEvent(workspace: string, functionName: string, name: string): Promise<void> {
  await rm(savedEventPath(workspace, functionName, name), { force: true });
}
