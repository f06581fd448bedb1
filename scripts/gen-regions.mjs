// Derives the region list from the partition data the AWS SDK ships (not a hand-kept list), so it
// moves with SDK upgrades. Writes src/core/aws/regions.generated.json (git-ignored).
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src', 'core', 'aws', 'regions.generated.json');
const require = createRequire(join(root, 'package.json'));
const coreDir = dirname(require.resolve('@aws-sdk/core/package.json'));
const file = join(coreDir, 'dist-es', 'submodules', 'client', 'util-endpoints', 'lib', 'aws', 'partitions.js');
const mod = await import(pathToFileURL(file).href);
const info = mod.default ?? mod.partitionsInfo ?? Object.values(mod).find((v) => v && Array.isArray(v.partitions));
if (!info) throw new Error(`No partition data found in ${file}`);
const regions = [];
for (const p of info.partitions) {
  for (const [id, data] of Object.entries(p.regions)) {
    if (id.startsWith('aws-')) continue; // pseudo-regions such as aws-global
    regions.push({ id, name: data.description ?? id, partition: p.id });
  }
}
regions.sort((a, b) => a.partition.localeCompare(b.partition) || a.id.localeCompare(b.id));
const text = JSON.stringify(regions, null, 1) + '\n';
mkdirSync(dirname(out), { recursive: true });
if (!existsSync(out) || readFileSync(out, 'utf8') !== text) writeFileSync(out, text);
