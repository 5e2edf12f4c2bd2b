/** The scheduler discoverers, in a plain registry. */
import type { ServerFs } from '../util/server-fs.js';
import { cronDiscoverer } from './cron/index.js';
import { systemdDiscoverer } from './systemd/index.js';
import type { Discoverer, Discovery } from './types.js';

export const discoverers: Discoverer[] = [cronDiscoverer, systemdDiscoverer];

export function discoverJobs(fs: ServerFs): Discovery {
  const out: Discovery = { jobs: [], diagnostics: [] };
  for (const d of discoverers) {
    const r = d.discover(fs);
    out.jobs.push(...r.jobs);
    out.diagnostics.push(...r.diagnostics);
  }
  return out;
}

export type { Discoverer, Discovery, Job } from './types.js';
