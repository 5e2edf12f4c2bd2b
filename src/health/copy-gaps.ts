/**
 * A copy of a server made for scanning often holds only etc/, var/spool/cron and opt/: no logs and
 * no data. Then every file is absent, and "missing" would be a false alarm on each one. When ROOT
 * holds none of the map's logs (and no syslog), or none of the files its scripts write (two or
 * more; one absent file is just missing), those
 * absent files are not judged, and the report says which directories to copy.
 */
import { fileRoleOf } from '../model/file-role.js';
import type { HealthContext } from './context.js';
import { statNode } from './glob.js';
import { isLogPath } from './plan.js';

export interface CopyGaps {
  /** ROOT holds at least one of the map's logs, or a system log was read. */
  hasLogs: boolean;
  /** ROOT holds at least one file a script of the map writes. */
  hasData: boolean;
  /** Directories to copy (with file times) for the checks to mean something; empty when complete. */
  copy: string[];
}

const cache = new WeakMap<HealthContext, CopyGaps>();

export const isLogNode = (attrs: { kind?: unknown; role?: unknown; path?: unknown }, path: string): boolean =>
  fileRoleOf(attrs) === 'log' || isLogPath(path);

export function copyGaps(ctx: HealthContext): CopyGaps {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const logs: string[] = [];
  const data: string[] = [];
  const g = ctx.g;
  for (let v = 0; v < g.order; v++) {
    const a = g.nodes[v]!;
    if (a.kind !== 'file' || typeof a.path !== 'string') continue;
    let written = false;
    for (let i = g.inStart[v]!; i < g.inStart[v + 1]!; i++) {
      if (g.edges[g.inEdge[i]!]!.kind === 'writes') written = true;
    }
    if (!written) continue; // an external input says nothing about what was copied
    if (isLogNode(a, a.path)) logs.push(a.path);
    else if (fileRoleOf(a) === undefined) data.push(a.path);
  }
  const present = (paths: string[]) => paths.some((p) => statNode(ctx.sfs, p, ctx.realDirs) !== undefined);
  // one absent file is just missing; on the server itself (ROOT /) nothing is a copy
  const live = ctx.root === '/';
  const hasLogs = live || ctx.sources.read.length > 0 || logs.length < 2 || present(logs);
  const hasData = live || data.length < 2 || present(data);
  const dirs = new Set<string>();
  if (!hasLogs) for (const p of logs) dirs.add(dirOf(p));
  if (!hasData) for (const p of data) dirs.add(dirOf(p));
  const gaps = { hasLogs, hasData, copy: [...dirs].sort() };
  cache.set(ctx, gaps);
  return gaps;
}

/** The directory to copy: the first two levels (`/data/extract/x.csv` -> `/data/extract`). */
function dirOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return `/${parts.slice(0, Math.min(2, parts.length - 1)).join('/')}`;
}
