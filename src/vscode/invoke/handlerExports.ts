/**
 * Finds the functions a JavaScript/TypeScript file exports, with their positions, for CodeLens,
 * "which export?" and the deploy wizard's handler guess. A fast lexical scan, not a parser: it
 * recognises the export forms handlers are written in and skips comments and strings. Pure.
 */
export interface ExportedFunction {
  name: string;
  /** 0-based line and column of the export's name. */
  line: number;
  column: number;
}

const PATTERNS: RegExp[] = [
  // export const handler = async (event) => …   export async function handler(…)   export function* x
  /^[ \t]*export[ \t]+(?:async[ \t]+)?function\*?[ \t]+([A-Za-z_$][\w$]*)/gm,
  /^[ \t]*export[ \t]+(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=/gm,
  // exports.handler = …   module.exports.handler = …
  /^[ \t]*(?:module\.)?exports\.([A-Za-z_$][\w$]*)[ \t]*=(?!=)/gm,
];

/** `export { a, b as handler }` and `module.exports = { handler, other: x }`. */
const LIST_PATTERNS: RegExp[] = [/^[ \t]*export[ \t]*\{([^}]*)\}/gm, /^[ \t]*module\.exports[ \t]*=[ \t]*\{([^}]*)\}/gm];

const DEFAULT_EXPORT = /^[ \t]*(?:export[ \t]+default\b|module\.exports[ \t]*=[ \t]*(?!\{)(?:async[ \t]+)?(?:function\b|\(|[A-Za-z_$][\w$]*[ \t]*=>))/gm;

export function findExportedFunctions(source: string): ExportedFunction[] {
  const text = blankCommentsAndStrings(source);
  const found = new Map<string, ExportedFunction>();
  const add = (name: string, index: number) => {
    if (found.has(name)) return;
    found.set(name, { name, ...position(text, index) });
  };
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) add(m[1], m.index + m[0].lastIndexOf(m[1]));
  }
  // exports['handler'] = …: the name is inside a string (blanked in `text`), so read it from the
  // source, where the statement start is not itself inside a comment.
  for (const m of source.matchAll(/^[ \t]*(?:module\.)?exports\[(['"])([A-Za-z_$][\w$]*)\1\][ \t]*=(?!=)/gm)) {
    const start = m.index + m[0].search(/\S/);
    if (text.slice(start, start + 7) === source.slice(start, start + 7)) add(m[2], m.index + m[0].indexOf(m[2]));
  }
  for (const pattern of LIST_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const isModuleExports = m[0].includes('module.exports');
      let offset = m.index + m[0].indexOf('{') + 1;
      for (const part of m[1].split(',')) {
        // export { a as b } exports "b"; module.exports = { b: a, c, async d() {} } exports b, c, d.
        const named = isModuleExports
          ? /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::|\(|$)/.exec(part)
          : /^\s*[A-Za-z_$][\w$]*(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*$/.exec(part);
        const name = isModuleExports ? named?.[1] : named ? (named[1] ?? part.trim()) : undefined;
        if (name && name !== 'default') add(name, offset + part.lastIndexOf(name));
        offset += part.length + 1;
      }
    }
  }
  for (const m of text.matchAll(DEFAULT_EXPORT)) add('default', m.index + m[0].search(/\S/));
  return [...found.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Names that look like Lambda entry points come first in pickers. */
export function rankHandlers(exports: ExportedFunction[]): ExportedFunction[] {
  const score = (n: string) => (n === 'handler' ? 0 : /handler$/i.test(n) ? 1 : n === 'default' ? 3 : 2);
  return [...exports].sort((a, b) => score(a.name) - score(b.name) || a.line - b.line);
}

function position(text: string, index: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart };
}

/**
 * Replaces comments and string/template contents with spaces (keeping newlines, so positions
 * stay right) so an `exports.x =` inside a string or comment is not taken for an export.
 */
export function blankCommentsAndStrings(source: string): string {
  const out = source.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') j++;
        else if (c !== '`' && source[j] === '\n') break;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}
