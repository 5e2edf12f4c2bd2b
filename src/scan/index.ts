import type { ScanOptions, ScanResult } from './scan.js';
import { scanOrReuse } from './scan-result-cache.js';

export type { ScanOptions, ScanResult } from './scan.js';

/**
 * Scan ROOT (scan.ts), or, with a cache that keeps whole scans, answer from the stored scan when
 * nothing it read has changed. The scan and its extractors are loaded only when a scan runs.
 */
export function scan(opts: ScanOptions): Promise<ScanResult> {
  return scanOrReuse(opts, async (o) => (await import('./scan.js')).scan(o));
}
