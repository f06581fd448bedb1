/**
 * `--env-file` parsing: KEY=VALUE lines (dotenv style). Errors name the file and line, never a value.
 */
import { isWorkbenchError, WorkbenchError } from '../errors';
import { readRegularTextFile } from '../files/regularFile';

/** Lambda's rule for variable names. */
export const ENV_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

function lineError(source: string, line: number, what: string): WorkbenchError {
  return new WorkbenchError('validation', `${source} line ${line}: ${what}.`, { hint: 'Each line must be KEY=VALUE, a # comment, or blank.', details: { line } });
}

/**
 * Parses dotenv-style text: `KEY=VALUE`, optional `export `, `#` comments, blank lines, values in
 * single quotes (literal) or double quotes (\n, \t, \", \\ escapes; may span lines).
 */
export function parseEnvFile(text: string, source = 'The env file'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq <= 0) throw lineError(source, lineNo, 'expected KEY=VALUE');
    const key = body.slice(0, eq).trim();
    if (!ENV_KEY.test(key)) throw lineError(source, lineNo, `"${key.slice(0, 60)}" is not a valid variable name (letters, digits and underscores, starting with a letter, at least 2 characters)`);
    let value = body.slice(eq + 1).trim();
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      let rest = value.slice(1);
      let end = findClosing(rest, quote);
      const startLine = lineNo;
      while (end < 0 && quote === '"' && i + 1 < lines.length) {
        rest += '\n' + lines[++i];
        end = findClosing(rest, quote);
      }
      if (end < 0) throw lineError(source, startLine, 'the quoted value is not closed');
      const after = rest.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw lineError(source, startLine, 'unexpected text after the closing quote');
      value = rest.slice(0, end);
      if (quote === '"') value = value.replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
    } else {
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash).trim();
    }
    out[key] = value;
  }
  return out;
}

function findClosing(s: string, quote: string): number {
  for (let j = 0; j < s.length; j++) {
    if (quote === '"' && s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === quote) return j;
  }
  return -1;
}

export async function readEnvFile(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readRegularTextFile(file, 'The env file');
  } catch (e) {
    if (isWorkbenchError(e)) throw e;
    throw new WorkbenchError('validation', `Cannot read the env file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { path: file });
  }
  return parseEnvFile(text, `The env file ${file}`);
}
