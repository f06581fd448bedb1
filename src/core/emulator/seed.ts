/**
 * Seed files: functions the server starts with, per region. Each entry is a CreateFunction request
 * (PascalCase) whose Code is a folder, inline files or base64 zip bytes, plus a few server-only
 * keys (see docs/emulator.md). Entries pass the same validation as CreateFunction.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CreateFunctionRequest } from '@aws-sdk/client-lambda';
import type JSZipClass from 'jszip';
import { WorkbenchError } from '../errors';
import { errorsOnly, validateCreateFunction } from '../config/validateFunction';
import { DEFAULTS } from '../config/validationRules';
import type { BuildSettings } from '../config/binding';
import { applyBuildSettings } from '../deploy/buildSettings';
import { planBuild } from '../package/buildPlan';
import { packageFolder } from '../package/packageFolder';
import type { FunctionStore } from './store';
import type { FailureSpec, FunctionUrlConfig } from './types';

export interface SeedCode {
  /** A folder to zip, relative to the seed file. */
  Dir?: string;
  /** Inline files: relative path → UTF-8 content. */
  Files?: Record<string, string>;
  /** Zip bytes, base64. */
  ZipFile?: string;
}

export type SeedFunction = Omit<Partial<CreateFunctionRequest>, 'Code'> & {
  FunctionName: string;
  /** Only in the `functions` list form; default: the server's default region. */
  Region?: string;
  Code?: SeedCode;
  /** Start in State Pending (as if just created) instead of Active. */
  Pending?: boolean;
  /** Make the function State Failed with this reason (tests the client's error path). */
  Failure?: FailureSpec;
  ReservedConcurrentExecutions?: number;
  FunctionUrl?: Partial<Pick<FunctionUrlConfig, 'AuthType' | 'InvokeMode' | 'Cors'>>;
  /** As in the binding file: a Code.Dir whose handler is TypeScript (or with Build set) is built first. */
  Build?: boolean | BuildSettings;
};

export interface SeedFile {
  /** Region → functions. */
  regions?: Record<string, SeedFunction[]>;
  /** Alternative form: one list, each entry naming its Region. */
  functions?: SeedFunction[];
  /** Folder that relative Code.Dir paths start from (set when loaded from a file). */
  baseDir?: string;
}

export const SEED_DEFAULT_ROLE = 'arn:aws:iam::123456789012:role/lambda-workbench-local';
/** A fixed entry date keeps a seeded function's CodeSha256 the same from run to run. */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));
const DEFAULT_HANDLER_FILE = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n';

export async function readSeedFile(file: string): Promise<SeedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new WorkbenchError('usage', `Cannot read the seed file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { hint: 'Check the --seed path.' });
  }
  let seed: SeedFile;
  try {
    seed = JSON.parse(text) as SeedFile;
  } catch (e) {
    throw new WorkbenchError('validation', `The seed file ${file} is not valid JSON: ${(e as Error).message}.`);
  }
  if (typeof seed !== 'object' || seed === null || (!seed.regions && !seed.functions)) {
    throw new WorkbenchError('validation', `The seed file ${file} must hold {"regions": {"us-east-1": [ ... ]}} or {"functions": [ ... ]}.`, { hint: 'See docs/emulator.md for the seed format.' });
  }
  return { ...seed, baseDir: seed.baseDir ? resolve(dirname(file), seed.baseDir) : dirname(resolve(file)) };
}

/**
 * jszip (and pako inside it) is required on first use: the engine bundle holds it, but running
 * its module code at load would tax every caller that never seeds a zip (`package`, `invoke`).
 */
function newZip(): JSZipClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const JSZip = require('jszip') as typeof JSZipClass;
  return new JSZip();
}

async function zipFolder(dir: string): Promise<Buffer> {
  const zip = newZip();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries.sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(dir, full).split(sep).join('/');
    if (rel.split('/').includes('.git')) continue;
    const mode = (await stat(full)).mode & 0o777;
    zip.file(rel, await readFile(full), { date: ZIP_DATE, unixPermissions: mode });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

async function zipFiles(files: Record<string, string>): Promise<Buffer> {
  const zip = newZip();
  for (const name of Object.keys(files).sort()) zip.file(name, files[name], { date: ZIP_DATE, unixPermissions: 0o644 });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

async function seedZip(code: SeedCode | undefined, baseDir: string, where: string): Promise<Buffer> {
  if (code?.ZipFile) return Buffer.from(code.ZipFile, 'base64');
  if (code?.Files) return zipFiles(code.Files);
  if (code?.Dir) {
    const dir = resolve(baseDir, code.Dir);
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new WorkbenchError('validation', `${where}: Code.Dir ${dir} is not a folder.`, { hint: 'Code.Dir is relative to the seed file.' });
    }
    return zipFolder(dir);
  }
  return zipFiles({ 'index.js': DEFAULT_HANDLER_FILE });
}

/**
 * A Code.Dir that needs building (a TypeScript handler, or Build set) is packaged the way a deploy
 * packages it, and `input` gets the built Handler: seeded functions run what a deploy would upload.
 */
async function builtSeedZip(code: SeedCode | undefined, baseDir: string, input: CreateFunctionRequest, build: SeedFunction['Build']): Promise<Buffer | undefined> {
  if (!code?.Dir || code.ZipFile || code.Files) return undefined;
  const dir = resolve(baseDir, code.Dir);
  const options = { handler: input.Handler, runtime: input.Runtime, build };
  try {
    if (!(await stat(dir)).isDirectory() || !planBuild(dir, options)) return undefined;
  } catch {
    return undefined; // seedZip reports a missing folder
  }
  const { zip, manifest } = await packageFolder(dir, { ...options, architecture: input.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64' });
  applyBuildSettings(input, manifest, undefined);
  return zip;
}

function entries(seed: SeedFile, defaultRegion: string): { region: string; fn: SeedFunction; where: string }[] {
  const out: { region: string; fn: SeedFunction; where: string }[] = [];
  for (const [region, list] of Object.entries(seed.regions ?? {})) {
    (Array.isArray(list) ? list : []).forEach((fn, i) => out.push({ region, fn, where: `regions.${region}[${i}]` }));
  }
  (seed.functions ?? []).forEach((fn, i) => out.push({ region: fn.Region ?? defaultRegion, fn, where: `functions[${i}]` }));
  return out;
}

/** Creates every seeded function in the store. Throws WorkbenchError('validation') naming the bad entry. */
export async function applySeed(store: FunctionStore, seed: SeedFile, defaultRegion: string): Promise<number> {
  const baseDir = seed.baseDir ?? process.cwd();
  const all = entries(seed, defaultRegion);
  for (const { region, fn, where } of all) {
    const label = `Seed ${where} ("${fn.FunctionName}")`;
    const { Region: _r, Code, Pending, Failure, ReservedConcurrentExecutions, FunctionUrl, Build, ...rest } = fn;
    const input = { Runtime: DEFAULTS.runtime, Handler: 'index.handler', Role: SEED_DEFAULT_ROLE, ...rest } as CreateFunctionRequest;
    const zip = (await builtSeedZip(Code, baseDir, input, Build)) ?? (await seedZip(Code, baseDir, label));
    input.Code = { ZipFile: zip };
    const issues = errorsOnly(validateCreateFunction(input));
    if (issues.length) throw new WorkbenchError('validation', `${label}: ${issues[0].message}`, { path: issues[0].path.replace('$', `$.${where}`) });
    try {
      store.create(region, input, zip, { active: !Pending });
    } catch (e) {
      throw new WorkbenchError('validation', `${label}: ${(e as Error).message}`);
    }
    if (Failure) store.fail(region, fn.FunctionName, Failure);
    if (ReservedConcurrentExecutions !== undefined) store.resolve(region, { name: fn.FunctionName }).record.reservedConcurrency = ReservedConcurrentExecutions;
    if (FunctionUrl) store.setFunctionUrl(region, fn.FunctionName, FunctionUrl);
  }
  return all.length;
}
