/**
 * Reads one layer version for local invoke: GetLayerVersionByArn, sent to the layer's own region
 * (a layer lives in one region), with every failure turned into an error that names the ARN and
 * says why it could not be read (another account without permission, another region, deleted).
 */
import type { GetLayerVersionByArnCommandOutput } from '@aws-sdk/client-lambda';
import type { ClientFactory } from '../aws/clientFactory';
import { toWorkbenchError } from '../aws/errorMapping';
import { lambdaModule } from '../aws/sdk';
import type { Connection } from '../aws/types';
import { WorkbenchError } from '../errors';
import { parseLayerVersionArn, type LayerVersionRef } from './layerArn';

export interface LayerVersionInfo {
  arn: string;
  /** Content.Location: a download link that expires (ask again for a fresh one). */
  location: string;
  codeSha256?: string;
  codeSize?: number;
}

/** Where local invoke reads layers: the connection the function was found with, and who the function is. */
export interface LayerReadContext {
  connection: Connection;
  factory: ClientFactory;
  /** The function's region and account, to say so when a layer is elsewhere. */
  functionRegion?: string;
  functionAccount?: string;
  signal?: AbortSignal;
}

export function parseOrThrow(arn: string): LayerVersionRef {
  const ref = parseLayerVersionArn(arn);
  if (!ref) {
    throw new WorkbenchError('validation', `"${arn}" is not a layer version ARN.`, {
      hint: 'Layers take version ARNs such as arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3.',
      path: '$.Layers',
    });
  }
  return ref;
}

function where(ref: LayerVersionRef, ctx: LayerReadContext): string {
  const notes: string[] = [];
  if (ctx.functionAccount && ref.account !== ctx.functionAccount) notes.push(`it belongs to account ${ref.account}, not the function's ${ctx.functionAccount}`);
  if (ctx.functionRegion && ref.region !== ctx.functionRegion) notes.push(`it is in ${ref.region}, not the function's region ${ctx.functionRegion}`);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

/** GetLayerVersionByArn for one layer; throws WorkbenchError naming the layer when it cannot be read. */
export async function readLayerVersion(arn: string, ctx: LayerReadContext): Promise<LayerVersionInfo> {
  const ref = parseOrThrow(arn);
  const { GetLayerVersionByArnCommand } = lambdaModule();
  let out: GetLayerVersionByArnCommandOutput;
  try {
    out = await ctx.factory.lambda(ctx.connection, ref.region).send(new GetLayerVersionByArnCommand({ Arn: arn }), { abortSignal: ctx.signal });
  } catch (e) {
    const name = (e as { name?: string }).name ?? '';
    if (name === 'AccessDeniedException' || name === 'ResourceNotFoundException' || name === 'InvalidParameterValueException') {
      const denied = name === 'AccessDeniedException';
      throw new WorkbenchError(denied ? 'credentials' : 'notFound', `The layer ${arn} cannot be read${where(ref, ctx)}: ${denied ? 'access denied' : name === 'ResourceNotFoundException' ? 'that version does not exist' : (e as Error).message}. Nothing was run.`, {
        hint: denied
          ? `Local invoke downloads each layer with lambda:GetLayerVersion. Ask the layer's owner (account ${ref.account}) to grant it to your account (aws lambda add-layer-version-permission), or use a layer of your own account.`
          : 'Check the layer ARN and version in Layers (the function configuration or lambda-workbench.json).',
        code: name,
        details: { layer: arn },
        cause: e,
      });
    }
    const mapped = toWorkbenchError(e, { operation: 'GetLayerVersionByArn', region: ref.region, endpoint: ctx.connection.endpoint, profile: ctx.connection.profile });
    throw new WorkbenchError(mapped.kind, `The layer ${arn} could not be read: ${mapped.message}`, { hint: mapped.hint, code: mapped.code, details: { layer: arn }, cause: e });
  }
  const location = out.Content?.Location;
  if (!location) throw new WorkbenchError('service', `GetLayerVersionByArn returned no Content.Location for ${arn}.`, { hint: 'Check that you may call lambda:GetLayerVersion on it.', details: { layer: arn } });
  return { arn, location, codeSha256: out.Content?.CodeSha256, codeSize: out.Content?.CodeSize };
}
