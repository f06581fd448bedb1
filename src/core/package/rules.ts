/**
 * Which paths stay out of a package: built-in defaults, secret patterns and the user's
 * `.lambdaignore`, layered into one gitignore matcher so that the last matching rule wins and a
 * user's `!pattern` re-includes what a default or secret rule dropped.
 */
import { readFileSync } from 'node:fs';
import ignore, { type Ignore } from 'ignore';
import { WorkbenchError } from '../errors';
import type { ExclusionRule } from './types';

/**
 * Never code: VCS metadata, editor and OS litter, earlier build output at the root, this tool's own
 * files. The binding file and .lambdaignore are left out so that editing deploy settings does not
 * change the CodeSha256 (and trigger a needless code upload).
 */
export const DEFAULT_RULES: readonly string[] = [
  '.git/',
  '.svn/',
  '.hg/',
  '.vscode/',
  '.idea/',
  '.lambda/',
  '.aws-sam/',
  '.serverless/',
  '.DS_Store',
  '._*',
  'Thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  '*.swp',
  'npm-debug.log*',
  '/*.zip',
  '/lambda-workbench.json',
  '/.lambdaignore',
  // npm/yarn/pnpm bookkeeping that describes dev dependencies too and changes on every install.
  '/node_modules/.package-lock.json',
  '/node_modules/.yarn-integrity',
  '/node_modules/.modules.yaml',
  '/node_modules/.cache/',
];

/** Files that commonly hold credentials or private keys. */
export const SECRET_RULES: readonly string[] = [
  '.env*',
  '.aws/',
  '.ssh/',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.ppk',
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  '.npmrc',
  '.yarnrc.yml',
  '.netrc',
  '.git-credentials',
  '.pypirc',
  // Service credentials under the names tools give them.
  'credentials.json',
  'secrets.json',
  'service-account*.json',
  '.pgpass',
  '**/.docker/config.json',
  '*.tfstate',
  '*.tfstate.backup',
  'kubeconfig',
  '*.kubeconfig',
  '.kube/',
];

export interface RuleVerdict {
  excluded: boolean;
  /** A user `!pattern` matched this very path. */
  forcedIn: boolean;
  rule?: ExclusionRule;
  pattern?: string;
}

export interface Rules {
  /** `relPath` is POSIX, relative to the root; directories end with `/`. */
  test(relPath: string): RuleVerdict;
  /** The ignore file that was read, if any. */
  ignoreFile: string | undefined;
}

/**
 * Builds the matcher. `includeSecrets` drops the secret layer entirely (the CLI's --include-secrets).
 * Case-insensitive like git on macOS/Windows: a secret named `Server.PEM` is still caught.
 */
export function buildRules(ignoreFiles: string[], includeSecrets: boolean, excludes: readonly string[] = []): Rules {
  const ig: Ignore = ignore({ ignorecase: true });
  ig.add(DEFAULT_RULES.map((pattern) => ({ pattern, mark: 'default' })));
  if (!includeSecrets) ig.add(SECRET_RULES.map((pattern) => ({ pattern, mark: 'secret' })));
  ig.add(excludes.filter((p) => p.trim() && !p.startsWith('#')).map((pattern) => ({ pattern, mark: 'setting' })));
  const ignoreFile = addIgnoreFile(ig, ignoreFiles);
  return {
    ignoreFile,
    test(relPath) {
      const r = ig.test(relPath);
      if (!r.ignored) return { excluded: false, forcedIn: r.unignored };
      const mark = (r.rule?.mark ?? 'default') as ExclusionRule;
      return { excluded: true, forcedIn: false, rule: mark, pattern: r.rule?.pattern };
    },
  };
}

function addIgnoreFile(ig: Ignore, candidates: string[]): string | undefined {
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new WorkbenchError('validation', `Cannot read ${file}: ${code ?? (e as Error).message}.`, {
        hint: 'Fix the file permissions of .lambdaignore.',
        cause: e,
      });
    }
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      ig.add({ pattern: line, mark: `.lambdaignore:${i + 1}` });
    });
    return file;
  }
  return undefined;
}
