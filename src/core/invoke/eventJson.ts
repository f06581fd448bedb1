/**
 * Event payloads are JSON. JSON.parse does not always say where it failed, so a small scanner
 * finds the first offending character and reports its line and column, before anything runs.
 */
import { WorkbenchError } from '../errors';

/**
 * Event text as the handler should get it: without a leading UTF-8 byte order mark, which editors
 * on Windows add and JSON.parse rejects. Every place an event enters (files, stdin, the editor,
 * invokeJson) passes through here.
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface JsonPosition {
  offset: number;
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): JsonPosition {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { offset, line, column: col };
}

/** Returns the offset and reason of the first JSON syntax error, or undefined when the text is valid JSON. */
export function findJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason };
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i >= text.length ? 'Unexpected end of JSON input' : `Unexpected character '${text[i]}'`);
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail('Bad Unicode escape in string');
            }
          }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail('Bad escaped character in string');
      } else if (c < ' ') fail('Bad control character in string');
      else i++;
    }
    fail('Unterminated string');
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail('Invalid number');
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10000) fail('Nesting too deep');
    ws();
    const c = text[i];
    if (c === undefined) fail('Unexpected end of JSON input');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === undefined ? 'Unexpected end of JSON input' : "Expected property name or '}'");
        string();
        ws();
        if (text[i] !== ':') fail("Expected ':' after property name");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail(text[i] === undefined ? 'Unexpected end of JSON input' : "Expected ',' or '}' after property value");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail(text[i] === undefined ? 'Unexpected end of JSON input' : "Expected ',' or ']' after array element");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail(`Unexpected character '${c}'`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`Unexpected non-whitespace character '${text[i]}' after JSON`);
    return undefined;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; reason: string };
    throw e;
  }
}

/**
 * Parses event JSON, or throws WorkbenchError('validation') with the line and column of the first
 * error. `source` names where the text came from (a file path, "stdin").
 */
export function parseEventJson(text: string, source = 'The event'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    const err = findJsonError(body) ?? { offset: 0, reason: 'Invalid JSON' };
    const pos = positionAt(body, err.offset);
    throw new WorkbenchError('validation', `${source} is not valid JSON: ${err.reason} at line ${pos.line}, column ${pos.column}.`, {
      hint: 'An event must be a JSON document; fix it and try again.',
      details: { line: pos.line, column: pos.column },
    });
  }
}
