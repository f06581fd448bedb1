/**
 * Parses an event payload in the UI, before anything runs, reporting where invalid JSON goes wrong
 * (line and column) so the editor can put the cursor there. The scanner is the local runtime's own
 * (a small pure module), so the UI and the runtime agree on every position.
 */
import { findJsonError, positionAt, stripBom } from '../../core/invoke/eventJson';

export type ParsedPayload = { ok: true; value: unknown; text: string } | { ok: false; message: string; line: number; column: number };

export function parsePayload(text: string, source = 'The event'): ParsedPayload {
  const body = stripBom(text);
  if (body.trim() === '') return { ok: true, value: {}, text: '{}' };
  try {
    return { ok: true, value: JSON.parse(body), text: body.trim() };
  } catch {
    const error = findJsonError(body) ?? { offset: 0, reason: 'Invalid JSON' };
    const { line, column } = positionAt(body, error.offset);
    return { ok: false, message: `${source} is not valid JSON (line ${line}, column ${column}): ${error.reason.replace(/\.$/, '')}.`, line, column };
  }
}
