/** UpdateFunctionCode and UpdateFunctionConfiguration. */
import type { UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import { errorsOnly, validateUpdateFunctionCode, validateUpdateFunctionConfiguration } from '../../config/validateFunction';
import { invalid } from '../apiError';
import type { Handler } from '../context';
import { parseJson } from '../http';
import { parseFunctionRef } from '../names';
import { assertUnzips, decodeZip, issuesError, unsupportedCodeSource } from './common';
import { assertFitsWithLayers, functionLayers } from './layers';

function unqualifiedName(raw: string, region: string, accountId: string): string {
  const ref = parseFunctionRef(raw, region, accountId);
  if (ref.qualifier && ref.qualifier !== '$LATEST') throw invalid('Only the unpublished version ($LATEST) can be updated: remove the qualifier from FunctionName.');
  return ref.name;
}

export const updateFunctionCode: Handler = async (ctx) => {
  const json = parseJson(ctx.body);
  const name = unqualifiedName(ctx.params.FunctionName, ctx.region, ctx.accountId);
  const input = { ...json, FunctionName: name, ZipFile: decodeZip(json.ZipFile) };
  const issues = errorsOnly(validateUpdateFunctionCode(input));
  if (issues.length) throw issuesError(issues);
  unsupportedCodeSource(json);
  const zip = Buffer.from(input.ZipFile as Uint8Array);
  await assertUnzips(zip);
  assertFitsWithLayers(ctx, ctx.store.resolve(ctx.region, { name }).record.latest.config.Layers, zip);
  const rec = ctx.store.updateCode(ctx.region, name, {
    zip,
    revisionId: typeof json.RevisionId === 'string' ? json.RevisionId : undefined,
    publish: json.Publish === true,
    architectures: Array.isArray(json.Architectures) ? (json.Architectures as string[]) : undefined,
    dryRun: json.DryRun === true,
  });
  const version = json.Publish === true && json.DryRun !== true ? [...rec.versions.values()].at(-1)! : rec.latest;
  return { status: 200, json: ctx.store.view(rec, version) };
};

export const updateFunctionConfiguration: Handler = (ctx) => {
  const json = parseJson(ctx.body);
  const name = unqualifiedName(ctx.params.FunctionName, ctx.region, ctx.accountId);
  const input = { ...json, FunctionName: name } as UpdateFunctionConfigurationRequest;
  const issues = errorsOnly(validateUpdateFunctionConfiguration(input));
  if (issues.length) throw issuesError(issues);
  const layers = functionLayers(ctx, input.Layers, ctx.store.resolve(ctx.region, { name }).record.latest.zip);
  const rec = ctx.store.updateConfiguration(ctx.region, name, input, layers);
  return { status: 200, json: ctx.store.view(rec) };
};
