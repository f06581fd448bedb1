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
 * `screen: false` leaves out the literal screen (tests compare the two).
 */
export function buildRules(ignoreFiles: string[], includeSecrets: boolean, excludes: readonly string[] = [], opts: { screen?: boolean } = {}): Rules {
  const ig: Ignore = ignore({ ignorecase: true });
  const patterns: string[] = [];
  const add = (list: Array<{ pattern: string; mark: string }>) => {
    ig.add(list);
    for (const { pattern } of list) patterns.push(pattern);
  };
  add(DEFAULT_RULES.map((pattern) => ({ pattern, mark: 'default' })));
  if (!includeSecrets) add(SECRET_RULES.map((pattern) => ({ pattern, mark: 'secret' })));
  add(excludes.filter((p) => p.trim() && !p.startsWith('#')).map((pattern) => ({ pattern, mark: 'setting' })));
  const ignoreFile = addIgnoreFile(add, ignoreFiles);
  const screen = opts.screen === false ? undefined : literalScreen(patterns);
  return {
    ignoreFile,
    test(relPath) {
      if (screen && !screen.test(relPath)) return KEPT;
      const r = ig.test(relPath);
      if (!r.ignored) return { excluded: false, forcedIn: r.unignored };
      const mark = (r.rule?.mark ?? 'default') as ExclusionRule;
      return { excluded: true, forcedIn: false, rule: mark, pattern: r.rule?.pattern };
    },
  };
}

/** The verdict for a path no rule can match. */
const KEPT: RuleVerdict = Object.freeze({ excluded: false, forcedIn: false });

/**
 * A quick necessary condition for any rule to match a path: a gitignore pattern's literal text
 * (what is left outside wildcards, character classes, escapes, slashes, spaces and braces) appears in
 * every path it matches, and in every path inside a folder it matches, compared as the matcher
 * compares (the same case-insensitive RegExp flag). Most paths in a package contain none of the
 * rules' literals and skip the full matcher, which tries every rule in turn (a third of a scan).
 * undefined when some pattern has no literal text at all (`*`, `[a-z]*`): then every path is tried.
 */
export function literalScreen(patterns: readonly string[]): RegExp | undefined {
  const pieces: string[] = [];
  for (const pattern of patterns) {
    const parts = pattern
      .replace(/\[[^\]]*\]/g, '/')
      .split(/[*?[\]\\/\s!{},]+/)
      .filter(Boolean);
    if (!parts.length) return undefined;
    // The longest piece, but not a leading node_modules (every installed file has that).
    const rare = parts.filter((p) => p.toLowerCase() !== 'node_modules');
    pieces.push((rare.length ? rare : parts).reduce((a, b) => (b.length > a.length ? b : a)));
  }
  return pieces.length ? new RegExp(pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i') : undefined;
}

function addIgnoreFile(add: (list: Array<{ pattern: string; mark: string }>) => void, candidates: string[]): string | undefined {
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
    add(lines.flatMap((line, i) => (line.trim() === '' || line.startsWith('#') ? [] : [{ pattern: line, mark: `.lambdaignore:${i + 1}` }])));
    return file;
  }
  return undefined;
}
