// bench/list: 8 regions × 3 pages of ListFunctions at 200 ms injected latency, against the local
// Lambda API server over real HTTP. Ours lists the regions in parallel (each region pages to the
// end); the peer is the same listing one region after another. Target: ours ≤ 1.3 × 3 × 200 ms.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'dist', 'engine.js'));

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'sa-east-1'];
const PAGE = 10;
const PAGES = 3;
const LATENCY = 200;
const RUNS = 3;

const seed = { regions: {} };
for (const region of REGIONS) {
  // 29 functions at 10 a page is exactly 3 pages (the third is partial, so there is no 4th call).
  seed.regions[region] = Array.from({ length: PAGE * PAGES - 1 }, (_, i) => ({
    FunctionName: `fn-${String(i).padStart(2, '0')}`,
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Code: { Files: { 'index.js': 'exports.handler = async () => 1;\n' } },
  }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeList(service, concurrency) {
  const t = performance.now();
  const listings = await engine.listAllRegions(service, REGIONS, { pageSize: PAGE, concurrency });
  const ms = performance.now() - t;
  const total = listings.reduce((n, l) => n + l.functions.length, 0);
  const pages = listings.reduce((n, l) => n + l.pages, 0);
  if (listings.some((l) => l.error) || total !== REGIONS.length * (PAGE * PAGES - 1) || pages !== REGIONS.length * PAGES) {
    throw new Error(`unexpected listing: ${total} functions, ${pages} pages, errors: ${listings.filter((l) => l.error).map((l) => l.error.message)}`);
  }
  return ms;
}

function timeCli(url) {
  return new Promise((resolve, reject) => {
    const args = [join(root, 'dist', 'cli.js'), 'list', '--endpoint', url, '--page-size', String(PAGE), '--json', ...REGIONS.flatMap((r) => ['--region', r])];
    const t = performance.now();
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) return reject(new Error(`cli exited ${code}`));
      const n = JSON.parse(out).regions.reduce((a, r) => a + r.functions.length, 0);
      if (n !== REGIONS.length * (PAGE * PAGES - 1)) return reject(new Error(`cli listed ${n} functions`));
      resolve(ms);
    });
  });
}

const emulator = await engine.startEmulator({ port: 0, latencyMs: LATENCY, seed, stateDelayMs: 0 });
const factory = new engine.ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const service = engine.createLambdaService({ endpoint: emulator.url }, factory);
try {
  await timeList(service, REGIONS.length); // warm the connection pool and the SDK
  const parallel = [];
  const sequential = [];
  const cli = [];
  for (let i = 0; i < RUNS; i++) {
    parallel.push(await timeList(service, REGIONS.length));
    sequential.push(await timeList(service, 1));
    cli.push(await timeCli(emulator.url));
  }
  const p = median(parallel);
  const s = median(sequential);
  const c = median(cli);
  const target = Math.round(1.3 * PAGES * LATENCY);
  const rows = [
    ['ours: parallel regions (in process)', p, true],
    // The target is about the listing; a CLI run adds Node start-up and the SDK's first load.
    ['ours: `lambda-workbench list` (whole CLI process, start-up included)', c, false],
    ['peer: one region after another (in process)', s, false],
  ];
  const table = [
    '| what | median of ' + RUNS + ' (ms) | ratio vs sequential | target |',
    '| --- | ---: | ---: | --- |',
    ...rows.map(([name, ms, targeted]) => `| ${name} | ${ms.toFixed(0)} | ${(ms / s).toFixed(3)} | ${targeted ? (ms <= target ? `≤ ${target} ms: met` : `≤ ${target} ms: MISSED`) : ''} |`),
  ].join('\n');
  console.log(table);
  const md = `## list: ${REGIONS.length} regions × ${PAGES} pages at ${LATENCY} ms latency

Command: \`npm run bench -- list\` (bench/list.mjs). The local Lambda API server answers every
request after ${LATENCY} ms; each region holds ${PAGE * PAGES - 1} functions listed ${PAGE} a page (${PAGES} pages).
Target: at most 1.3 × ${PAGES} × ${LATENCY} ms = ${target} ms; sequential listing needs about ${REGIONS.length}× that.

${table}

Measured ${new Date().toISOString().slice(0, 10)} on the 2-core development machine. The CLI row includes Node start-up and loading the AWS SDK.
`;
  writeFileSync(join(root, 'bench', 'list.md'), md);
} finally {
  factory.dispose();
  await emulator.close();
}
