/**
 * Absolute requires into /opt. On Lambda the layers are extracted to /opt, and code written for it
 * often requires them by absolute path (`require('/opt/nodejs/utils')`, as older AWS examples do).
 * Locally the layers are merged into a folder of their own: such a request is mapped to that
 * folder, so it finds the layer's file and never the machine's own /opt. CommonJS only (`require`,
 * `require.resolve`, `createRequire`); an ES module `import` of an absolute /opt path is not mapped.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { LAYERS_ROOT as OPT } from '../handlerPath';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/** The local path for a request, or the request itself when it does not point into /opt. */
export function mapOptRequest(request: string, optDir: string): string {
  if (request !== OPT && !request.startsWith(`${OPT}/`)) return request;
  return path.join(optDir, ...request.slice(OPT.length).split('/').filter(Boolean));
}

/** Maps every CommonJS resolution of `/opt/…` in this environment to `optDir`. */
export function mapOptRequires(optDir: string): void {
  const mod = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolve = mod._resolveFilename;
  mod._resolveFilename = function (request, parent, isMain, options) {
    const mapped = typeof request === 'string' ? mapOptRequest(request, optDir) : request;
    try {
      return resolve.call(this, mapped, parent, isMain, options);
    } catch (error) {
      // "Cannot find module" says what Lambda would: the /opt path asked for, and no frame of this wrapper.
      if (error instanceof Error) {
        if (mapped !== request) error.message = error.message.split(mapped).join(request);
        if (typeof error.stack === 'string') {
          const stack = mapped !== request ? error.stack.split(mapped).join(request) : error.stack;
          error.stack = stack.split('\n').filter((line) => !line.includes(__filename)).join('\n');
        }
      }
      throw error;
    }
  };
}
