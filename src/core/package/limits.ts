/** Lambda's size limits, checked before anything is uploaded, with the biggest offenders named. */
import { WorkbenchError } from '../errors';
import { isPackageDir } from './dependencies';

export interface SizedPath {
  path: string;
  size: number;
}

export interface Offenders {
  folders: SizedPath[];
  files: SizedPath[];
}

/**
 * The largest top-level folders and installed packages (node_modules/x, node_modules/@s/x, nested
 * ones too), and the largest files. Package folders are what a user can act on ("drop aws-sdk"),
 * so they are listed rather than every ancestor, which would just repeat node_modules/.
 */
export function biggestOffenders(files: readonly SizedPath[], top = 5): Offenders {
  const folders = new Map<string, number>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts.length > 1) add(folders, `${parts[0]}/`, f.size);
    for (let i = 2; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (isPackageDir(dir)) add(folders, `${dir}/`, f.size);
    }
  }
  const bySize = (a: SizedPath, b: SizedPath) => b.size - a.size || (a.path < b.path ? -1 : 1);
  return {
    folders: [...folders].map(([path, size]) => ({ path, size })).sort(bySize).slice(0, top),
    files: [...files].sort(bySize).slice(0, top).map(({ path, size }) => ({ path, size })),
  };
}

function add(map: Map<string, number>, key: string, size: number): void {
  map.set(key, (map.get(key) ?? 0) + size);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function describe(list: SizedPath[]): string {
  return list.map((x) => `${x.path} (${formatBytes(x.size)})`).join(', ');
}

export function limitError(what: 'zipped' | 'unzipped', actual: number, limit: number, offenders: Offenders, root: string, partial = false): WorkbenchError {
  const size = partial ? `more than ${formatBytes(actual)}` : formatBytes(actual);
  const rule = what === 'zipped' ? "Lambda's limit for a direct .zip upload" : "Lambda's limit for a function's unzipped code";
  const parts = [`The package is ${size} ${what}, over ${rule} (${formatBytes(limit)}).`];
  if (offenders.folders.length) parts.push(`Biggest folders: ${describe(offenders.folders)}.`);
  if (offenders.files.length) parts.push(`Biggest files: ${describe(offenders.files)}.`);
  parts.push('Nothing was uploaded.');
  return new WorkbenchError('limits', parts.join(' '), {
    hint: `List what the function does not need in ${root.replace(/[\\/]$/, '')}/.lambdaignore (gitignore syntax, e.g. "assets/" or "*.map"), or move large dependencies to a layer.`,
    details: { [`${what}Bytes`]: actual, limitBytes: limit, biggestFolders: offenders.folders, biggestFiles: offenders.files },
  });
}
