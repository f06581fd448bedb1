/**
 * "Other settings": every value of the GetFunction (and function URL) response that no section
 * rendered, so nothing the service returns is hidden, including fields newer than this page.
 */
import { formatScalar, humanizeKey } from '../../vscode/configPanel/format';
import { dl, paragraph, type Reader, row } from './fields.mjs';
import type { Section } from './sectionsMain.mjs';

interface Leaf {
  path: string;
  label: string;
  value: string;
}

const ROOT_LABELS: Record<string, string> = { fn: '', url: 'Function URL' };
const MAX_LEAVES = 500;

function collect(r: Reader, value: unknown, path: string, labels: string[], out: Leaf[]): void {
  if (out.length >= MAX_LEAVES || r.isShown(path)) return;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      out.push({ path, label: labels.join(' › '), value: value.length ? value.map(formatScalar).join(', ') : '(empty)' });
      return;
    }
    value.forEach((v, i) => collect(r, v, `${path}.${i}`, [...labels, `#${i + 1}`], out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return;
    for (const [k, v] of entries) collect(r, v, `${path}.${k}`, [...labels, humanizeKey(k)], out);
    return;
  }
  if (value === undefined) return;
  out.push({ path, label: labels.join(' › '), value: formatScalar(value) });
}

export function otherSection(r: Reader): Section {
  const leaves: Leaf[] = [];
  const root = r.root as Record<string, unknown>;
  for (const top of Object.keys(ROOT_LABELS)) {
    const v = root?.[top];
    if (v === undefined || v === null) continue;
    const start = ROOT_LABELS[top] ? [ROOT_LABELS[top]] : [];
    if (typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        // Under fn, the top-level object names (Configuration, Code) add nothing to a label.
        const label = top === 'fn' && (k === 'Configuration' || k === 'Code') ? [] : [humanizeKey(k)];
        collect(r, x, `${top}.${k}`, [...start, ...label], leaves);
      }
    }
  }
  return {
    id: 'other',
    title: 'Other settings',
    icon: 'list-unordered',
    summary: `${leaves.length}`,
    body: leaves.length
      ? [dl(...leaves.map((l) => row(l.label || l.path, l.value, { mono: true })))]
      : [paragraph('Every value the service returned is shown in the sections above.')],
  };
}
