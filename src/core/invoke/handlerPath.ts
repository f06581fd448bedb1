/**
 * Absolute handler paths, mapped as Lambda maps them. On Lambda an absolute handler can only point
 * inside the function's sandbox: `/var/task/…` is the code folder and `/opt/…` the layers. Locally
 * those two roots map to the code folder and to the layers' folder (when the caller has one);
 * any other absolute path is refused, so a handler setting can never run code from elsewhere on the
 * machine. The one place this mapping lives: preflight, the environment and the emulator use it.
 */
import * as path from 'node:path';
import { WorkbenchError } from '../errors';

export const TASK_ROOT = '/var/task';
export const LAYERS_ROOT = '/opt';

export interface HandlerRoots {
  /** The local folder standing for /var/task. */
  codeDir: string;
  /** The local folder standing for /opt (the function's layers, extracted), when there is one. */
  layersDir?: string;
}

function isAbsoluteHandler(handler: string): boolean {
  return handler.startsWith('/') || handler.startsWith('\\') || /^[a-zA-Z]:[\\/]/.test(handler);
}

/** True for `/opt/…`: a handler in the function's layers, only mappable once they are fetched. */
export function isLayersHandler(handler: string): boolean {
  return handler.replace(/\\/g, '/').startsWith(`${LAYERS_ROOT}/`);
}

/**
 * The handler string to load locally: a relative handler as it is; `/var/task/src/app.handler` as
 * `src/app.handler`; `/opt/x/app.handler` as an absolute path in `layersDir`. Throws
 * WorkbenchError('validation') (CLI exit 2) for `/opt` without layers and any other absolute path.
 */
export function mapHandlerPath(handler: string, roots: HandlerRoots): string {
  if (!isAbsoluteHandler(handler)) return handler;
  const posix = handler.replace(/\\/g, '/');
  if (posix.startsWith(`${TASK_ROOT}/`)) return posix.slice(TASK_ROOT.length + 1);
  if (posix.startsWith(`${LAYERS_ROOT}/`)) {
    if (roots.layersDir) return path.join(roots.layersDir, ...posix.slice(LAYERS_ROOT.length + 1).split('/'));
    throw new WorkbenchError('validation', `The handler "${handler}" points into ${LAYERS_ROOT}, where Lambda puts layers, but this local run has no layers.`, {
      hint: `Give the handler relative to the code folder (e.g. index.handler), or as ${TASK_ROOT}/FILE.EXPORT.`,
    });
  }
  throw new WorkbenchError('validation', `The handler "${handler}" is an absolute path outside ${TASK_ROOT} and ${LAYERS_ROOT}; it was not run.`, {
    hint: `On Lambda an absolute handler can only point into the code (${TASK_ROOT}/…) or the layers (${LAYERS_ROOT}/…). Give it relative to the code folder, e.g. src/app.handler.`,
  });
}
