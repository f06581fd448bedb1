import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { WorkbenchError } from '../errors';
import { ClientFactory } from './clientFactory';
import { toWorkbenchError, type CallContext } from './errorMapping';
import { lambdaModule } from './sdk';
import type {
  CallOptions,
  Connection,
  CreateFunctionRequest,
  FunctionPage,
  GetFunctionResponse,
  GetFunctionUrlConfigResponse,
  InvokeRemoteResult,
  LambdaService,
  ListOptions,
  UpdateFunctionConfigurationRequest,
  WaitOptions,
} from './types';
import { backoff, sleep } from './wait';

const DEFAULT_WAIT_MS = 5 * 60_000;
/** How long a mutating call waits out "an update is in progress" before giving up. */
const CONFLICT_WAIT_MS = 5 * 60_000;

export function createLambdaService(connection: Connection, factory = new ClientFactory()): LambdaService {
  return new SdkLambdaService(connection, factory);
}

class SdkLambdaService implements LambdaService {
  constructor(
    readonly connection: Connection,
    private readonly factory: ClientFactory,
  ) {}

  private client(region: string): LambdaClient {
    if (!region) throw new WorkbenchError('usage', 'No AWS region was given.', { hint: 'Choose a region (for example us-east-1) or set AWS_REGION.' });
    return this.factory.lambda(this.connection, region);
  }

  private ctx(operation: string, region: string, functionName?: string): CallContext {
    return { operation, region, functionName, endpoint: this.connection.endpoint, profile: this.connection.profile };
  }

  /** Sends one command, mapping every failure to a WorkbenchError. */
  private async send<T>(ctx: CallContext, call: (client: LambdaClient) => Promise<T>): Promise<T> {
    try {
      return await call(this.client(ctx.region ?? ''));
    } catch (e) {
      throw toWorkbenchError(e, ctx);
    }
  }

  async *listFunctions(region: string, options: ListOptions = {}): AsyncIterableIterator<FunctionPage> {
    let marker = options.marker;
    do {
      const page = await this.listFunctionsPage(region, { ...options, marker });
      yield page;
      marker = page.nextMarker;
    } while (marker);
  }

  async listFunctionsPage(region: string, options: ListOptions = {}): Promise<FunctionPage> {
    const { ListFunctionsCommand } = lambdaModule();
    const out = await this.send(this.ctx('ListFunctions', region), (c) =>
      c.send(new ListFunctionsCommand({ Marker: options.marker, MaxItems: options.pageSize ?? 50 }), { abortSignal: options.signal }),
    );
    return { functions: out.Functions ?? [], nextMarker: out.NextMarker || undefined };
  }

  async getFunction(region: string, functionName: string, options: CallOptions = {}): Promise<GetFunctionResponse> {
    const { GetFunctionCommand } = lambdaModule();
    const out = await this.send(this.ctx('GetFunction', region, functionName), (c) =>
      c.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal: options.signal }),
    );
    // The SDK's $metadata is transport detail: keep the response shape as the API documents it.
    const { $metadata: _metadata, ...rest } = out;
    return rest;
  }

  async tryGetFunction(region: string, functionName: string, options: CallOptions = {}): Promise<GetFunctionResponse | undefined> {
    try {
      return await this.getFunction(region, functionName, options);
    } catch (e) {
      if (e instanceof WorkbenchError && e.kind === 'notFound') return undefined;
      throw e;
    }
  }

  async getFunctionUrlConfig(region: string, functionName: string, options: CallOptions = {}): Promise<GetFunctionUrlConfigResponse | undefined> {
    const { GetFunctionUrlConfigCommand } = lambdaModule();
    try {
      const { $metadata: _m, ...rest } = await this.send(this.ctx('GetFunctionUrlConfig', region, functionName), (c) =>
        c.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName }), { abortSignal: options.signal }),
      );
      return rest;
    } catch (e) {
      // The service answers ResourceNotFoundException both for "no such function" and "no URL".
      if (e instanceof WorkbenchError && e.kind === 'notFound') return undefined;
      throw e;
    }
  }

  async createFunction(region: string, input: CreateFunctionRequest, options: CallOptions = {}): Promise<FunctionConfiguration> {
    const { CreateFunctionCommand } = lambdaModule();
    return this.withConflictRetry(region, input.FunctionName ?? '', options, 'CreateFunction', (c) =>
      c.send(new CreateFunctionCommand(input), { abortSignal: options.signal }),
    );
  }

  async updateFunctionCode(
    region: string,
    input: { functionName: string; zipFile: Uint8Array; revisionId?: string; architectures?: string[]; publish?: boolean },
    options: CallOptions = {},
  ): Promise<FunctionConfiguration> {
    const { UpdateFunctionCodeCommand } = lambdaModule();
    return this.withConflictRetry(region, input.functionName, options, 'UpdateFunctionCode', (c) =>
      c.send(
        new UpdateFunctionCodeCommand({
          FunctionName: input.functionName,
          ZipFile: input.zipFile,
          RevisionId: input.revisionId,
          Architectures: input.architectures as ('x86_64' | 'arm64')[] | undefined,
          Publish: input.publish,
        }),
        { abortSignal: options.signal },
      ),
    );
  }

  async updateFunctionConfiguration(region: string, input: UpdateFunctionConfigurationRequest, options: CallOptions = {}): Promise<FunctionConfiguration> {
    const { UpdateFunctionConfigurationCommand } = lambdaModule();
    return this.withConflictRetry(region, input.FunctionName ?? '', options, 'UpdateFunctionConfiguration', (c) =>
      c.send(new UpdateFunctionConfigurationCommand(input), { abortSignal: options.signal }),
    );
  }

  async deleteFunction(region: string, functionName: string, options: CallOptions = {}): Promise<void> {
    const { DeleteFunctionCommand } = lambdaModule();
    await this.withConflictRetry(region, functionName, options, 'DeleteFunction', (c) =>
      c.send(new DeleteFunctionCommand({ FunctionName: functionName }), { abortSignal: options.signal }),
    );
  }

  async invoke(
    region: string,
    input: { functionName: string; payload?: string; invocationType?: 'RequestResponse' | 'Event' | 'DryRun'; qualifier?: string },
    options: CallOptions = {},
  ): Promise<InvokeRemoteResult> {
    const { InvokeCommand } = lambdaModule();
    const type = input.invocationType ?? 'RequestResponse';
    const out = await this.send(this.ctx('Invoke', region, input.functionName), (c) =>
      c.send(
        new InvokeCommand({
          FunctionName: input.functionName,
          InvocationType: type,
          LogType: type === 'RequestResponse' ? 'Tail' : undefined,
          Qualifier: input.qualifier,
          Payload: input.payload === undefined ? undefined : new TextEncoder().encode(input.payload),
        }),
        { abortSignal: options.signal },
      ),
    );
    return {
      statusCode: out.StatusCode ?? 0,
      payload: out.Payload ? new TextDecoder().decode(out.Payload) : '',
      functionError: out.FunctionError,
      logTail: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : undefined,
      executedVersion: out.ExecutedVersion,
    };
  }

  async waitUntilReady(region: string, functionName: string, options: WaitOptions = {}): Promise<FunctionConfiguration> {
    const { GetFunctionConfigurationCommand } = lambdaModule();
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
    const intervals = options.intervalMs ? constant(options.intervalMs) : backoff(100, 2000);
    for (;;) {
      const cfg = await this.send(this.ctx('GetFunctionConfiguration', region, functionName), (c) =>
        c.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), { abortSignal: options.signal }),
      );
      options.onProgress?.({ state: cfg.State, lastUpdateStatus: cfg.LastUpdateStatus });
      if (cfg.State === 'Failed') {
        throw new WorkbenchError('functionFailed', `Function "${functionName}" is in state Failed: ${cfg.StateReason ?? 'no reason given'}.`, {
          code: cfg.StateReasonCode,
          hint: 'Fix the cause named above (often the role, a layer or the VPC settings) and deploy again.',
          details: { stateReason: cfg.StateReason, stateReasonCode: cfg.StateReasonCode },
        });
      }
      if (cfg.LastUpdateStatus === 'Failed') {
        throw new WorkbenchError('functionFailed', `The last update of "${functionName}" failed: ${cfg.LastUpdateStatusReason ?? 'no reason given'}.`, {
          code: cfg.LastUpdateStatusReasonCode,
          hint: 'The function keeps its previous code and configuration; fix the cause and deploy again.',
          details: { lastUpdateStatusReason: cfg.LastUpdateStatusReason, lastUpdateStatusReasonCode: cfg.LastUpdateStatusReasonCode },
        });
      }
      const active = cfg.State === undefined || cfg.State === 'Active';
      const updated = cfg.LastUpdateStatus === undefined || cfg.LastUpdateStatus === 'Successful';
      if (active && updated) {
        const { $metadata: _m, ...rest } = cfg;
        return rest;
      }
      if (Date.now() >= deadline) {
        throw new WorkbenchError('service', `Function "${functionName}" did not become ready in time (State ${cfg.State ?? '?'}, LastUpdateStatus ${cfg.LastUpdateStatus ?? '?'}).`, {
          hint: 'Check the function in the console; it may still finish on its own.',
        });
      }
      await sleep(intervals.next().value, options.signal);
    }
  }

  /**
   * Runs a mutating call; when the service answers "an update is in progress", waits until the
   * function is ready and tries again, so users never see that race as an error.
   */
  private async withConflictRetry<T extends { $metadata?: unknown }>(
    region: string,
    functionName: string,
    options: CallOptions,
    operation: string,
    call: (client: LambdaClient) => Promise<T>,
  ): Promise<Omit<T, '$metadata'>> {
    const deadline = Date.now() + CONFLICT_WAIT_MS;
    const ctx = this.ctx(operation, region, functionName);
    for (;;) {
      try {
        const { $metadata: _m, ...rest } = await this.send(ctx, call);
        return rest;
      } catch (e) {
        const retryable =
          e instanceof WorkbenchError && e.code === 'ResourceConflictException' && /in progress/i.test(e.message) && operation !== 'CreateFunction';
        if (!retryable || Date.now() >= deadline) throw e;
        await this.waitUntilReady(region, functionName, { signal: options.signal, timeoutMs: Math.max(1000, deadline - Date.now()) });
      }
    }
  }
}

function* constant(ms: number): Generator<number, never> {
  for (;;) yield ms;
}
