import type { Binding } from '../config/binding';
import type { ManifestSummary, PackageOptions, PackageProgress, PackageResult } from '../package/types';

export type DeployPhase = 'packaging' | 'checking' | 'uploading' | 'waiting' | 'configuring';

export interface DeployProgress {
  phase: DeployPhase;
  /** A short sentence for a progress notification. */
  message: string;
  /** Packaging detail (files scanned, bytes compressed) while phase is 'packaging'. */
  packaging?: PackageProgress;
  /** While waiting: the function's State / LastUpdateStatus as last polled. */
  state?: string;
  lastUpdateStatus?: string;
}

export interface DeployRequest {
  /** The workspace folder: where lambda-workbench.json lives and, unless CodeRoot says otherwise, the code. */
  folder: string;
  /** Use these settings instead of reading the binding file (undefined = read it; null = there is none). */
  binding?: Binding | null;
  /** Values that win over the binding file (the CLI's flags, a wizard's answers). */
  overrides?: Binding;
  /** The region when neither overrides nor the binding name one (e.g. the profile's region). */
  defaultRegion?: string;
  /** Create the function when it does not exist (default true). */
  allowCreate?: boolean;
  /** Passed through to the packager. */
  packageOptions?: Pick<PackageOptions, 'includeSecrets' | 'excludes' | 'limits' | 'thread'>;
  /**
   * Overwrite settings changed elsewhere since this folder's last deploy (recorded in
   * .lambda/deploy-state.json). Without it such a deploy stops before uploading, with a
   * WorkbenchError('conflict', code 'ConfigurationDrift', details.drift).
   */
  force?: boolean;
  /** A package built already (e.g. for a preview) of the same code root: it is uploaded as is. */
  prebuilt?: PackageResult;
}

export interface DeployOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DeployProgress) => void;
  /**
   * Warnings known before anything is uploaded (settings, packaging, a Runtime that cannot run the
   * package), each once, as soon as they are known. They are in the result's `warnings` too.
   */
  onWarning?: (warning: string) => void;
  /** Passed to every waitUntilReady (tests shorten it). */
  waitIntervalMs?: number;
  waitTimeoutMs?: number;
}

export interface DeployResult {
  action: 'created' | 'updated' | 'unchanged';
  functionName: string;
  region: string;
  functionArn: string;
  /** The deployed code's CodeSha256 (equal to the local package's). */
  codeSha256: string;
  state?: string;
  lastUpdateStatus?: string;
  codeUpdated: boolean;
  configurationUpdated: boolean;
  /** Settings changed by UpdateFunctionConfiguration (or set by CreateFunction). */
  changedSettings: string[];
  manifest: ManifestSummary;
  warnings: string[];
}

/** Where a deploy stood when it stopped: carried in WorkbenchError.details.deploy. */
export interface DeployStopState {
  stage: DeployPhase;
  functionName: string;
  region: string;
  localCodeSha256?: string;
  /** Known once the function was looked up: whether this deploy creates or updates it. */
  mode?: 'create' | 'update';
  created: boolean;
  codeUpdated: boolean;
  configurationUpdated: boolean;
  /** The function as it was found after the failure (best effort). */
  function?: { exists: boolean; codeSha256?: string; state?: string; lastUpdateStatus?: string } | { unknown: string };
}
