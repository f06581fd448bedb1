import { WorkbenchError, type ErrorKind } from '../../../src/core/errors';
/** A LambdaService stub for unit tests: functions per region, paged, with injectable failures. */
import type { FunctionConfiguration, FunctionPage, LambdaService, ListOptions } from '../../../src/core/aws/types';

export interface StubCall {
  op: string;
  region: string;
  marker?: string;
  pageSize?: number;
}

export function fn(name: string, extra: Partial<FunctionConfiguration> = {}): FunctionConfiguration {
  return { FunctionName: name, FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, Runtime: 'nodejs20.x', MemorySize: 128, Timeout: 3, ...extra };
}

export class StubService {
  readonly calls: StubCall[] = [];
  /** Thrown by the next list call in that region (then cleared). */
  readonly failNext = new Map<string, unknown>();
  /** Resolves pending list calls when set; lets tests hold a request open. */
  gate: Promise<void> | undefined;

  constructor(readonly data: Record<string, FunctionConfiguration[]>) {}

  async listFunctionsPage(region: string, options: ListOptions = {}): Promise<FunctionPage> {
    this.calls.push({ op: 'list', region, marker: options.marker, pageSize: options.pageSize });
    if (this.gate) await this.gate;
    const failure = this.failNext.get(region);
    if (failure !== undefined) {
      this.failNext.delete(region);
      throw failure;
    }
    const all = this.data[region] ?? [];
    const size = options.pageSize ?? 50;
    const start = options.marker ? Number(options.marker) : 0;
    const functions = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : undefined;
    return { functions, nextMarker: next };
  }

  async *listFunctions(region: string, options: ListOptions = {}): AsyncIterableIterator<FunctionPage> {
    let marker = options.marker;
    do {
      const page = await this.listFunctionsPage(region, { ...options, marker });
      yield page;
      marker = page.nextMarker;
    } while (marker);
  }

  asService(): LambdaService {
    return this as unknown as LambdaService;
  }
}

/** An engine error, as dist/engine.js would throw it. */
export function workbenchError(kind: string, message: string, hint?: string, code?: string): Error {
  return new WorkbenchError(kind as ErrorKind, message, { hint, code });
}
