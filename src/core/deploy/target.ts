/**
 * Works out what a deploy is about before anything runs: the binding file merged with overrides,
 * the function name, region, profile and the folder to package.
 */
import { join, resolve } from 'node:path';
import { bindingFunctionSettings, loadBinding, validateBinding, type Binding } from '../config/binding';
import { resolveCodeRoot } from '../config/codeRoot';
import { isValidRegion } from '../aws/regionId';
import { WorkbenchError } from '../errors';
import type { PackageOptions } from '../package/types';
import type { FunctionSettings } from './configDiff';
import type { DeployRequest } from './types';

export interface DeployTarget {
  folder: string;
  /** The binding file, when one was read. */
  bindingFile?: string;
  /** Binding values with overrides applied. */
  merged: Binding;
  functionName: string;
  region: string;
  profile?: string;
  codeRoot: string;
  /** The .lambdaignore candidates: the code root's, then the workspace folder's. */
  ignoreFiles: string[];
  /** CreateFunction parameters (without Code), FunctionName included. */
  settings: FunctionSettings & { FunctionName: string };
  /**
   * What packaging this target takes (the handler, the Build section, the runtime and architecture
   * the build targets, the ignore files): a preview and the deploy build the same package from it.
   */
  packageOptions: Pick<PackageOptions, 'handler' | 'build' | 'runtime' | 'architecture' | 'ignoreFiles'>;
  warnings: string[];
}

export type BindingPackageOptions = Pick<PackageOptions, 'handler' | 'build' | 'runtime' | 'architecture'>;

/** The packaging a binding asks for: its Handler, Build section, Runtime and architecture. */
export function bindingPackageOptions(binding: Binding): BindingPackageOptions {
  const arch = binding.Architectures?.[0];
  return {
    handler: binding.Handler,
    build: binding.Build,
    runtime: binding.Runtime,
    architecture: arch === 'arm64' || arch === 'x86_64' ? arch : undefined,
  };
}

export async function resolveDeployTarget(request: DeployRequest): Promise<DeployTarget> {
  const folder = resolve(request.folder);
  const warnings: string[] = [];
  let binding: Binding = {};
  let bindingFile: string | undefined;
  if (request.binding === undefined) {
    const loaded = await loadBinding(folder);
    if (loaded) {
      binding = loaded.binding;
      bindingFile = loaded.file;
      warnings.push(...loaded.warnings);
    }
  } else if (request.binding !== null) {
    binding = validateBinding(request.binding).binding;
  }
  const overrides = Object.fromEntries(Object.entries(request.overrides ?? {}).filter(([, v]) => v !== undefined)) as Binding;
  validateBinding(overrides, 'the deploy options');
  const merged: Binding = { ...binding, ...overrides };

  const functionName = merged.FunctionName;
  if (!functionName) {
    throw new WorkbenchError('usage', 'No function to deploy to.', {
      hint: 'Set "FunctionName" in lambda-workbench.json, or pass --function NAME.',
      path: '$.FunctionName',
    });
  }
  const region = merged.Region ?? request.defaultRegion;
  if (!region) {
    throw new WorkbenchError('usage', `No region to deploy ${functionName} to.`, {
      hint: 'Set "Region" in lambda-workbench.json, pass --region, or set AWS_REGION.',
      path: '$.Region',
    });
  }
  if (!isValidRegion(region)) {
    throw new WorkbenchError('validation', `"${region}" is not a region name.`, { hint: 'Use a region id such as us-east-1 or eu-west-1.', path: '$.Region' });
  }
  const codeRoot = resolveCodeRoot(folder, merged.CodeRoot);
  const ignoreFiles = [...new Set([join(codeRoot, '.lambdaignore'), join(folder, '.lambdaignore')])];
  const settings = { ...bindingFunctionSettings(merged), FunctionName: functionName };
  return {
    folder,
    bindingFile,
    merged,
    functionName,
    region,
    profile: merged.Profile,
    codeRoot,
    ignoreFiles,
    settings,
    packageOptions: { ...bindingPackageOptions(merged), ignoreFiles },
    warnings,
  };
}
