/**
 * The platform-specific .vsix files built by `npm run package:all` (the `package` stage runs it
 * first): each holds exactly one esbuild binary, for its own OS and CPU (read from the binary's
 * header, not its name), the manifest says its target, and the host's one installs into the real
 * VS Code here and transpiles TypeScript with the esbuild it carries.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import AdmZip = require('adm-zip');

// Compiled to out/test/package: the repo root is three levels up.
const root = path.resolve(__dirname, '../../..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

type Format = 'pe' | 'macho' | 'elf';
const EXPECTED: Record<string, { format: Format; cpu: 'x64' | 'arm64' }> = {
  'win32-x64': { format: 'pe', cpu: 'x64' },
  'win32-arm64': { format: 'pe', cpu: 'arm64' },
  'darwin-x64': { format: 'macho', cpu: 'x64' },
  'darwin-arm64': { format: 'macho', cpu: 'arm64' },
  'linux-x64': { format: 'elf', cpu: 'x64' },
  'linux-arm64': { format: 'elf', cpu: 'arm64' },
  'alpine-x64': { format: 'elf', cpu: 'x64' },
};

/** Reads an executable's container format and CPU from its header (PE COFF machine, Mach-O cputype, ELF e_machine). */
export function binaryKind(b: Buffer): { format: Format; cpu: string } {
  if (b[0] === 0x4d && b[1] === 0x5a) {
    const pe = b.readUInt32LE(0x3c);
    assert.equal(b.toString('latin1', pe, pe + 4), 'PE\0\0', 'PE signature');
    const machine = b.readUInt16LE(pe + 4);
    return { format: 'pe', cpu: machine === 0x8664 ? 'x64' : machine === 0xaa64 ? 'arm64' : `0x${machine.toString(16)}` };
  }
  if (b.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = b.readUInt32LE(4);
    return { format: 'macho', cpu: cpu === 0x01000007 ? 'x64' : cpu === 0x0100000c ? 'arm64' : `0x${cpu.toString(16)}` };
  }
  if (b.readUInt32BE(0) === 0x7f454c46) {
    const machine = b[5] === 1 ? b.readUInt16LE(0x12) : b.readUInt16BE(0x12);
    return { format: 'elf', cpu: machine === 0x3e ? 'x64' : machine === 0xb7 ? 'arm64' : `0x${machine.toString(16)}` };
  }
  return { format: 'unknown' as Format, cpu: 'unknown' };
}

describe('platform-specific .vsix packages', () => {
  for (const [target, want] of Object.entries(EXPECTED)) {
    describe(target, () => {
      const file = path.join(dist, `lambda-workbench-${target}.vsix`);
      let zip: AdmZip;
      before(function () {
        assert.ok(existsSync(file), `${file} is missing: the package stage (npm run package:all) did not build it`);
        zip = new AdmZip(file);
      });

      it('holds exactly one esbuild binary, built for this target', () => {
        const names = zip.getEntries().map((e) => e.entryName);
        const platformPkgs = new Set(names.filter((n) => n.startsWith('extension/node_modules/@esbuild/')).map((n) => n.split('/')[3]));
        assert.equal(platformPkgs.size, 1, `one @esbuild platform package, got ${[...platformPkgs].join(', ')}`);
        const binaries = names.filter((n) => /^extension\/node_modules\/@esbuild\/[^/]+\/(bin\/esbuild|esbuild\.exe)$/.test(n));
        assert.equal(binaries.length, 1, binaries.join(', '));
        assert.ok(!names.some((n) => n.startsWith('extension/node_modules/esbuild/bin/')), "esbuild's CLI copy of the binary stays out");
        const kind = binaryKind(zip.readFile(binaries[0]!)!);
        assert.deepEqual(kind, want, `${binaries[0]} header`);
      });

      it('declares its target and carries the manifest, icon and bundles', () => {
        const manifest = zip.readAsText('extension.vsixmanifest');
        assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
        const inner = JSON.parse(zip.readAsText('extension/package.json'));
        for (const k of ['publisher', 'repository', 'bugs', 'homepage', 'galleryBanner', 'icon', 'extensionKind', 'capabilities']) assert.ok(inner[k], k);
        assert.equal(inner.version, pkg.version);
        for (const f of ['extension/media/icon.png', 'extension/dist/extension.js', 'extension/dist/engine.js', 'extension/dist/awsSdk.js', 'extension/node_modules/esbuild/lib/main.js']) assert.ok(zip.getEntry(f), f);
        assert.ok(!zip.getEntries().some((e) => e.entryName.startsWith('extension/media/screenshots/')), 'README screenshots stay out of the package');
        const readme = zip.readAsText('extension/readme.md');
        assert.doesNotMatch(readme, /\]\((?!https?:|#)[^)]+\)/, 'relative links and images in the packaged README point at the repository (they are not in the package)');
        assert.match(readme, /\]\(https:\/\/[^)]+\/media\/screenshots\/tree\.png\)/);
      });
    });
  }

  it('the host .vsix installs into the real VS Code here and its esbuild transpiles TypeScript', async function () {
    const host = `${process.platform}-${process.arch}`;
    if (!EXPECTED[host]) this.skip(); // only the targets above can be installed and run here
    // The offline VS Code (code-server) that the integration stage installs.
    const { ENTRY } = (await import(pathToFileURL(path.join(root, 'scripts', 'vscode', 'paths.mjs')).href)) as { ENTRY: string };
    assert.ok(existsSync(ENTRY), `the real VS Code is not installed (${ENTRY}): run npm run setup:vscode`);
    const tmp = mkdtempSync(path.join(tmpdir(), 'lw-vsix-install-'));
    try {
      const out = execFileSync(process.execPath, [ENTRY, '--user-data-dir', path.join(tmp, 'user'), '--extensions-dir', path.join(tmp, 'ext'), '--install-extension', path.join(dist, `lambda-workbench-${host}.vsix`)], {
        encoding: 'utf8',
        timeout: 120000,
      });
      assert.match(out, /successfully installed/i);
      const [installed] = readdirSync(path.join(tmp, 'ext')).filter((d) => d.startsWith(`${pkg.publisher}.${pkg.name}-`));
      assert.ok(installed, 'the extension folder exists');
      const esbuildMain = path.join(tmp, 'ext', installed, 'node_modules', 'esbuild');
      const js = execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(esbuildMain)}).transformSync('const n: number = 1; export {n}', {loader: 'ts', format: 'cjs'}).code)`], { encoding: 'utf8', timeout: 60000 });
      assert.match(js, /const n = 1/);
      assert.doesNotMatch(js, /: number/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
