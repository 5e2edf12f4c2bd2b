/**
 * Worker threads for extraction, so a scan uses every core. Each worker takes one script at a
 * time; a script that runs past the per-file time budget gets its worker terminated and replaced,
 * and a warning, so one pathological file can never hang a scan.
 */
import { Worker } from 'node:worker_threads';
import { warning } from '../model/diagnostic.js';
import type { ServerFs } from '../util/server-fs.js';
import { scriptNode, type TaskInput, type TaskResult } from './extract-task.js';
import type { WorkerData, WorkerRequest } from './worker.js';

interface Pending {
  id: number;
  task: TaskInput;
  /** Record what the extraction read (for the scan cache). */
  record: boolean;
  resolve: (r: TaskResult) => void;
}

function request(p: Pending): WorkerRequest {
  return p.record ? { id: p.id, task: p.task, record: true } : { id: p.id, task: p.task };
}

interface Slot {
  worker: Worker;
  /** Tasks sent to this worker, in order; the first is the one it is working on. */
  queue: Pending[];
  /** The per-file time limit of the first task. */
  timer?: NodeJS.Timeout;
}

/** Resolved when the thread has ended, however it ended. */
const exitOf = new WeakMap<Worker, Promise<void>>();

/**
 * Tasks sent ahead to one worker: it starts the next one as soon as it posts a result, instead of
 * waiting for the main thread to answer. With 3, each worker of a 10,000-script scan still waited
 * on the main thread (busy merging results and reading job lines, or off the CPU on a loaded
 * machine) about 5 of its 17 seconds; with 12, under a second.
 */
const DEPTH = 12;

/**
 * Under tsx (tests, `npm run dev`) the worker is TypeScript: a tiny bootstrap registers tsx's loader
 * in the thread first (Node 20 does not pass `--import` on to workers).
 */
function newWorker(data: WorkerData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./worker.js', import.meta.url), { workerData: data });
  const url = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<() => void> = [];
  private nextId = 1;

  constructor(
    size: number,
    private readonly data: WorkerData,
    private readonly fs: ServerFs,
    private readonly timeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn(), queue: [] });
  }

  private spawn(): Worker {
    const w = newWorker(this.data);
    w.on('message', (msg: { id: number; result: TaskResult }) => {
      const slot = this.slots.find((s) => s.worker === w);
      const head = slot?.queue[0];
      if (!slot || !head || head.id !== msg.id) return;
      slot.queue.shift();
      this.arm(slot);
      head.resolve(msg.result);
      this.waiting.shift()?.();
    });
    w.on('error', (err) => this.fail(w, 'extract-failed', `the extraction thread crashed (${err.message})`));
    w.unref();
    exitOf.set(w, new Promise<void>((resolve) => w.once('exit', () => resolve())));
    return w;
  }

  /** Start the time limit of the task the worker is on now (if any). */
  private arm(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (slot.queue.length === 0) return;
    const w = slot.worker;
    slot.timer = setTimeout(
      () => this.fail(w, 'extract-timeout', `it ran over the ${this.timeoutMs} ms per-file budget`),
      this.timeoutMs,
    );
  }

  /**
   * A worker that died or ran out of time: answer the task it was on with a warning, replace the
   * worker and hand it the tasks that were waiting behind.
   */
  private fail(w: Worker, code: string, why: string): void {
    const slot = this.slots.find((s) => s.worker === w);
    if (!slot) return;
    void w.terminate();
    clearTimeout(slot.timer);
    const [head, ...rest] = slot.queue;
    slot.worker = this.spawn();
    slot.queue = rest;
    for (const p of rest) slot.worker.postMessage(request(p));
    this.arm(slot);
    if (head) {
      const node = scriptNode(head.task.path, this.fs);
      const file = node.attrs.path as string;
      head.resolve({
        node,
        fileDiagnostics: [
          warning(code, `${file}: extraction stopped: ${why}; the rest of the scan went on`, { file }),
        ],
      });
    }
    this.waiting.shift()?.();
  }

  private free(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots)
      if (s.queue.length < DEPTH && (!best || s.queue.length < best.queue.length)) best = s;
    return best;
  }

  async run(task: TaskInput, record = false): Promise<TaskResult> {
    let slot = this.free();
    while (!slot) {
      await new Promise<void>((r) => this.waiting.push(r));
      slot = this.free();
    }
    const target = slot;
    return new Promise<TaskResult>((resolve) => {
      const p: Pending = { id: this.nextId++, task, record, resolve };
      target.queue.push(p);
      target.worker.postMessage(request(p));
      if (target.queue.length === 1) this.arm(target);
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Tasks the pool takes at once without making a caller wait. */
  get capacity(): number {
    return this.slots.length * DEPTH;
  }

  private closing: Promise<void> | undefined;

  /**
   * Stop every worker once it has done what it was sent (again: the same promise). Each ends
   * itself on a message (worker.ts says why); one that does not within the time limit is terminated.
   */
  close(): Promise<void> {
    this.closing ??= Promise.all(
      this.slots.map(async (s) => {
        clearTimeout(s.timer);
        const w = s.worker;
        w.postMessage({ close: true });
        const timer = setTimeout(() => void w.terminate(), this.timeoutMs);
        await exitOf.get(w);
        clearTimeout(timer);
      }),
    ).then(() => {});
    return this.closing;
  }
}
