/**
 * Turns a failed or cancelled deploy into one error that says what was done and what state the
 * function is in now, so a half-done deploy is never left unreported.
 */
import type { LambdaService } from '../aws/types';
import { isAbort, isWorkbenchError, WorkbenchError, type ErrorKind } from '../errors';
import type { DeployStopState } from './types';

/** The state lookup after a stop must not hang a cancelled deploy. */
const PROBE_TIMEOUT_MS = 10_000;

export async function describeStop(service: LambdaService, e: unknown, stop: DeployStopState): Promise<WorkbenchError> {
  const aborted = isAbort(e);
  const original = isWorkbenchError(e) ? e : new WorkbenchError(aborted ? 'aborted' : 'service', (e as Error)?.message ?? String(e), { cause: e });
  const name = stop.functionName;
  const remote = stop.stage === 'uploading' || stop.stage === 'waiting' || stop.stage === 'configuring' || stop.created || stop.codeUpdated;
  if (!remote) {
    if (aborted) {
      return rebuild(original, 'aborted', `The deploy of ${name} was cancelled while ${stop.stage}; nothing was uploaded and the function was not changed.`, stop);
    }
    return rebuild(original, original.kind, original.message, stop);
  }

  const fn = await probe(service, stop);
  stop.function = fn;
  const now = 'unknown' in fn ? ` Its current state could not be read (${fn.unknown}).` : stateSentence(name, fn);
  const local = stop.localCodeSha256;
  const what = aborted ? 'was cancelled' : 'failed';
  const reason = aborted ? '' : ` ${original.message.replace(/\.?$/, '.')}`;
  const hasNewCode = !('unknown' in fn) && fn.exists && fn.codeSha256 === local;

  let message: string;
  switch (stop.stage) {
    case 'uploading':
      if (stop.mode === 'create') {
        message = `Creating ${name} ${what}.${reason}${'exists' in fn && !fn.exists ? ' The function was not created.' : now}`;
      } else {
        message = `Uploading the code of ${name} ${what}.${reason}${hasNewCode ? ' Lambda has the new code anyway.' : ' The function keeps its previous code.'}${now}`;
      }
      break;
    case 'configuring':
      message = `${stop.codeUpdated ? `The code of ${name} was updated (CodeSha256 ${local}), but applying` : `The code of ${name} was already up to date; applying`} the configuration ${what}.${reason} The function keeps its previous configuration.${now}`;
      break;
    case 'waiting':
    default:
      message = stop.created
        ? `${name} was created, but waiting for it to become Active ${what}.${reason}${now}`
        : stop.configurationUpdated
          ? `The code${stop.codeUpdated ? ' and configuration' : ' was unchanged; the configuration'} of ${name} ${stop.codeUpdated ? 'were' : 'was'} sent, but waiting for the update ${what}.${reason}${now}`
          : stop.codeUpdated
            ? `The new code of ${name} was uploaded (CodeSha256 ${local}), but waiting for the update ${what}.${reason}${now}`
            : `Waiting for an earlier update of ${name} ${what}; nothing was uploaded.${reason}${now}`;
  }
  return rebuild(original, aborted ? 'aborted' : original.kind, message.replace(/\s+/g, ' ').trim(), stop);
}

function stateSentence(name: string, fn: { exists: boolean; codeSha256?: string; state?: string; lastUpdateStatus?: string }): string {
  if (!fn.exists) return ` ${name} does not exist.`;
  const parts = [fn.state && `State ${fn.state}`, fn.lastUpdateStatus && `LastUpdateStatus ${fn.lastUpdateStatus}`, fn.codeSha256 && `CodeSha256 ${fn.codeSha256}`].filter(Boolean);
  return parts.length ? ` ${name} is now: ${parts.join(', ')}.` : '';
}

async function probe(service: LambdaService, stop: DeployStopState): Promise<NonNullable<DeployStopState['function']>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const got = await service.tryGetFunction(stop.region, stop.functionName, { signal: controller.signal });
    const cfg = got?.Configuration;
    if (!cfg) return { exists: false };
    return { exists: true, codeSha256: cfg.CodeSha256, state: cfg.State, lastUpdateStatus: cfg.LastUpdateStatus };
  } catch (e) {
    return { unknown: (e as Error)?.message ?? String(e) };
  } finally {
    clearTimeout(timer);
  }
}

function rebuild(original: WorkbenchError, kind: ErrorKind, message: string, stop: DeployStopState): WorkbenchError {
  return new WorkbenchError(kind, message, {
    ...original.options,
    hint: original.hint ?? (kind === 'aborted' ? undefined : 'Fix the cause and deploy again; the deploy picks up from the function\'s current state.'),
    cause: original,
    details: { ...original.options.details, deploy: stop },
  });
}
