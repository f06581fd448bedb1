/**
 * The typed surface of the AWS layer. Types come from the SDK as type-only imports, so importing
 * this file never loads the SDK at run time.
 */
import type {
  CreateFunctionRequest,
  FunctionConfiguration,
  GetFunctionResponse,
  GetFunctionUrlConfigResponse,
  UpdateFunctionConfigurationRequest,
} from '@aws-sdk/client-lambda';

export type { CreateFunctionRequest, FunctionConfiguration, GetFunctionResponse, GetFunctionUrlConfigResponse, UpdateFunctionConfigurationRequest };

/** Where requests go: one client per (profile, region, endpoint). */
export interface Connection {
  /** A named profile from the shared config/credentials files; undefined = the default chain. */
  profile?: string;
  /** A LocalStack-style endpoint override, e.g. http://127.0.0.1:4566. */
  endpoint?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface FunctionPage {
  functions: FunctionConfiguration[];
  nextMarker?: string;
}

export interface ListOptions extends CallOptions {
  /** Page size sent as MaxItems (1-50). */
  pageSize?: number;
  /** Resume from this marker (the tree's "Load more…"). */
  marker?: string;
}

export interface InvokeRemoteResult {
  statusCode: number;
  /** The decoded response payload (UTF-8). */
  payload: string;
  /** Set when the function returned an error: "Unhandled" or "Handled". */
  functionError?: string;
  /** The decoded last 4 KB of the log when LogType Tail was asked for. */
  logTail?: string;
  executedVersion?: string;
}

export interface WaitOptions extends CallOptions {
  /** Called on every poll with the current state, for progress UIs. */
  onProgress?: (state: { state?: string; lastUpdateStatus?: string }) => void;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Poll interval (default 1 s, shortened against local endpoints). */
  intervalMs?: number;
}

export interface LambdaService {
  readonly connection: Connection;
  /** Pages through ListFunctions (Marker/NextMarker) until the end or until the consumer stops. */
  listFunctions(region: string, options?: ListOptions): AsyncIterableIterator<FunctionPage>;
  /** One page, for "Load more…". */
  listFunctionsPage(region: string, options?: ListOptions): Promise<FunctionPage>;
  getFunction(region: string, functionName: string, options?: CallOptions): Promise<GetFunctionResponse>;
  /** The function URL's settings; undefined when the function has no URL. */
  getFunctionUrlConfig(region: string, functionName: string, options?: CallOptions): Promise<GetFunctionUrlConfigResponse | undefined>;
  /** undefined when the function does not exist. */
  tryGetFunction(region: string, functionName: string, options?: CallOptions): Promise<GetFunctionResponse | undefined>;
  createFunction(region: string, input: CreateFunctionRequest, options?: CallOptions): Promise<FunctionConfiguration>;
  updateFunctionCode(
    region: string,
    input: { functionName: string; zipFile: Uint8Array; revisionId?: string; architectures?: string[]; publish?: boolean },
    options?: CallOptions,
  ): Promise<FunctionConfiguration>;
  updateFunctionConfiguration(region: string, input: UpdateFunctionConfigurationRequest, options?: CallOptions): Promise<FunctionConfiguration>;
  deleteFunction(region: string, functionName: string, options?: CallOptions): Promise<void>;
  invoke(
    region: string,
    input: { functionName: string; payload?: string; invocationType?: 'RequestResponse' | 'Event' | 'DryRun'; qualifier?: string },
    options?: CallOptions,
  ): Promise<InvokeRemoteResult>;
  /** Polls GetFunctionConfiguration until State is Active and LastUpdateStatus is Successful. */
  waitUntilReady(region: string, functionName: string, options?: WaitOptions): Promise<FunctionConfiguration>;
}
