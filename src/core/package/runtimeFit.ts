/**
 * Whether a package can run on the Runtime it is deployed with. A `python3.12` function whose
 * package holds only Node.js code deploys without complaint and then fails on every invocation,
 * so the packager warns before anything is uploaded. The rule: the runtime's language must have
 * its files in the package (for `provided.*`, a `bootstrap` at the root); when it has none, the
 * warning says which language the package looks like instead. Image and unknown runtimes are left
 * alone.
 */
interface Language {
  name: string;
  /** Runtime ids of the language start with this. */
  prefix: string;
  /** The package holds this language's code when some file ends with one of these. */
  extensions: string[];
  /** A runtime to suggest when the package looks like this language. */
  example: string;
}

const LANGUAGES: Language[] = [
  { name: 'Node.js', prefix: 'nodejs', extensions: ['.js', '.mjs', '.cjs'], example: 'nodejs22.x' },
  { name: 'Python', prefix: 'python', extensions: ['.py', '.pyc'], example: 'python3.13' },
  { name: 'Ruby', prefix: 'ruby', extensions: ['.rb'], example: 'ruby3.3' },
  { name: 'Java', prefix: 'java', extensions: ['.jar', '.class'], example: 'java21' },
  { name: '.NET', prefix: 'dotnet', extensions: ['.dll'], example: 'dotnet8' },
];

function has(files: readonly string[], language: Language): number {
  return files.filter((f) => language.extensions.some((ext) => f.toLowerCase().endsWith(ext))).length;
}

/** A warning when `runtime` cannot run the packaged `files` (zip paths), else undefined. */
export function checkRuntimeFit(runtime: string | undefined, files: readonly string[]): string | undefined {
  if (!runtime || files.length === 0) return undefined;
  const lower = runtime.toLowerCase();
  // Code outside node_modules/vendor folders says what the function is written in.
  const own = files.filter((f) => !/(^|\/)(node_modules|vendor|site-packages)\//.test(f));
  const counts = LANGUAGES.map((l) => ({ l, n: has(own, l) })).sort((a, b) => b.n - a.n);
  const likely = counts[0].n > 0 ? counts[0].l : undefined;
  if (lower.startsWith('provided')) {
    if (files.includes('bootstrap')) return undefined;
    return `Runtime ${runtime} starts the executable "bootstrap" at the package root, but the package has none${likely ? ` (it looks like ${likely.name} code: use a runtime such as ${likely.example})` : ''}; every invocation would fail with Runtime.InvalidEntrypoint.`;
  }
  const language = LANGUAGES.find((l) => lower.startsWith(l.prefix));
  if (!language || has(files, language) > 0) return undefined;
  // Unbuilt TypeScript for a Node.js runtime is the right language: the handler check says "build first".
  if (language.prefix === 'nodejs' && files.some((f) => /\.(ts|mts|cts)$/i.test(f) && !f.endsWith('.d.ts'))) return undefined;
  const instead = likely && likely !== language ? ` It looks like ${likely.name} code (${counts[0].n} ${likely.extensions[0]} file${counts[0].n === 1 ? '' : 's'}): use a runtime such as ${likely.example}.` : '';
  return `Runtime ${runtime} runs ${language.name}, but the package has no ${language.extensions.join('/')} file, so every invocation would fail.${instead}`;
}
