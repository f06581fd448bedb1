/**
 * Notification progress that ends when its work ends. VS Code keeps an extension's progress
 * notification on screen for at least 800 ms after it appeared (its progress service waits for
 * `Promise.all([timeout(800), task])`), so a quick task left "Invoking… [Cancel]" beside its own
 * result, and a quick packaging step behind the confirmation that followed it. Here the
 * notification appears only once the work has run for a moment, and when the work ends the caller
 * resumes only after the notification is gone: whatever it shows next is never beside a finished
 * progress.
 */
import vscode = require('vscode');

/** VS Code's minimum display time of a notification progress (workbench progressService). */
const MIN_VISIBLE_MS = 800;
/** Work that ends sooner shows no notification at all. */
const SHOW_AFTER_MS = 400;

export interface WorkProgress {
  report(message: string): void;
  /** Fires when the user presses Cancel on the notification, or the caller's controller aborts. */
  readonly signal: AbortSignal;
}

export async function withWorkProgress<T>(
  options: { title: string; cancellable?: boolean; abort?: AbortController },
  work: (progress: WorkProgress) => Promise<T>,
): Promise<T> {
  const abort = options.abort ?? new AbortController();
  let message: string | undefined;
  let reporter: vscode.Progress<{ message?: string }> | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let shownAt: number | undefined;
  const timer = setTimeout(() => {
    shownAt = Date.now();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: options.title, cancellable: options.cancellable ?? false }, (progress, token) => {
      reporter = progress;
      if (message) progress.report({ message });
      token.onCancellationRequested(() => abort.abort());
      return finished;
    });
  }, SHOW_AFTER_MS);
  try {
    return await work({
      report: (m) => {
        message = m;
        reporter?.report({ message: m });
      },
      signal: abort.signal,
    });
  } finally {
    clearTimeout(timer);
    finish();
    if (shownAt !== undefined) {
      const left = shownAt + MIN_VISIBLE_MS - Date.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 50));
    }
  }
}
