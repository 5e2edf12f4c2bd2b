/**
 * A scan worker thread: its own parsers and ServerFs; extracts the scripts it is sent and posts
 * the results back (plain objects, structured-cloned).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createParsers } from '../extract/parse/tree-sitter.js';
import { ServerFs } from '../util/server-fs.js';
import { extractTask, type TaskInput } from './extract-task.js';

export interface WorkerData {
  root: string;
  host: string;
  maxBytes?: number;
  budgetMs: number;
}

export interface WorkerRequest {
  id: number;
  task: TaskInput;
  /** List what the extraction read (the scan cache). */
  record?: boolean;
}

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('scan worker: must run as a worker thread');

const ready = createParsers().then((parsers) => ({
  host: data.host,
  fs: new ServerFs(data.root, { stable: true, ...(data.maxBytes ? { maxBytes: data.maxBytes } : {}) }),
  parsers,
  budgetMs: data.budgetMs,
}));

port.on('message', async (msg: WorkerRequest) => {
  const env = await ready;
  port.postMessage({ id: msg.id, result: extractTask(msg.task, env, msg.record ?? false) });
});
