/**
 * A thread that checks a stored scan's accesses (access-check.ts), taking batches from the counter
 * it shares with the thread that started it, which loads the stored map meanwhile and then helps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type AccessCheck, CheckShare } from './access-check.js';

const data = workerData as { check: AccessCheck; shared: Int32Array };
parentPort?.postMessage(new CheckShare(data.check, data.shared).run());
