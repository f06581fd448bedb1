import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { FunctionInvoker } from './invoker';
import type { SeedFile } from './seed';

export type { FunctionConfiguration };

export interface EmulatorOptions {
  /** 0 (default) = an ephemeral port. The server only ever listens on 127.0.0.1. */
  port?: number;
  /** Injected latency per request, in ms. */
  latencyMs?: number;
  /** Share of requests (0-1) answered with 429 TooManyRequestsException. */
  throttleRate?: number;
  /** Share of requests (0-1) answered with 500 ServiceException. */
  errorRate?: number;
  /** Makes throttling and 5xx faults repeatable: the same seed gives the same fault sequence. */
  faultSeed?: number;
  /** Limit faults to these operations (e.g. ["ListFunctions"]); default: every operation. */
  faultOperations?: string[];
  /** Pending → Active after this many ms (default 300). */
  stateDelayMs?: number;
  /** LastUpdateStatus InProgress → Successful after this many ms (default: stateDelayMs). */
  updateDelayMs?: number;
  /** Largest ListFunctions page, whatever MaxItems asks (default 50, as the service). */
  maxPageSize?: number;
  /** Functions to start with: a parsed seed file, or the path of one. */
  seed?: SeedFile | string;
  /** Runs Invoke; without one Invoke answers that local invoke is not wired in. */
  invoker?: FunctionInvoker;
  /** Account id in ARNs (default 123456789012). */
  accountId?: string;
  /** Region for requests that carry no SigV4 scope (default us-east-1). */
  defaultRegion?: string;
  /** Total code size per region before CodeStorageExceededException (default 75 GB, the service quota). */
  codeStorageLimitBytes?: number;
  /** How long GetFunction's Code.Location link works (default 10 minutes, as the service's pre-signed URLs). */
  codeUrlTtlMs?: number;
  /** One call per answered request (never headers, bodies or credentials). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  operation: string;
  region: string;
  status: number;
  errorType?: string;
  ms: number;
}

export interface StoredVersion {
  config: FunctionConfiguration;
  zip: Buffer;
}

export interface FunctionUrlConfig {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: 'NONE' | 'AWS_IAM';
  CreationTime: string;
  LastModifiedTime: string;
  InvokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  Cors?: Record<string, unknown>;
}

export interface FailureSpec {
  StateReason: string;
  StateReasonCode: string;
}

export interface FunctionRecord {
  region: string;
  name: string;
  /** Unqualified ARN. */
  arn: string;
  /** $LATEST: the stored configuration without the computed State/LastUpdateStatus fields. */
  latest: StoredVersion;
  /** Published versions by number. */
  versions: Map<string, StoredVersion>;
  nextVersion: number;
  tags: Record<string, string>;
  reservedConcurrency?: number;
  url?: FunctionUrlConfig;
  /** Epoch ms until which State is Pending. */
  pendingUntil: number;
  /** Epoch ms until which LastUpdateStatus is InProgress. */
  updatingUntil: number;
  /** State Failed from `at` on. */
  failure?: FailureSpec & { at: number };
  /** The current update ends Failed instead of Successful. */
  updateFailure?: { reason: string; code: string; setAt: number };
}
