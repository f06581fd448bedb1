/** Public shapes of the packager: what callers pass in and what they get back. */

/** Lambda's documented .zip limits: 50 MB for a direct upload, 250 MB unzipped (262,144,000 bytes). */
export const LAMBDA_ZIPPED_LIMIT = 50 * 1024 * 1024;
export const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

export interface PackageLimits {
  zippedBytes: number;
  unzippedBytes: number;
}

export type PackagePhase = 'scanning' | 'compressing' | 'writing';

export interface PackageProgress {
  phase: PackagePhase;
  /** Files found so far (scanning) or bytes compressed so far (compressing). */
  done?: number;
  total?: number;
}

export interface PackageOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PackageProgress) => void;
  /** Keep files the secret rules would drop (.env*, *.pem, ...). They are still listed in the manifest. */
  includeSecrets?: boolean;
  /** The function's Handler (e.g. `src/app.handler`): a warning is raised when its file is not packaged. */
  handler?: string;
  /** The function's Runtime (e.g. `nodejs22.x`): a warning is raised when the package holds no code it can run. */
  runtime?: string;
  /** Absolute path of the zip being written, left out when it sits inside the root. */
  outFile?: string;
  /**
   * Candidate ignore files, first existing one wins; patterns are relative to the root.
   * Default: `<root>/.lambdaignore`.
   */
  ignoreFiles?: string[];
  /** Extra gitignore patterns (e.g. the lambdaWorkbench.package.exclude setting), applied before .lambdaignore. */
  excludes?: string[];
  /** Override the Lambda limits (tests, S3 uploads). */
  limits?: Partial<PackageLimits>;
  /**
   * Reuse the compressed entries of this folder's last package (default true; see entryCache.ts).
   * The zip is byte-identical either way; only the time differs.
   */
  incremental?: boolean;
  /** Deflate level 1-9 (default 6, the same as Info-ZIP's default). */
  level?: number;
  /**
   * Where the work runs: 'worker' (default) keeps the caller's event loop free; 'main' runs in the
   * calling thread, yielding every few milliseconds.
   */
  thread?: 'worker' | 'main';
}

/** Why a path was left out. */
export type ExclusionRule =
  | 'default'
  | 'secret'
  | 'secret-content'
  | 'setting'
  | `.lambdaignore:${number}`
  | 'devDependency'
  | 'symlink-outside-root'
  | 'symlink-broken'
  | 'symlink-cycle'
  | 'not-a-file'
  | 'output-file';

export interface ExcludedEntry {
  /** POSIX path relative to the root; directories end with `/`. */
  path: string;
  rule: ExclusionRule;
  /** The pattern that matched, for ignore-style rules. */
  pattern?: string;
}

export interface ManifestFile {
  /** POSIX path inside the zip. */
  path: string;
  size: number;
  compressedSize: number;
  /** Octal permission string stored in the zip: `0644` or `0755`. */
  mode: '0644' | '0755';
}

export interface PackageManifest {
  /** Absolute path of the packaged root. */
  root: string;
  /** base64 SHA-256 of the zip: what Lambda reports as CodeSha256 after upload. */
  codeSha256: string;
  zipBytes: number;
  unzippedBytes: number;
  fileCount: number;
  files: ManifestFile[];
  excluded: ExcludedEntry[];
  /** Paths dropped as possible secrets (a subset of `excluded`), for prominent display. */
  secretsExcluded: string[];
  warnings: string[];
  /** The handler file that was looked for, when a handler was given. */
  handlerFile?: { handler: string; found: string | undefined; candidates: string[] };
  /** With the incremental cache: entries taken from it, and entries read and compressed this time. */
  incremental?: { reused: number; compressed: number };
}

export interface PackageResult {
  zip: Buffer;
  manifest: PackageManifest;
}

/** The compact summary deploy results carry. */
export interface ManifestSummary {
  codeSha256: string;
  zipBytes: number;
  unzippedBytes: number;
  fileCount: number;
  excludedCount: number;
  secretsExcluded: string[];
}

export function summarizeManifest(m: PackageManifest): ManifestSummary {
  return {
    codeSha256: m.codeSha256,
    zipBytes: m.zipBytes,
    unzippedBytes: m.unzippedBytes,
    fileCount: m.fileCount,
    excludedCount: m.excluded.length,
    secretsExcluded: m.secretsExcluded,
  };
}
