/**
 * Map paths may hold `*` where static analysis could not know a part (`/data/out/export_*.csv`):
 * such a node stands for every file under ROOT the pattern matches, and its freshness is the newest one's.
 * Everything goes through ServerFs, so a symlink to `/x` means ROOT/x, never this machine's /x.
 */
import fs from 'node:fs';
import { basename, dirname, joinServer, toLocal } from '../util/paths.js';
import type { ServerFs } from '../util/server-fs.js';

export interface FileStat {
  /** Server path (the newest match for a pattern). */
  path: string;
  mtimeMs: number;
  size: number;
  /** How many files a pattern matched (1 for a plain path). */
  count: number;
}

function segmentRe(seg: string): RegExp {
  return new RegExp(`^${seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

const join = (dir: string, name: string): string => `${dir === '/' ? '' : dir}/${name}`;

/** Server paths matching `pattern` (each `*` within one path segment), at most `limit`. */
export function globServer(sfs: ServerFs, pattern: string, limit = 10_000): string[] {
  let current = ['/'];
  for (const seg of pattern.split('/').filter(Boolean)) {
    const next: string[] = [];
    for (const dir of current) {
      if (!seg.includes('*')) next.push(join(dir, seg));
      else {
        const re = segmentRe(seg);
        for (const n of sfs.list(dir)) if (re.test(n)) next.push(join(dir, n));
      }
      if (next.length > limit) break;
    }
    current = next.slice(0, limit);
  }
  return current;
}

/**
 * stat of a server path, resolving its directory once per directory (40,000 files in a few hundred
 * directories cost one lstat each, not one per path component); symlinked files go the long way.
 */
function statCached(sfs: ServerFs, path: string, dirs: Map<string, string | null>): fs.Stats | undefined {
  const dir = dirname(path);
  let real = dirs.get(dir);
  if (real === undefined) {
    const r = sfs.realpath(dir);
    real = 'path' in r ? r.path : null;
    dirs.set(dir, real);
  }
  if (real === null) return undefined;
  try {
    const st = fs.lstatSync(toLocal(sfs.root, joinServer(real, basename(path))));
    return st.isSymbolicLink() ? sfs.stat(path) : st;
  } catch {
    return undefined;
  }
}

/** A plain path's stat, or the newest regular file a pattern matches; undefined when nothing exists. */
export function statNode(
  sfs: ServerFs,
  path: string,
  dirs: Map<string, string | null> = new Map(),
): FileStat | undefined {
  const candidates = path.includes('*') ? globServer(sfs, path) : [path];
  let best: FileStat | undefined;
  let count = 0;
  for (const p of candidates) {
    const st = statCached(sfs, p, dirs);
    if (!st?.isFile()) continue;
    count++;
    if (!best || st.mtimeMs > best.mtimeMs) best = { path: p, mtimeMs: st.mtimeMs, size: st.size, count: 0 };
  }
  if (best) best.count = count;
  return best;
}
