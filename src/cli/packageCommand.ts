import { basename, join, resolve } from 'node:path';
import { loadBinding } from '../core/config/binding';
import { resolveCodeRoot } from '../core/config/codeRoot';
import { bindingPackageOptions } from '../core/deploy/target';
import { WorkbenchError } from '../core/errors';
import { checkProductFile, writeProductFile, type ProductFileOptions } from '../core/files/productFile';
import { formatBytes } from '../core/package/limits';
import { packageFolder } from '../core/package/packageFolder';
import type { PackageManifest } from '../core/package/types';
import { EXIT_OK, parseFlags, writeJson, type CliCommand } from './command';

const usage = `Usage: lambda-workbench package <dir> [--out FILE] [--json] [--include-secrets] [--handler H]

Packages a folder into the deterministic .zip a deploy would upload, and reports what went in.
Honours <dir>/lambda-workbench.json (CodeRoot, Handler, Build, Runtime) and .lambdaignore.
A TypeScript handler (or "Build" in the binding file) is built with esbuild first; the JSON
manifest's "handler" is the Handler the built package runs under.
  --out FILE          write the zip to FILE (default: only report). An existing FILE is replaced only
                      when it is a zip archive (and, inside <dir>, named .zip); links, devices,
                      pipes and folders are refused
  --json              print the manifest: codeSha256, zipBytes, unzippedBytes, files, excluded, warnings
  --include-secrets   keep files the secret rules leave out (.env*, *.pem, *.key, .npmrc, ...)
  --handler H         warn when H's file (e.g. src/app.handler -> src/app.js) is not in the package
Exit codes: 0 packaged, 1 too large for Lambda, 2 bad folder, binding file, flags or build errors.`;

export const packageCommand: CliCommand = {
  name: 'package',
  summary: 'Package a folder into a deterministic Lambda .zip',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      out: { type: 'string' },
      json: { type: 'boolean' },
      'include-secrets': { type: 'boolean' },
      handler: { type: 'string' },
    });
    if (positionals.length > 1) throw new WorkbenchError('usage', `Expected one folder, got ${positionals.length}: ${positionals.join(' ')}.`, { hint: 'Run with --help.' });
    const folder = resolve(positionals[0] ?? '.');
    const loaded = await loadBinding(folder);
    for (const w of loaded?.warnings ?? []) io.stderr.write(`warning: ${basename(loaded?.file ?? '')}: ${w}\n`);
    const binding = loaded?.binding;
    const codeRoot = resolveCodeRoot(folder, binding?.CodeRoot);
    const out = values.out ? resolve(values.out) : undefined;
    // Checked before packaging so a bad target costs nothing, and again when writing.
    const outRules: ProductFileOptions = { kind: 'zip', sourceRoot: codeRoot, label: '--out' };
    if (out) checkProductFile(out, outRules);

    const { zip, manifest } = await packageFolder(codeRoot, {
      ...bindingPackageOptions(binding ?? {}),
      signal: io.signal,
      // A CLI process has nothing else on its event loop to keep free, so the packaging worker
      // would only add its start-up (~50 ms, a new V8 isolate) to every run; the packager still
      // yields every few ms, so Ctrl+C is answered, and deflating stays on the helper threads.
      thread: 'main',
      includeSecrets: values['include-secrets'] === true,
      handler: values.handler ?? binding?.Handler,
      runtime: binding?.Runtime,
      outFile: out,
      ignoreFiles: [...new Set([join(codeRoot, '.lambdaignore'), join(folder, '.lambdaignore')])],
    });
    if (out) await writeProductFile(out, zip, outRules);

    if (values.json) {
      writeJson(io, { ...manifest, ...(out ? { out } : {}) });
    } else {
      io.stdout.write(summary(manifest, out));
      for (const w of manifest.warnings) io.stderr.write(`warning: ${w}\n`);
    }
    return EXIT_OK;
  },
};

function summary(m: PackageManifest, out: string | undefined): string {
  const lines = [
    `${m.fileCount} files, ${formatBytes(m.unzippedBytes)} unzipped, ${formatBytes(m.zipBytes)} zipped`,
    `CodeSha256 ${m.codeSha256}`,
  ];
  if (m.incremental) lines.push(`incremental cache: ${m.incremental.reused} entries reused, ${m.incremental.compressed} compressed`);
  if (m.build) lines.push(...buildSummary(m));
  if (m.excluded.length) {
    const byRule = new Map<string, number>();
    for (const e of m.excluded) byRule.set(e.rule, (byRule.get(e.rule) ?? 0) + 1);
    lines.push(`excluded ${m.excluded.length}: ${[...byRule].map(([rule, n]) => `${n} ${rule}`).join(', ')}`);
  }
  if (out) lines.push(`wrote ${out}`);
  return `${lines.join('\n')}\n`;
}

/** The build in a few lines: what was built into what, the Handler, and what stayed external. */
export function buildSummary(m: PackageManifest): string[] {
  const b = m.build!;
  const lines = [
    `built ${b.entryPoints.join(', ')} with esbuild (${b.target}, ${b.format}${b.minify ? ', minified' : ''}${b.sourcemap ? ', source maps' : ''}) into ${formatBytes(b.bundleBytes)} of JavaScript in ${b.durationMs} ms`,
    `Handler ${b.handler}${b.handler !== b.sourceHandler ? ` (built from ${b.sourceHandler})` : ''}`,
  ];
  for (const e of b.externals) lines.push(`external ${e.name}: ${EXTERNAL_REASONS[e.reason]}${e.shipped ? `, shipped in ${e.key ?? 'node_modules'}` : ''}`);
  return lines;
}

const EXTERNAL_REASONS = {
  'runtime-provided': 'provided by the Lambda runtime (AWS SDK v3)',
  setting: 'listed in Build.External',
  native: 'has native addons (.node files), which cannot be bundled',
} as const;
