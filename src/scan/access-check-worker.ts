/**
 * A thread that checks a stored scan's accesses (scan-result-cache.ts) while the main thread
 * loads the stored map: reading and hashing every file and building the graph overlap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ServerFs } from '../util/server-fs.js';
import { type AccessCheck, accessesOf } from './access-check.js';

const data = workerData as AccessCheck;
const fs = new ServerFs(data.root, { stable: true, ...(data.maxBytes ? { maxBytes: data.maxBytes } : {}) });
parentPort?.postMessage(fs.allStillShow(accessesOf(data.accesses)));
