// npm run bench: runs every benchmark in this folder (each is a self-contained script that prints
// its table and writes bench/<name>.md), then gathers their reports into bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const all = ['list', 'package', 'build', 'invoke', 'debug', 'logflood', 'live', 'serve', 'activation'];
const only = process.argv.slice(2);
const selected = only.length ? all.filter((b) => only.includes(b)) : all;
let failed = 0;
for (const name of selected) {
  const script = join(here, `${name}.mjs`);
  if (!existsSync(script)) continue;
  console.log(`\n=== bench/${name} ===`);
  const r = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${name} failed (exit ${r.status})`);
  }
}

const sections = all
  .map((name) => join(here, `${name}.md`))
  .filter((f) => existsSync(f))
  .map((f) => readFileSync(f, 'utf8').trim());
const header = `# Benchmarks

\`npm run bench\` builds the project and runs every benchmark below on this machine (2 cores), each
measuring Lambda Workbench and its named peer in the same run. Ratios are ours ÷ peer (lower is
better). \`npm run bench -- list\` runs one. Each section is rewritten by its own run.
`;
writeFileSync(join(here, 'README.md'), [header, ...sections].join('\n\n') + '\n');
process.exitCode = failed ? 1 : 0;
