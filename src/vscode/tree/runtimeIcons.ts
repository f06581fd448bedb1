/** Icons by runtime family (codicons, tinted with chart colours). Pure. */
export interface IconSpec {
  id: string;
  color?: string;
}

export type RuntimeFamily = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'go' | 'custom' | 'image' | 'unknown';

export function runtimeFamily(runtime: string | undefined, packageType?: string): RuntimeFamily {
  if (packageType === 'Image') return 'image';
  const r = (runtime ?? '').toLowerCase();
  if (r.startsWith('nodejs')) return 'nodejs';
  if (r.startsWith('python')) return 'python';
  if (r.startsWith('java')) return 'java';
  if (r.startsWith('dotnet')) return 'dotnet';
  if (r.startsWith('ruby')) return 'ruby';
  if (r.startsWith('go')) return 'go';
  if (r.startsWith('provided')) return 'custom';
  return 'unknown';
}

const ICONS: Record<RuntimeFamily, IconSpec> = {
  nodejs: { id: 'symbol-event', color: 'charts.green' },
  python: { id: 'python', color: 'charts.blue' },
  java: { id: 'coffee', color: 'charts.orange' },
  dotnet: { id: 'symbol-class', color: 'charts.purple' },
  ruby: { id: 'ruby', color: 'charts.red' },
  go: { id: 'symbol-namespace', color: 'charts.blue' },
  custom: { id: 'server-process' },
  image: { id: 'package' },
  unknown: { id: 'symbol-function' },
};

export function runtimeIcon(runtime: string | undefined, packageType?: string): IconSpec {
  return ICONS[runtimeFamily(runtime, packageType)];
}
