/**
 * Deflate helpers, the packaging thread's side: worker threads (deflateHelper.ts) that read and
 * compress batches of files, so a package uses every core. The packaging thread hands files out
 * in small batches as the walk finds them, a few per helper in flight, so that no helper waits
 * and none ends the run with a long queue. A helper that dies gives its batches back.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFLATE_MARKER, type BatchRequest, type BatchResult, type HelperInput } from './deflateHelper';
import { startPackagingWorker } from './workerScript';

export { FIELDS, Kind, readWhole, Segments, type BatchRequest, type BatchResult } from './deflateHelper';

/** At most this many helpers: past that, reading files and laying out the zip are the limit. */
const MAX_HELPERS = 4;
/** Batches in flight per helper: enough that a helper never waits for its next one. */
const IN_FLIGHT = 3;
/** A helper's whole memory is its isolate and one batch's buffers: keep the young generation small. */
const LIMITS = { maxYoungGenerationSizeMb: 4 };

/** How many helpers this machine gets: one per core (the packaging thread mostly waits), none on one core. */
export function helperCount(): number {
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return n <= 1 ? 0 : Math.min(MAX_HELPERS, n);
}

/** One helper thread and the batches it holds. */
interface Helper {
  worker: Worker;
  inFlight: Map<number, BatchRequest>;
  dead: boolean;
}

/**
 * The helpers of one packaging run. `onResult` gets every finished batch; a helper that dies
 * (could not start, crashed) gives its batches back through `onLost` to be done elsewhere.
 */
export class DeflatePool {
  private readonly helpers: Helper[] = [];
  private nextId = 0;

  private constructor(
    private readonly onResult: (request: BatchRequest, result: BatchResult) => void,
    private readonly onLost: (requests: BatchRequest[]) => void,
    private readonly onIdle: () => void,
  ) {}

  /** Starts `count` helpers; undefined when worker threads are not available here. */
  static start(
    count: number,
    level: number,
    handlers: { onResult: (request: BatchRequest, result: BatchResult) => void; onLost: (requests: BatchRequest[]) => void; onIdle: () => void },
  ): DeflatePool | undefined {
    const pool = new DeflatePool(handlers.onResult, handlers.onLost, handlers.onIdle);
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = startHelper({ marker: DEFLATE_MARKER, level });
      } catch {
        break;
      }
      const helper: Helper = { worker, inFlight: new Map(), dead: false };
      worker.on('message', (msg: BatchResult) => {
        const request = helper.inFlight.get(msg.id);
        if (!request) return;
        helper.inFlight.delete(msg.id);
        pool.onResult(request, msg);
        pool.onIdle();
      });
      const lose = () => {
        if (helper.dead) return;
        helper.dead = true;
        const lost = [...helper.inFlight.values()];
        helper.inFlight.clear();
        pool.onLost(lost);
        pool.onIdle();
      };
      worker.on('error', lose);
      worker.on('exit', lose);
      pool.helpers.push(helper);
    }
    return pool.helpers.length ? pool : undefined;
  }

  /** True while at least one helper can take work. */
  get alive(): boolean {
    return this.helpers.some((h) => !h.dead);
  }

  /** Batches in flight across all helpers. */
  get inFlight(): number {
    return this.helpers.reduce((n, h) => n + h.inFlight.size, 0);
  }

  /** Room for another batch right now (some live helper holds fewer than IN_FLIGHT). */
  get hasRoom(): boolean {
    return this.helpers.some((h) => !h.dead && h.inFlight.size < IN_FLIGHT);
  }

  /** Sends a batch to the least busy live helper (call only when hasRoom); returns its id. */
  send(files: ReadonlyArray<{ abs: string; size: number; forcedIn: boolean }>): number {
    let helper: Helper | undefined;
    for (const h of this.helpers) if (!h.dead && (!helper || h.inFlight.size < helper.inFlight.size)) helper = h;
    const request: BatchRequest = {
      type: 'batch',
      id: this.nextId++,
      abs: files.map((f) => f.abs).join('\0'),
      sizes: Float64Array.from(files, (f) => f.size),
      forcedIn: Uint8Array.from(files, (f) => (f.forcedIn ? 1 : 0)),
    };
    helper!.inFlight.set(request.id, request);
    helper!.worker.postMessage(request);
    return request.id;
  }

  /** Stops every helper (their batches are dropped). */
  close(): void {
    for (const h of this.helpers) {
      h.dead = true;
      h.inFlight.clear();
      void h.worker.terminate();
    }
  }
}

/** The helper's own small bundle when it is there (a fast start), else the packaging code. */
function startHelper(input: HelperInput): Worker {
  const own = join(__dirname, 'deflateHelper.js');
  if (existsSync(own)) return new Worker(own, { workerData: input, resourceLimits: LIMITS });
  return startPackagingWorker(input, __filename, LIMITS);
}
