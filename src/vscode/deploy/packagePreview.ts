/**
 * The package preview shown before a folder's first deploy: what goes in (with sizes), what was
 * left out and why, and any warnings. Markdown text for a read-only document. Pure.
 */
import type { ExcludedEntry, PackageManifest } from '../../core/package/types';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a path was excluded, in words. */
export function exclusionReason(e: ExcludedEntry): string {
  const rule = e.rule as string;
  if (rule.startsWith('.lambdaignore:')) return `.lambdaignore line ${rule.slice('.lambdaignore:'.length)}${e.pattern ? ` (\`${e.pattern}\`)` : ''}`;
  switch (rule) {
    case 'default':
      return `excluded by default${e.pattern ? ` (\`${e.pattern}\`)` : ''}`;
    case 'secret':
      return `possible secret${e.pattern ? ` (\`${e.pattern}\`)` : ''}; re-include with \`!pattern\` in .lambdaignore`;
    case 'secret-content':
      return 'contains a private key';
    case 'devDependency':
      return 'dev dependency (not needed at run time)';
    case 'symlink-outside-root':
      return 'symlink pointing outside the folder';
    case 'symlink-broken':
      return 'broken symlink';
    case 'symlink-cycle':
      return 'symlink cycle';
    case 'not-a-file':
      return 'not a regular file';
    case 'output-file':
      return 'the package being written';
    case 'separate-function':
      return 'a separately bound function (has its own lambda-workbench.json)';
    case 'setting':
      return `lambdaWorkbench.package.exclude${e.pattern ? ` (\`${e.pattern}\`)` : ''}`;
    default:
      return rule;
  }
}

/** Cells are escaped so a file name cannot break the table or inject markup. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

const MAX_ROWS = 500;

/** `extraWarnings`: the deploy's own (a deprecated runtime…), listed with the package's. */
export function formatPackagePreview(m: PackageManifest, title: string, extraWarnings: readonly string[] = []): string {
  const warnings = [...extraWarnings, ...m.warnings];
  const lines: string[] = [];
  lines.push(`# Package preview: ${cell(title)}`, '');
  lines.push(`**${m.fileCount} file${m.fileCount === 1 ? '' : 's'}**, ${formatBytes(m.zipBytes)} zipped (${formatBytes(m.unzippedBytes)} unzipped)  `);
  lines.push(`CodeSha256 \`${m.codeSha256}\`  `);
  lines.push(`Folder: ${cell(m.root)}`, '');
  if (m.secretsExcluded.length) {
    lines.push(`> **${m.secretsExcluded.length} possible secret${m.secretsExcluded.length === 1 ? ' was' : 's were'} left out:** ${m.secretsExcluded.map(cell).join(', ')}`, '');
  }
  if (warnings.length) {
    lines.push(`## ⚠ ${warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}`, '');
    for (const w of warnings) lines.push(`- **${cell(w)}**`);
    lines.push('');
  }
  if (m.build) lines.push(...buildSection(m), '');
  lines.push('## Included', '', '| File | Size | Zipped | Mode |', '| --- | ---: | ---: | --- |');
  const files = [...m.files].sort((a, b) => a.path.localeCompare(b.path));
  for (const f of files.slice(0, MAX_ROWS)) lines.push(`| ${cell(f.path)} | ${formatBytes(f.size)} | ${formatBytes(f.compressedSize)} | ${f.mode} |`);
  if (files.length > MAX_ROWS) lines.push(`| … ${files.length - MAX_ROWS} more | | | |`);
  lines.push('');
  lines.push('## Excluded', '');
  if (m.excluded.length === 0) lines.push('Nothing was excluded.');
  else {
    lines.push('| Path | Why |', '| --- | --- |');
    for (const e of m.excluded.slice(0, MAX_ROWS)) lines.push(`| ${cell(e.path)} | ${exclusionReason(e)} |`);
    if (m.excluded.length > MAX_ROWS) lines.push(`| … ${m.excluded.length - MAX_ROWS} more | |`);
  }
  lines.push('', 'Change what goes in with a `.lambdaignore` file (gitignore syntax) at the folder root.', '');
  return lines.join('\n');
}

const EXTERNAL_WHY = {
  'runtime-provided': 'provided by the Lambda runtime (AWS SDK v3): not shipped',
  setting: 'listed in Build.External: shipped in node_modules with its production dependencies',
  native: 'has native addons (.node files), which cannot be bundled: shipped in node_modules with its production dependencies',
} as const;

/** What the build did: entry points, bundle size, the remapped Handler, and what stayed external and why. */
function buildSection(m: PackageManifest): string[] {
  const b = m.build!;
  const lines = ['## Build (esbuild)', ''];
  lines.push(`${b.reason === 'typescript' ? 'The handler is TypeScript, so the package is built' : 'Built because lambda-workbench.json sets Build'}: ${b.entryPoints.map((e) => `\`${cell(e)}\``).join(', ')} → ${b.outputs.map((o) => `\`${cell(o.path)}\``).join(', ')}  `);
  lines.push(`Bundle: **${formatBytes(b.bundleBytes)}** of JavaScript (target ${cell(b.target)}, ${b.format}${b.minify ? ', minified' : ''}${b.sourcemap ? ', source maps' : ''}), ${b.durationMs} ms  `);
  lines.push(`Handler: **\`${cell(b.handler)}\`**${b.handler !== b.sourceHandler ? ` (the binding's \`${cell(b.sourceHandler)}\`; deploy sets the function's Handler to the built file)` : ''}`, '');
  if (b.externals.length === 0) lines.push('Nothing stayed external: every import is in the bundle.');
  else {
    lines.push('| External | Why |', '| --- | --- |');
    for (const e of b.externals) lines.push(`| ${cell(e.name)} | ${EXTERNAL_WHY[e.reason]} |`);
  }
  return lines;
}

/** One line for the confirmation dialog. */
export function previewSummary(m: PackageManifest): string {
  const parts = [`${m.fileCount} file${m.fileCount === 1 ? '' : 's'}, ${formatBytes(m.zipBytes)} zipped (${formatBytes(m.unzippedBytes)} unzipped)`];
  if (m.excluded.length) parts.push(`${m.excluded.length} path${m.excluded.length === 1 ? '' : 's'} excluded`);
  if (m.secretsExcluded.length) parts.push(`including ${m.secretsExcluded.length} possible secret${m.secretsExcluded.length === 1 ? '' : 's'}`);
  return parts.join('; ') + '.';
}
