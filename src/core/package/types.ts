/** Public shapes of the packager: what callers pass in and what they get back. */
import type { BuildSettings } from '../config/binding';
import type { BuildDiagnostic, BuildExternal } from './build';

export type { BuildDiagnostic, BuildExternal, ExternalReason } from './build';

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
  /** The function's Runtime (e.g. `nodejs22.x`): a warning is raised when the package holds no code it can run; a build's default target (node22). */
  runtime?: string;
  /**
   * The binding's `Build`: false ships the sources as they are; true or an object builds with
   * esbuild. Unset: a handler that resolves to TypeScript is built, anything else is not.
   */
  build?: boolean | BuildSettings;
  /**
   * A build writes source maps even when Build does not ask for them: for a debugger stepping
   * through the package (Debug Locally as deployed), never for a deploy.
   */
  sourceMapsForDebugger?: boolean;
  /** The function's architecture, for checking native addons (default x86_64). */
  architecture?: 'x86_64' | 'arm64';
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
  | 'output-file'
  | 'separate-function';

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
  /** The Handler the function must have to run this package: the built file's when built. */
  handler?: string;
  /** What the build did, when the package was built. */
  build?: BuildManifest;
}

export interface BuildManifest {
  reason: 'typescript' | 'setting';
  /** The Handler as the binding gives it (pointing at the source). */
  sourceHandler: string;
  /** The Handler pointing at the built file; deploy sets it on the function. */
  handler: string;
  entryPoints: string[];
  target: string;
  format: 'cjs' | 'esm';
  minify: boolean;
  sourcemap: boolean;
  /** Files esbuild wrote (outputs and source maps), with their sizes. */
  outputs: Array<{ path: string; size: number }>;
  /** Bytes of JavaScript output, source maps not counted. */
  bundleBytes: number;
  /** Packages imported but not bundled, why, and whether they ship in node_modules. */
  externals: BuildExternal[];
  /** esbuild's warnings, with file, line and column. */
  diagnostics: BuildDiagnostic[];
  /** Milliseconds esbuild took. */
  durationMs: number;
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
