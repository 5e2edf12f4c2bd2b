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

interface Slot {
  worker: Worker;
  busy?: { id: number; task: TaskInput; resolve: (r: TaskResult) => void; timer: NodeJS.Timeout };
}

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
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn() });
  }

  private spawn(): Worker {
    const w = newWorker(this.data);
    w.on('message', (msg: { id: number; result: TaskResult }) => {
      const slot = this.slots.find((s) => s.worker === w);
      if (!slot?.busy || slot.busy.id !== msg.id) return;
      const { resolve, timer } = slot.busy;
      clearTimeout(timer);
      slot.busy = undefined;
      resolve(msg.result);
      this.waiting.shift()?.();
    });
    w.on('error', (err) => this.fail(w, 'extract-failed', `the extraction thread crashed (${err.message})`));
    w.unref();
    return w;
  }

  /** A worker that died or ran out of time: answer its task with a warning and replace it. */
  private fail(w: Worker, code: string, why: string): void {
    const slot = this.slots.find((s) => s.worker === w);
    if (!slot) return;
    void w.terminate();
    const busy = slot.busy;
    slot.busy = undefined;
    slot.worker = this.spawn();
    if (busy) {
      clearTimeout(busy.timer);
      const node = scriptNode(busy.task.path, this.fs);
      const file = node.attrs.path as string;
      busy.resolve({
        node,
        fileDiagnostics: [
          warning(code, `${file}: extraction stopped: ${why}; the rest of the scan went on`, { file }),
        ],
      });
    }
    this.waiting.shift()?.();
  }

  async run(task: TaskInput, record = false): Promise<TaskResult> {
    let slot = this.slots.find((s) => !s.busy);
    while (!slot) {
      await new Promise<void>((r) => this.waiting.push(r));
      slot = this.slots.find((s) => !s.busy);
    }
    const target = slot;
    return new Promise<TaskResult>((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(
        () =>
          this.fail(target.worker, 'extract-timeout', `it ran over the ${this.timeoutMs} ms per-file budget`),
        this.timeoutMs,
      );
      target.busy = { id, task, resolve, timer };
      const req: WorkerRequest = record ? { id, task, record } : { id, task };
      target.worker.postMessage(req);
    });
  }

  get size(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
