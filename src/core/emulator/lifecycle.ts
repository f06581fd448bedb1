/**
 * Function states, computed from timestamps on every read (no timers, so nothing keeps the process
 * alive): State Pending → Active (or Failed), LastUpdateStatus InProgress → Successful (or Failed).
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { conflict } from './apiError';
import type { FunctionRecord, StoredVersion } from './types';

const CREATING = 'The function is being created.';

export function isPending(rec: FunctionRecord, now: number): boolean {
  return now < rec.pendingUntil && !isFailed(rec, now);
}

export function isFailed(rec: FunctionRecord, now: number): boolean {
  return !!rec.failure && now >= rec.failure.at;
}

export function isUpdating(rec: FunctionRecord, now: number): boolean {
  return now < rec.updatingUntil;
}

/** The configuration as GetFunctionConfiguration shows it at `now`. */
export function viewConfiguration(rec: FunctionRecord, version: StoredVersion, now: number): FunctionConfiguration {
  const cfg: FunctionConfiguration = structuredClone(version.config);
  if (isFailed(rec, now)) {
    const f = rec.failure!;
    Object.assign(cfg, { State: 'Failed', StateReason: f.StateReason, StateReasonCode: f.StateReasonCode });
    Object.assign(cfg, { LastUpdateStatus: 'Failed', LastUpdateStatusReason: f.StateReason, LastUpdateStatusReasonCode: f.StateReasonCode });
    return cfg;
  }
  if (isPending(rec, now)) {
    Object.assign(cfg, { State: 'Pending', StateReason: CREATING, StateReasonCode: 'Creating' });
    return cfg;
  }
  cfg.State = 'Active';
  // Published versions are snapshots: their update status is always final.
  if (version !== rec.latest) {
    cfg.LastUpdateStatus = 'Successful';
  } else if (isUpdating(rec, now)) {
    Object.assign(cfg, { LastUpdateStatus: 'InProgress', LastUpdateStatusReason: CREATING, LastUpdateStatusReasonCode: 'Creating' });
  } else if (rec.updateFailure && rec.updatingUntil >= rec.updateFailure.setAt) {
    Object.assign(cfg, { LastUpdateStatus: 'Failed', LastUpdateStatusReason: rec.updateFailure.reason, LastUpdateStatusReasonCode: rec.updateFailure.code });
  } else {
    cfg.LastUpdateStatus = 'Successful';
  }
  return cfg;
}

/** Throws ResourceConflictException as the service does while the function is busy. */
export function assertNotBusy(rec: FunctionRecord, now: number): void {
  if (isPending(rec, now)) {
    throw conflict('The operation cannot be performed at this time. The function is currently in the following state: Pending');
  }
  if (isUpdating(rec, now)) {
    throw conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${rec.arn}`);
  }
}
