// For F5 debugging of the integration suite (.vscode/launch.json "Extension Tests"): prepares the
// same workspace copy and seeded local Lambda API server the runners use, at fixed places, and runs
// the server in the foreground until stopped (a background task in .vscode/tasks.json).
//   node test/support/devStack.mjs [--port 4566]
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../scripts/vscode/paths.mjs';
import { handleSignalsYourself } from '../../scripts/vscode/procs.mjs';
import { endpointSettings, prepareWorkspace } from '../../scripts/vscode/workspace.mjs';
import { writeServerSeed } from './emulator.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4566' } } });
const dir = join(ROOT, '.cache', 'dev-test');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const endpoint = `http://127.0.0.1:${values.port}`;
const seeded = writeServerSeed(join(dir, 'emulator-seed.json'));
writeFileSync(join(dir, 'seeded.json'), JSON.stringify(seeded, null, 2));
const regions = [...new Set(seeded.map((f) => f.Region))];
const workspace = prepareWorkspace({ runDir: dir, source: join(ROOT, 'examples', 'hello-cjs'), settings: endpointSettings(endpoint, regions) });
console.log(`workspace ${workspace}`);
const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'emulator', '--port', values.port, '--seed', join(dir, 'emulator-seed.json')], { stdio: 'inherit' });
handleSignalsYourself();
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
