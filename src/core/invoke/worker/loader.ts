/**
 * Handler loading, ported from each profile's runtime so lookups, module formats and init errors
 * match: 3.x require()s CommonJS and import()s ES modules (by extension and package.json "type"),
 * 4.x import()s everything. After the runtime's own extensions we also try .ts, .mts and .cts.
 * Paths resolve from the task root (a worker cannot chdir, so nothing depends on process.cwd()).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeProfile } from '../protocol';
import { runtimeError } from './errors';
import { enableTypeScript } from './tsSupport';

/**
 * The runtime requires user code from its own module (/var/runtime/index.mjs), which is what
 * "Require stack" names in a missing-module error; requiring from a require created there keeps
 * that message identical. Every lookup passes absolute paths, so the folder never has to exist.
 */
function runtimeRequire(): NodeJS.Require {
  return createRequire(path.resolve(process.env['LAMBDA_RUNTIME_DIR'] || '/var/runtime', 'index.mjs'));
}

export type Handler = ((...args: unknown[]) => unknown) & Record<symbol, unknown>;

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');

export interface LoadOptions {
  taskRoot: string;
  handler: string;
  profile: RuntimeProfile;
  esbuildPath?: string;
  /** False: no TypeScript support, exactly as on Lambda (the deployed zip's view). */
  typescript?: boolean;
}

function splitHandler(full: string, profile: RuntimeProfile): { moduleRoot: string; moduleName: string; handlerName: string } {
  if (full.includes('..')) {
    throw runtimeError(profile, 'MalformedHandlerName', `'${full}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const handlerString = path.basename(full);
  const moduleRoot = full.substring(0, full.indexOf(handlerString));
  const match = handlerString.match(FUNCTION_EXPR);
  if (!match || match.length !== 3) throw runtimeError(profile, 'MalformedHandlerName', 'Bad handler');
  return { moduleRoot, moduleName: match[1], handlerName: match[2] };
}

function folderIsTypeModule(folder: string): boolean {
  for (;;) {
    if (folder.endsWith(`${path.sep}node_modules`)) return false;
    const pj = path.join(folder, 'package.json');
    if (existsSync(pj)) {
      try {
        return (JSON.parse(readFileSync(pj, 'utf8')) as { type?: unknown } | null)?.type === 'module';
      } catch (e) {
        console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
        return false;
      }
    }
    const up = path.dirname(folder);
    if (up === folder) return false;
    folder = up;
  }
}

async function importFile(file: string): Promise<unknown> {
  return existsSync(file) ? await import(pathToFileURL(file).href) : undefined;
}

export function globalAwsLambda(extra: Record<string, unknown> = {}): void {
  const flag = process.env['AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA'];
  if (flag === '1' || flag === 'true') return;
  const g = globalThis as unknown as { awslambda?: Record<string, unknown> };
  g.awslambda = {
    ...(g.awslambda ?? {}),
    ...extra,
    streamifyResponse: (handler: Handler, options?: { highWaterMark?: unknown }) => {
      handler[HANDLER_STREAMING] = 'response';
      if (typeof options?.highWaterMark === 'number') handler[HANDLER_HIGHWATERMARK] = options.highWaterMark;
      return handler;
    },
    HttpResponseStream: {
      from(stream: { setContentType(t: string): void; _onBeforeFirstWrite?: (w: (c: unknown) => void) => void }, prelude: unknown) {
        stream.setContentType('application/vnd.awslambda.http-integration-response');
        const metadata = JSON.stringify(prelude);
        stream._onBeforeFirstWrite = (write) => {
          write(metadata);
          write(new Uint8Array(8));
        };
        return stream;
      },
    },
  };
}

/** TypeScript is our addition: .cts and CommonJS .ts are required, .mts and ESM .ts imported. */
async function tryTypeScript(base: string, req: NodeJS.Require, options: LoadOptions): Promise<unknown> {
  if (options.typescript === false) return undefined;
  for (const ext of ['.ts', '.mts', '.cts']) {
    const file = base + ext;
    if (!existsSync(file)) continue;
    const esm = ext === '.mts' || (ext === '.ts' && folderIsTypeModule(path.dirname(file)));
    enableTypeScript(options.esbuildPath, esm);
    return esm ? await import(pathToFileURL(file).href) : req(file);
  }
  return undefined;
}

async function loadRic3(options: LoadOptions, moduleRoot: string, moduleName: string): Promise<unknown> {
  const { taskRoot } = options;
  const req = runtimeRequire();
  const tryRequire = (file: string): unknown => (existsSync(file) ? req(file) : undefined);
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  const extensionless = tryRequire(base);
  if (extensionless) return extensionless;
  const typeModule = existsSync(base + '.js') ? folderIsTypeModule(path.dirname(base + '.js')) : false;
  if (!typeModule) {
    const loaded = tryRequire(base + '.js');
    if (loaded) return loaded;
  }
  const loaded =
    (typeModule && (await importFile(base + '.js'))) || (await importFile(base + '.mjs')) || tryRequire(base + '.cjs') || (await tryTypeScript(base, req, options));
  if (loaded) return loaded;
  return req(req.resolve(moduleName, { paths: [taskRoot, path.resolve(taskRoot, moduleRoot)] }));
}

async function loadRic4(options: LoadOptions, moduleRoot: string, moduleName: string): Promise<unknown> {
  const { taskRoot } = options;
  const req = runtimeRequire();
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  for (const ext of ['', '.js', '.mjs', '.cjs']) {
    const loaded = await importFile(base + ext);
    if (loaded) return loaded;
  }
  for (const ext of options.typescript === false ? [] : ['.ts', '.mts', '.cts']) {
    if (!existsSync(base + ext)) continue;
    enableTypeScript(options.esbuildPath, true);
    return await import(pathToFileURL(base + ext).href);
  }
  return req(req.resolve(moduleName, { paths: [taskRoot, path.join(taskRoot, moduleRoot)] }));
}

function resolveHandler(module: unknown, handlerName: string, profile: RuntimeProfile): unknown {
  if (profile === 'ric3') {
    return handlerName.split('.').reduce<unknown>((nested, key) => nested && (nested as Record<string, unknown>)[key], module);
  }
  const findIn = (m: unknown): unknown =>
    handlerName.split('.').reduce<unknown>((nested, key) => (nested && typeof nested === 'object' ? (nested as Record<string, unknown>)[key] : undefined), m);
  let handler = findIn(module);
  if (!handler && typeof module === 'object' && module !== null && 'default' in module) handler = findIn((module as { default: unknown }).default);
  return handler;
}

const CALLBACK_ERROR_NODEJS22 =
  'ERROR: AWS Lambda does not support callback-based function handlers when using Node.js 22 with Managed Instances. To use Managed Instances, modify this function to use a supported handler signature. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';
const CALLBACK_ERROR_NODEJS24_ABOVE =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

export interface LoadedHandler {
  handler: Handler;
  streaming: boolean;
  highWaterMark?: number;
}

/** Loads the handler, throwing the runtime's init errors. */
export async function loadHandler(options: LoadOptions): Promise<LoadedHandler> {
  const { profile } = options;
  const { moduleRoot, moduleName, handlerName } = splitHandler(options.handler, profile);
  let module: unknown;
  try {
    module = profile === 'ric3' ? await loadRic3(options, moduleRoot, moduleName) : await loadRic4(options, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw runtimeError(profile, 'UserCodeSyntaxError', e);
    if ((e as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') throw runtimeError(profile, 'ImportModuleError', e);
    throw e;
  }
  const handler = resolveHandler(module, handlerName, profile);
  if (!handler) throw runtimeError(profile, 'HandlerNotFound', `${options.handler} is undefined or not exported`);
  if (typeof handler !== 'function') throw runtimeError(profile, 'HandlerNotFound', `${options.handler} is not a function`);
  const fn = handler as Handler;
  const mark = fn[HANDLER_STREAMING];
  if (mark && mark !== 'response') throw new Error('Only response streaming is supported.');
  const streaming = mark === 'response';
  if (profile === 'ric4' && fn.length >= 3 && !streaming) {
    throw runtimeError(profile, 'CallbackHandlerDeprecated', process.env['AWS_EXECUTION_ENV'] === 'AWS_Lambda_nodejs22.x' ? CALLBACK_ERROR_NODEJS22 : CALLBACK_ERROR_NODEJS24_ABOVE);
  }
  const hwm = Number(fn[HANDLER_HIGHWATERMARK]);
  return { handler: fn, streaming, highWaterMark: Number.isNaN(hwm) || !fn[HANDLER_HIGHWATERMARK] ? undefined : hwm };
}
