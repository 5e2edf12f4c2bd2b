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

port.on('message', async (msg: WorkerRequest | { close: true }) => {
  const env = await ready;
  // Ended by a message, not terminate(): a thread terminated while it loads the native parsers
  // aborts the whole process (the addon throws a C++ exception nobody catches).
  if ('close' in msg) process.exit(0);
  port.postMessage({ id: msg.id, result: extractTask(msg.task, env, msg.record ?? false) });
});
