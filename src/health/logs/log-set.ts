/**
 * A log and its rotations, newest first, as logrotate leaves them: `syslog`, `syslog.1`, `syslog.2.gz`, ...
 * (numbered) or `cron-20241124.gz` (dateext). Only names of that shape count: `syslog.bak` is not a rotation.
 */
import { basename, dirname, joinServer } from '../../util/paths.js';
import { ServerFs } from '../../util/server-fs.js';

export interface LogFile {
  /** Server path. */
  path: string;
  local: string;
  gz: boolean;
  size: number;
  mtimeMs: number;
}

function rotationOrder(base: string, name: string): number | undefined {
  if (name === base) return 0;
  if (!name.startsWith(base)) return undefined;
  const rest = name.slice(base.length);
  const num = /^\.(\d+)(\.gz)?$/.exec(rest);
  if (num) return Number(num[1]);
  const date = /^[-.](\d{8})(\.gz)?$/.exec(rest);
  // dateext: newer dates rotate later, so a larger date is a smaller (newer) order
  if (date) return 1e9 - Number(date[1]) / 100;
  return undefined;
}

/**
 * The rotated set of `serverPath` under ROOT, newest first; empty when none exists. `dirs` caches
 * directory listings (700 logs in one /var/log/etl are listed once, not 700 times).
 */
export function listLogSet(root: string, serverPath: string, dirs?: Map<string, string[]>): LogFile[] {
  const dir = dirname(serverPath);
  const base = basename(serverPath);
  // through ServerFs: ROOT's symlinks resolve inside ROOT, and only regular files are logs
  const sfs = new ServerFs(root);
  let names = dirs?.get(dir);
  if (!names) {
    names = sfs.list(dir);
    dirs?.set(dir, names);
  }
  const found: Array<LogFile & { order: number }> = [];
  for (const name of names) {
    const order = rotationOrder(base, name);
    if (order === undefined) continue;
    const path = joinServer(dir, name);
    const f = sfs.resolveFile(path);
    // not a regular file, vanished or unreadable: not a log (the reader reports files it needs)
    if (!f.ok) continue;
    found.push({
      path,
      local: f.local,
      gz: name.endsWith('.gz'),
      size: f.stats.size,
      mtimeMs: f.stats.mtimeMs,
      order,
    });
  }
  return found.sort((a, b) => a.order - b.order).map(({ order: _o, ...f }) => f);
}

/** Where cron writes on Debian (syslog), RHEL (cron), SUSE and others (messages, cron.log). */
export const CRON_LOG_BASES = ['/var/log/syslog', '/var/log/cron', '/var/log/cron.log', '/var/log/messages'];
