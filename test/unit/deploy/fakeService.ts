/**
 * A small in-memory LambdaService for the deploy engine's unit tests: enough state to tell
 * create/update/unchanged apart, with hooks to make one call fail or hang. The real SDK against
 * the local server is exercised in test/api/deploy.test.ts.
 */
import { createHash } from 'node:crypto';
import type { CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../../src/core/aws/types';
import { WorkbenchError } from '../../../src/core/errors';

export type Op = 'getFunction' | 'createFunction' | 'updateFunctionCode' | 'updateFunctionConfiguration' | 'waitUntilReady';

export interface FakeService extends LambdaService {
  calls: Array<{ op: Op; input?: unknown }>;
  functions: Map<string, { config: FunctionConfiguration; tags: Record<string, string> }>;
  /** Runs before an operation; throw from it to make the call fail. */
  before: Partial<Record<Op, (input: unknown, signal?: AbortSignal) => Promise<void> | void>>;
}

export const sha = (zip: Uint8Array) => createHash('sha256').update(zip).digest('base64');

export function fakeService(): FakeService {
  let revision = 0;
  const functions = new Map<string, { config: FunctionConfiguration; tags: Record<string, string> }>();
  const calls: FakeService['calls'] = [];
  const before: FakeService['before'] = {};
  const step = async (op: Op, input: unknown, signal?: AbortSignal) => {
    calls.push({ op, input });
    await before[op]?.(input, signal);
  };
  const bump = (cfg: FunctionConfiguration) => Object.assign(cfg, { RevisionId: `rev-${++revision}` });
  const need = (name: string) => {
    const f = functions.get(name);
    if (!f) throw new WorkbenchError('notFound', `Function "${name}" was not found.`, { code: 'ResourceNotFoundException' });
    return f;
  };
  const service = {
    connection: {},
    calls,
    functions,
    before,
    async tryGetFunction(_region: string, name: string, o?: { signal?: AbortSignal }) {
      await step('getFunction', name, o?.signal);
      const f = functions.get(name);
      return f ? { Configuration: { ...f.config }, Tags: { ...f.tags } } : undefined;
    },
    async createFunction(region: string, input: CreateFunctionRequest, o?: { signal?: AbortSignal }) {
      await step('createFunction', input, o?.signal);
      const { Code, Tags, ...rest } = input;
      const zip = Code?.ZipFile as Uint8Array;
      const config = bump({
        ...rest,
        FunctionArn: `arn:aws:lambda:${region}:123456789012:function:${input.FunctionName}`,
        CodeSha256: sha(zip),
        CodeSize: zip.length,
        State: 'Pending',
        LastUpdateStatus: 'InProgress',
      } as FunctionConfiguration);
      functions.set(input.FunctionName!, { config, tags: { ...Tags } });
      return { ...config };
    },
    async updateFunctionCode(_region: string, input: { functionName: string; zipFile: Uint8Array; revisionId?: string }, o?: { signal?: AbortSignal }) {
      await step('updateFunctionCode', input, o?.signal);
      const f = need(input.functionName);
      if (input.revisionId && input.revisionId !== f.config.RevisionId) throw new WorkbenchError('conflict', 'changed by someone else', { code: 'PreconditionFailedException' });
      bump(Object.assign(f.config, { CodeSha256: sha(input.zipFile), CodeSize: input.zipFile.length, LastUpdateStatus: 'InProgress' }));
      return { ...f.config };
    },
    async updateFunctionConfiguration(_region: string, input: UpdateFunctionConfigurationRequest, o?: { signal?: AbortSignal }) {
      await step('updateFunctionConfiguration', input, o?.signal);
      const f = need(input.FunctionName!);
      if (input.RevisionId && input.RevisionId !== f.config.RevisionId) throw new WorkbenchError('conflict', 'changed by someone else', { code: 'PreconditionFailedException' });
      const { FunctionName: _n, RevisionId: _r, ...changes } = input;
      bump(Object.assign(f.config, changes, { LastUpdateStatus: 'InProgress' }));
      return { ...f.config };
    },
    async waitUntilReady(_region: string, name: string, o?: { signal?: AbortSignal }) {
      await step('waitUntilReady', name, o?.signal);
      const f = need(name);
      Object.assign(f.config, { State: 'Active', LastUpdateStatus: 'Successful' });
      return { ...f.config };
    },
  };
  return service as unknown as FakeService;
}

/** Resolves when the signal aborts, rejecting like the SDK does. */
export function hangUntilAborted(signal?: AbortSignal): Promise<void> {
  return new Promise((_, reject) => {
    const fail = () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    if (signal?.aborted) fail();
    signal?.addEventListener('abort', fail, { once: true });
  });
}

export function seedFunction(service: FakeService, name: string, config: Partial<FunctionConfiguration>, tags: Record<string, string> = {}): void {
  service.functions.set(name, {
    config: {
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
      Runtime: 'nodejs22.x',
      Role: 'arn:aws:iam::123456789012:role/lambda-role',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 3,
      Description: '',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      RevisionId: 'rev-0',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      ...config,
    },
    tags,
  });
}
