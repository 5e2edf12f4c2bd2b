/**
 * Whether a stored scan's filesystem accesses all still show what they showed, checked in a
 * thread of its own (access-check-worker.ts) or, where a thread cannot start, here.
 */
import { Worker } from 'node:worker_threads';
import { type FsAccess, ServerFs } from '../util/server-fs.js';

/** Stored access lists from this long (JSON characters; about 500 accesses) are checked in a thread. */
const IN_THREAD_FROM = 64 * 1024;

/** What the check needs: ROOT as the scan read it, and the accesses as stored (JSON). */
export interface AccessCheck {
  root: string;
  maxBytes?: number;
  accesses: string;
}

/** One access as stored: op, server path, byte limit (0: the scan's), head only (1), what it showed. */
export type StoredAccess = [FsAccess['op'], string, number, 0 | 1, string];

export const toStored = (a: FsAccess): StoredAccess => [a.op, a.path, a.max ?? 0, a.head ? 1 : 0, a.seen];

export function accessesOf(json: string): FsAccess[] {
  return (JSON.parse(json) as StoredAccess[]).map(([op, path, max, head, seen]) => ({
    op,
    path,
    ...(max ? { max } : {}),
    ...(head ? { head: true } : {}),
    seen,
  }));
}

/** Check on this thread: all accesses, or the first `first` as the scan made them. */
export function checkAccesses(c: AccessCheck, first?: number): boolean {
  const fs = new ServerFs(c.root, { stable: true, ...(c.maxBytes ? { maxBytes: c.maxBytes } : {}) });
  const all = accessesOf(c.accesses);
  return fs.allStillShow(first === undefined ? all : all.slice(0, first));
}

/** A check under way: its answer, whether it has answered no already, and a way to stop it. */
export interface RunningCheck {
  answer: Promise<boolean>;
  failed(): boolean;
  stop(): void;
}

/** Start the check in a thread; its answer comes while the caller goes on (or here, if no thread starts). */
export function startAccessCheck(c: AccessCheck, inThreadFrom = IN_THREAD_FROM): RunningCheck {
  const here = (): RunningCheck => {
    const ok = checkAccesses(c);
    return { answer: Promise.resolve(ok), failed: () => !ok, stop: () => {} };
  };
  // a small host is checked sooner than a thread starts
  if (c.accesses.length < inThreadFrom) return here();
  let worker: Worker;
  try {
    worker = newWorker(c);
  } catch {
    return here();
  }
  let said: boolean | undefined;
  let resolve: (ok: boolean) => void = () => {};
  const answer = new Promise<boolean>((r) => {
    resolve = r;
  });
  const settle = (ok: boolean) => {
    if (said !== undefined) return;
    said = ok;
    resolve(ok);
  };
  worker.once('message', (ok: boolean) => settle(ok === true));
  // a thread that fails (or ends) without an answer: check here instead
  const instead = () => {
    if (said === undefined) settle(checkAccesses(c));
  };
  worker.once('error', instead);
  worker.once('exit', instead);
  const stop = () => {
    settle(false);
    void worker.terminate();
  };
  return { answer, failed: () => said === false, stop };
}

/** Under tsx (tests) the thread is TypeScript: a bootstrap registers tsx's loader first (as pool.ts does). */
function newWorker(data: AccessCheck): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./access-check-worker.js', import.meta.url), { workerData: data });
  const url = new URL('./access-check-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}
