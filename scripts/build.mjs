// Bundles the extension, the lazily loaded engine, the invoke worker and the CLI with esbuild.
// The extension entry must stay small: everything heavy lives in dist/engine.js and is required on
// first use (see src/vscode/engine.ts); the AWS SDK is dist/awsSdk.js, required by the engine on its
// own first use (src/core/aws/sdk.ts).
import * as esbuild from 'esbuild';
import { statSync } from 'node:fs';

// Files derived from dependencies are produced by the build that needs them, so a fresh clone
// builds with `npm ci && npm run build` alone.
await import('./gen-regions.mjs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const MAIN_BUNDLE_LIMIT = 150 * 1024;

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  // esbuild is a runtime dependency (TypeScript handlers are transpiled on the fly) and ships its
  // own native binary, so it is never bundled.
  external: ['vscode', 'esbuild'],
  define: { 'process.env.LW_BUNDLED': '"1"' },
  // jsonc-parser's UMD main requires its ./impl files at run time, which a bundle does not have:
  // bundle its ES module build instead (tests under tsc/Node keep using the UMD main).
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const builds = [
  { entryPoints: { extension: 'src/extension.ts' } },
  { entryPoints: { engine: 'src/core/index.ts' } },
  // The AWS SDK, required by src/core/aws/sdk.ts on first use: not parsed by runs that never call AWS.
  { entryPoints: { awsSdk: 'src/core/aws/sdkBundle.ts' } },
  // Debug Locally, required on first use (src/vscode/debug/lazyDebug.ts).
  { entryPoints: { debug: 'src/vscode/debug/index.ts' } },
  // keepNames: stack frames users see (e.g. "Runtime.handler") must survive minification.
  { entryPoints: { invokeWorker: 'src/core/invoke/invokeWorker.ts' }, keepNames: true },
  // A process-isolated environment's main thread: relays to the same runtime (invokeWorker).
  { entryPoints: { processRelay: 'src/core/invoke/processRelay.ts' } },
  // Packaging runs off the caller's thread; its own small bundle keeps the worker's memory low.
  { entryPoints: { packageWorker: 'src/core/package/packageWorker.ts' } },
  // Its deflate helper threads: a bundle of their own that loads almost nothing, so they start fast.
  { entryPoints: { deflateHelper: 'src/core/package/deflateHelper.ts' } },
  // The bin: a few lines that load the CLI bundle a command needs (src/cliLauncher.ts).
  { entryPoints: { cli: 'src/cliLauncher.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { cliAll: 'src/cli/entries/all.ts' } },
  { entryPoints: { cliPackage: 'src/cli/entries/package.ts' } },
  // The configuration webview's page script runs in the browser sandbox, not in Node.
  { entryPoints: { 'webview/config': 'src/webview/config/main.mts' }, platform: 'browser', format: 'iife', target: 'es2022', external: [], define: {} },
].map((b) => ({ ...common, ...b, outdir: 'dist' }));

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const size = statSync('dist/extension.js').size;
  if (production && size > MAIN_BUNDLE_LIMIT) {
    console.error(`dist/extension.js is ${size} bytes, over the ${MAIN_BUNDLE_LIMIT}-byte budget: something heavy was imported eagerly.`);
    process.exit(1);
  }
}
