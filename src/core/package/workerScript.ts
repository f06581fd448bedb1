/**
 * Starting a thread that runs the packaging code: the packaging worker itself and its deflate
 * helpers. The script is `packageWorker.js` beside this file (the compiled tree, or the bundles in
 * dist/, which ship it as its own entry); otherwise `entry`, the bundle the caller lives in, is
 * required in the worker, where the module that recognises `workerData.marker` starts the job.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startPackagingWorker(workerData: { marker: string } & object, entry: string, resourceLimits: ResourceLimits): Worker {
  const sibling = join(__dirname, 'packageWorker.js');
  if (existsSync(sibling)) return new Worker(sibling, { workerData, resourceLimits });
  return new Worker('require(require("node:worker_threads").workerData.entry)', { eval: true, workerData: { ...workerData, entry }, resourceLimits });
}
