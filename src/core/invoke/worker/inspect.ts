/**
 * The debugger's way in (Debug Locally, `invoke --inspect`): the runtime thread opens its own V8
 * inspector on a loopback port before the handler loads, tells the host the URL, and with `wait`
 * blocks until a debugger attaches, so breakpoints in the handler's module bind before it runs.
 */
import inspector from 'node:inspector';
import type { InspectOptions } from '../protocol';
import { post } from './channel';

export function openInspector(options: InspectOptions): void {
  inspector.open(options.port, '127.0.0.1', false);
  const url = inspector.url();
  if (url) post({ type: 'inspector', url });
  if (options.wait) {
    inspector.waitForDebugger();
    // The wait is the user's, not the function's init: the host leaves it out of Init Duration.
    post({ type: 'attached', at: Date.now() });
  }
}
