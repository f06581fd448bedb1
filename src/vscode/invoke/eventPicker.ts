/**
 * Choosing an event for an invoke: a saved event (`.lambda/events/<function>/<name>.json`), a
 * payload typed on the spot (the last one remembered per function), a sample event, the JSON
 * document in the active editor, or a new saved event to edit first.
 */
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { writeProductFile } from '../../core/files/productFile';
import { parsePayload } from './jsonPayload';

export interface SampleEvent {
  name: string;
  description?: string;
  payload: string;
}

export interface ChosenEvent {
  /** Shown in logs and result titles: "world.json", "sample: S3 Put". */
  label: string;
  /** The JSON text, already checked to parse. */
  payload: string;
  /** Where it came from, when it is a file. */
  uri?: vscode.Uri;
}

/** `.lambda/events/<function>` under a folder. */
export function eventsDir(folder: vscode.Uri, functionName: string): vscode.Uri {
  return vscode.Uri.joinPath(folder, '.lambda', 'events', safeSegment(functionName));
}

function safeSegment(name: string): string {
  return name.replace(/[^\w.-]+/g, '_');
}

export async function listSavedEvents(folder: vscode.Uri, functionName: string): Promise<vscode.Uri[]> {
  const dir = eventsDir(folder, functionName);
  try {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    return entries
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.json'))
      .map(([name]) => vscode.Uri.joinPath(dir, name))
      .sort((a, b) => a.path.localeCompare(b.path));
  } catch {
    return [];
  }
}

/** Reads and checks an event file; invalid JSON is reported with its line and column, and the cursor goes there. */
export async function readEventFile(uri: vscode.Uri): Promise<ChosenEvent> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return checkedEvent(text, basename(uri), uri);
}

export async function checkedEvent(text: string, label: string, uri?: vscode.Uri): Promise<ChosenEvent> {
  const parsed = parsePayload(text, label);
  if (!parsed.ok) {
    if (uri && parsed.line !== undefined) {
      const pos = new vscode.Position(parsed.line - 1, (parsed.column ?? 1) - 1);
      void vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), preview: false });
    }
    throw new WorkbenchError('validation', parsed.message, { hint: 'Fix the JSON and invoke again.' });
  }
  return { label, payload: parsed.text, uri };
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

interface EventItem extends vscode.QuickPickItem {
  pick: () => Promise<ChosenEvent | undefined>;
}

export interface PickEventOptions {
  title: string;
  /** Folder whose `.lambda/events/<function>` holds saved events. */
  folder: vscode.Uri | undefined;
  functionName: string;
  samples: () => Promise<SampleEvent[]>;
  /** Where "Enter a payload…" remembers the last payload for this function (absent: not offered). */
  lastPayload?: { get(): string | undefined; set(text: string): Thenable<void> };
}

/** Undefined when the user cancelled, or chose to write a new event first. */
export async function pickEvent(options: PickEventOptions): Promise<ChosenEvent | undefined> {
  const saved = options.folder ? await listSavedEvents(options.folder, options.functionName) : [];
  const items: EventItem[] = [];
  if (saved.length) items.push({ label: 'Saved events', kind: vscode.QuickPickItemKind.Separator, pick: async () => undefined });
  for (const uri of saved) {
    items.push({ label: `$(file) ${basename(uri).replace(/\.json$/, '')}`, description: vscode.workspace.asRelativePath(uri), pick: () => readEventFile(uri) });
  }
  const active = vscode.window.activeTextEditor?.document;
  items.push({ label: 'Other', kind: vscode.QuickPickItemKind.Separator, pick: async () => undefined });
  if (active && (active.languageId === 'json' || active.languageId === 'jsonc') && !saved.some((u) => u.toString() === active.uri.toString())) {
    const name = active.isUntitled ? 'untitled JSON document' : basename(active.uri);
    items.push({ label: `$(json) Active editor: ${name}`, pick: () => checkedEvent(active.getText(), name, active.isUntitled ? undefined : active.uri) });
  }
  const memory = options.lastPayload;
  if (memory) {
    const last = memory.get();
    items.push({ label: '$(edit) Enter a payload…', description: last ? `last: ${oneLine(last, 40)}` : 'type JSON', pick: () => enterPayload(options.title, memory) });
  }
  items.push({ label: '$(bracket) Empty event', description: '{}', pick: async () => ({ label: 'empty event', payload: '{}' }) });
  if (options.folder) {
    const folder = options.folder;
    items.push({ label: '$(new-file) New Event…', description: 'save one to edit and reuse', pick: () => newEvent(folder, options.functionName, options.samples).then(() => undefined) });
  }
  items.push({ label: '$(beaker) Sample Event…', description: 'API Gateway, S3, SQS…', pick: () => pickSample(options) });
  const choice = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: 'Event to send', matchOnDescription: true });
  return choice?.pick();
}

/** A JSON payload typed into an input box, checked as it is typed; remembered once sent. */
export async function enterPayload(title: string, memory: NonNullable<PickEventOptions['lastPayload']>): Promise<ChosenEvent | undefined> {
  const text = await vscode.window.showInputBox({
    title: `${title}: Payload`,
    prompt: 'The event as JSON, e.g. {"name": "Ada"}',
    value: memory.get() ?? '{}',
    validateInput: (v) => {
      const parsed = parsePayload(v, 'The payload');
      return parsed.ok ? undefined : parsed.message;
    },
    ignoreFocusOut: true,
  });
  if (text === undefined) return undefined;
  const event = await checkedEvent(text, 'entered payload');
  await memory.set(text.trim() || '{}');
  return event;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function pickSample(options: PickEventOptions): Promise<ChosenEvent | undefined> {
  const samples = await options.samples();
  if (samples.length === 0) {
    void vscode.window.showInformationMessage('No sample events are available.');
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(
    samples.map((s) => ({ label: s.name, description: s.description, sample: s })),
    { title: `${options.title}: Sample Event`, placeHolder: 'Sample event', matchOnDescription: true },
  );
  if (!choice) return undefined;
  return checkedEvent(choice.sample.payload, `sample: ${choice.sample.name}`);
}

/** Creates `.lambda/events/<function>/<name>.json` (from a sample or `{}`) and opens it for editing. */
export async function newEvent(folder: vscode.Uri, functionName: string, samples: () => Promise<SampleEvent[]>, preset?: { name: string; payload?: string }): Promise<vscode.Uri | undefined> {
  const name =
    preset?.name ??
    (await vscode.window.showInputBox({
      title: 'New Event',
      prompt: `Name of the event, saved as .lambda/events/${functionName}/NAME.json`,
      value: 'event',
      validateInput: (v) => (/^[\w.-]+$/.test(v.trim()) ? undefined : 'Use letters, digits, dots, hyphens and underscores.'),
    }));
  if (!name) return undefined;
  let payload = preset?.payload;
  if (payload === undefined) {
    const list = await samples();
    const start = await vscode.window.showQuickPick([{ label: 'Empty', description: '{}', payload: '{}' }, ...list.map((s) => ({ label: s.name, description: s.description, payload: s.payload }))], {
      title: 'New Event: start from',
      placeHolder: 'Start from an empty object or a sample',
    });
    if (!start) return undefined;
    payload = start.payload;
  }
  const uri = vscode.Uri.joinPath(eventsDir(folder, functionName), `${name.trim().replace(/\.json$/, '')}.json`);
  if (!(await fileExists(uri))) {
    const pretty = (() => {
      try {
        return JSON.stringify(JSON.parse(payload), null, 2) + '\n';
      } catch {
        return payload;
      }
    })();
    // Core's rules: never through a link, never over a non-file, never outside the folder.
    await writeProductFile(uri.fsPath, pretty, { within: folder.fsPath, label: 'The new event' });
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  // Short enough for a notification toast's single line: the whole hint is read, not cut off.
  void vscode.window.showInformationMessage(`Edit the event, then click "Invoke" above it.`);
  return uri;
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
