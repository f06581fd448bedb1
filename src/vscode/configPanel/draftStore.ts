/**
 * Unsaved configuration edits kept across a window reload or restart, as VS Code's hot exit keeps
 * unsaved text: a panel restored by the serializer comes back with its draft. Drafts hold
 * environment values, so they live in the editor's SecretStorage (the OS keychain where there is
 * one), never in workspace state or webview state. One secret holds them all, so stale drafts
 * (a panel that never came back) can be pruned: kept for DRAFT_DAYS, at most MAX_DRAFTS.
 * Without `vscode`: the glue hands it the SecretStorage; unit tests a map.
 */
import { parseChanges, type ConfigChanges } from './protocol';

/** The subset of vscode.SecretStorage the store uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const SECRET_KEY = 'lambdaWorkbench.configurationDrafts';
export const DRAFT_DAYS = 14;
export const MAX_DRAFTS = 50;
/** A keychain that does not answer must not hold a restored panel back. */
const READ_LIMIT_MS = 3000;

interface Entry {
  savedAt: number;
  changes: ConfigChanges;
}

export class DraftStore {
  /** Drafts not written yet (undefined: forget it), flushed together: typing writes once per pause, not per key. */
  private readonly pending = new Map<string, ConfigChanges | undefined>();
  private timer: NodeJS.Timeout | undefined;
  /** Writes in order, each a read-modify-write of the one secret. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly secrets: SecretStore,
    private readonly onError: (message: string) => void,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 300,
  ) {}

  /** The draft kept for a panel, if any (undefined when the keychain does not answer in time). */
  async load(key: string): Promise<ConfigChanges | undefined> {
    if (this.pending.has(key)) return this.pending.get(key);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), READ_LIMIT_MS)));
    try {
      const all = await Promise.race([this.queue.then(() => this.readAll()), limit]);
      return all?.[key]?.changes;
    } catch (e) {
      this.onError(`could not read the unsaved edits kept from before the reload (${String((e as Error)?.message ?? e)})`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Keeps (or, with undefined, forgets) a panel's draft, written shortly after. */
  set(key: string, changes: ConfigChanges | undefined): void {
    this.pending.set(key, changes);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is pending now (the window is closing; tests). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return this.queue;
    const batch = new Map(this.pending);
    this.pending.clear();
    this.queue = this.queue
      .then(async () => {
        const all = (await this.readAll()) ?? {};
        let changed = false;
        for (const [key, changes] of batch) {
          if (changes) all[key] = { savedAt: this.now(), changes };
          else if (!(key in all)) continue;
          else delete all[key];
          changed = true;
        }
        // Forgetting drafts that are not there (every panel opened afresh asks) writes nothing.
        if (!changed) return;
        const kept = this.prune(all);
        if (Object.keys(kept).length === 0) await this.secrets.delete(SECRET_KEY);
        else await this.secrets.store(SECRET_KEY, JSON.stringify(kept));
      })
      .catch((e: unknown) => this.onError(`could not keep the unsaved edits for a reload (${String((e as Error)?.message ?? e)})`));
    return this.queue;
  }

  private async readAll(): Promise<Record<string, Entry> | undefined> {
    const text = await this.secrets.get(SECRET_KEY);
    if (!text) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return {};
    }
    if (typeof raw !== 'object' || raw === null) return {};
    // Stored by us, but read as untrusted: only well-formed drafts come back.
    const all: Record<string, Entry> = {};
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      const entry = value as Partial<Entry> | null;
      const changes = parseChanges(entry?.changes);
      if (changes.ok && typeof entry?.savedAt === 'number') all[key] = { savedAt: entry.savedAt, changes: changes.value };
    }
    return all;
  }

  private prune(all: Record<string, Entry>): Record<string, Entry> {
    const oldest = this.now() - DRAFT_DAYS * 86_400_000;
    const fresh = Object.entries(all)
      .filter(([, e]) => e.savedAt >= oldest)
      .sort(([, a], [, b]) => b.savedAt - a.savedAt)
      .slice(0, MAX_DRAFTS);
    return Object.fromEntries(fresh);
  }
}
