/**
 * Whether a stored scan's filesystem accesses all still show what they showed. The accesses are
 * kept one record per path (server-fs.ts groupByPath) and handed out in batches from a counter
 * that threads share: a thread of its own (access-check-worker.ts) starts on them at once, and the
 * calling thread takes batches too whenever it has nothing else to do, so reading and hashing every
 * file uses both cores. The first record to show something else stops every thread.
 */
import { Worker } from 'node:worker_threads';
import { type FsAccess, groupByPath, type PathAccesses, ServerFs } from '../util/server-fs.js';

/** Stored access lists from this long (JSON characters; about 500 paths) are checked with a thread. */
const IN_THREAD_FROM = 64 * 1024;

/** Records taken at a time: few enough that the threads finish together, enough that the counter is cold. */
const BATCH = 32;

/** What the check needs: ROOT as the scan read it, and the accesses as stored (storeAccesses). */
export interface AccessCheck {
  root: string;
  maxBytes?: number;
  accesses: string;
}

/** The accesses of a scan as stored: one record per path, first accessed first (JSON). */
export const storeAccesses = (accesses: readonly FsAccess[]): string => JSON.stringify(groupByPath(accesses));

/** The counter threads share: the next record to take, and whether one showed something else. */
const NEXT = 0;
const FAILED = 1;

/** A check in one thread: its own reader of ROOT, the records, and the shared counter. */
export class CheckShare {
  private readonly fs: ServerFs;
  private readonly records: PathAccesses[];
  private readonly shared: Int32Array;

  constructor(c: AccessCheck, shared: Int32Array) {
    this.fs = new ServerFs(c.root, { stable: true, ...(c.maxBytes ? { maxBytes: c.maxBytes } : {}) });
    this.records = JSON.parse(c.accesses) as PathAccesses[];
    this.shared = shared;
  }

  /** Check batches until none is left (or, with `upTo`, none below that record) or one fails. */
  run(upTo = Number.POSITIVE_INFINITY): boolean {
    const end = Math.min(upTo, this.records.length);
    while (Atomics.load(this.shared, FAILED) === 0) {
      if (Atomics.load(this.shared, NEXT) >= end) break;
      const from = Atomics.add(this.shared, NEXT, BATCH);
      if (from >= this.records.length) break;
      for (let i = from; i < Math.min(from + BATCH, this.records.length); i++) {
        if (!this.fs.pathStillShows(this.records[i] as PathAccesses)) {
          Atomics.store(this.shared, FAILED, 1);
          return false;
        }
      }
    }
    return Atomics.load(this.shared, FAILED) === 0;
  }
}

/** Check every access on this thread (a small list, or where no thread starts). */
export function checkAccesses(c: AccessCheck): boolean {
  return new CheckShare(c, new Int32Array(2)).run();
}

/** A check under way. */
export interface RunningCheck {
  /** Yes when every record was checked and all show the same (after any `help` on this thread). */
  answer: Promise<boolean>;
  /** Whether a record has shown something else already. */
  failed(): boolean;
  /** Take batches on this thread, as far as `upTo` records; false once one failed. */
  help(upTo?: number): boolean;
  stop(): void;
}

/** Start the check, with a thread unless the list is short; the caller helps with `help`. */
export function startAccessCheck(c: AccessCheck, inThreadFrom = IN_THREAD_FROM): RunningCheck {
  const shared = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  let here: CheckShare | undefined;
  const help = (upTo?: number) => {
    here ??= new CheckShare(c, shared);
    return here.run(upTo);
  };
  const failed = () => Atomics.load(shared, FAILED) !== 0;
  const stop = () => Atomics.store(shared, FAILED, 1);
  // a small host is checked sooner than a thread starts
  const worker = c.accesses.length < inThreadFrom ? undefined : newWorker(c, shared);
  // without a thread, the rest is checked after the caller's turn (a macrotask: not inside its awaits)
  if (!worker) return { answer: new Promise((done) => setImmediate(() => done(help()))), failed, help, stop };
  const answer = new Promise<boolean>((resolve) => {
    // the thread answers once no record is left to take; this thread's batches ended before (help is synchronous)
    let said = false;
    worker.once('message', () => {
      said = true;
      resolve(!failed());
    });
    // a thread that failed or ended without answering may have taken a batch it never checked: no
    const lost = () => {
      if (said) return;
      stop();
      resolve(false);
    };
    worker.once('error', lost);
    worker.once('exit', lost);
  });
  return {
    answer,
    failed,
    help,
    stop: () => {
      stop();
      void worker.terminate();
    },
  };
}

/** Under tsx (tests) the thread is TypeScript: a bootstrap registers tsx's loader first (as pool.ts does). */
function newWorker(c: AccessCheck, shared: Int32Array): Worker | undefined {
  const workerData = { check: c, shared };
  try {
    if (!import.meta.url.endsWith('.ts'))
      return new Worker(new URL('./access-check-worker.js', import.meta.url), { workerData });
    const url = new URL('./access-check-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
    return new Worker(boot, { eval: true, workerData });
  } catch {
    return undefined;
  }
}
