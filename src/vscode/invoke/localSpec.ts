/**
 * What one local invoke runs: the code root, handler and the function's configuration, worked out
 * from a handler file and its folder's binding. Pure.
 */
export interface LocalInvokeSpec {
  /** Absolute path of the code root (the binding's folder, or the handler's package folder). */
  codeRoot: string;
  /** Lambda handler string relative to the code root, e.g. `src/orders.handler`. */
  handler: string;
  functionName: string;
  runtime: string;
  /** Seconds. */
  timeout: number;
  memorySize: number;
  region: string;
  environment: Record<string, string>;
  /** Where the configuration came from, for the log header. */
  source: 'binding' | 'deployed' | 'defaults';
  /** The handler file, for re-runs and result titles. */
  file?: string;
}

export interface BindingConfig {
  FunctionName?: string;
  Region?: string;
  Runtime?: string;
  Handler?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
}

/** `src/orders.js` + `handler` → `src/orders.handler` (POSIX, extension dropped). */
export function handlerString(relativeFile: string, exportName: string): string {
  const posix = relativeFile.split('\\').join('/').replace(/^\.\//, '');
  return `${posix.replace(/\.(m|c)?[jt]s$/, '')}.${exportName}`;
}

/** The file part of a handler string: `src/orders.handler` → `src/orders`. */
export function handlerModule(handler: string): string {
  const lastSlash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', lastSlash + 1);
  return dot === -1 ? handler : handler.slice(0, dot);
}

export function handlerExport(handler: string): string {
  const lastSlash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', lastSlash + 1);
  return dot === -1 ? 'handler' : handler.slice(dot + 1);
}

export interface SpecInput {
  codeRoot: string;
  relativeFile: string;
  exportName: string;
  folderName: string;
  binding?: BindingConfig;
  defaults: { runtime: string; timeout: number; memorySize: number; region: string };
}

export function buildLocalSpec(input: SpecInput): LocalInvokeSpec {
  const b = input.binding;
  return {
    codeRoot: input.codeRoot,
    handler: handlerString(input.relativeFile, input.exportName),
    functionName: b?.FunctionName ?? input.folderName,
    runtime: b?.Runtime ?? input.defaults.runtime,
    timeout: b?.Timeout ?? input.defaults.timeout,
    memorySize: b?.MemorySize ?? input.defaults.memorySize,
    region: b?.Region ?? input.defaults.region,
    environment: { ...(b?.Environment?.Variables ?? {}) },
    source: b ? 'binding' : 'defaults',
  };
}
