/**
 * Walk a directory tree under ROOT. Symlinked directories are followed (inside ROOT, as the server
 * would), but each directory is entered once by its (device, inode), so `ln -s . again` neither
 * loops nor multiplies one script into many names. The walk stops at a stated number of entries and
 * says so: a map must not look complete when it is not.
 */
import { type Diagnostic, warning } from '../model/diagnostic.js';
import type { ServerFs } from './server-fs.js';

export const DEFAULT_WALK_ENTRIES = 100_000;

export interface WalkOptions {
  /** Stop after this many directory entries (default 100 000), with a warning. */
  maxEntries?: number;
  /** Do not enter directories with this name (e.g. hidden ones). */
  skipDir?: (name: string) => boolean;
}

export interface WalkResult {
  /** Server paths of regular files (and of other non-directories), in the order found. */
  files: string[];
  diagnostics: Diagnostic[];
  capped: boolean;
}

export function walkServerDirectory(sfs: ServerFs, dir: string, opts: WalkOptions = {}): WalkResult {
  const max = opts.maxEntries ?? DEFAULT_WALK_ENTRIES;
  const out: WalkResult = { files: [], diagnostics: [], capped: false };
  const visited = new Set<string>();
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0) {
    const d = stack.pop() as string;
    const st = sfs.stat(d);
    if (!st?.isDirectory()) {
      out.diagnostics.push(warning('walk-not-directory', `${d}: not a directory under ROOT`, { file: d }));
      continue;
    }
    const id = `${st.dev}:${st.ino}`;
    if (visited.has(id)) continue;
    visited.add(id);
    const listed = sfs.readDir(d);
    if ('error' in listed) {
      out.diagnostics.push(
        warning(
          'walk-unreadable',
          `${d}: directory cannot be read (${listed.error}); its files are not in the map`,
          { file: d },
        ),
      );
      continue;
    }
    const names = listed.names;
    const subdirs: string[] = [];
    for (const name of names) {
      if (seen >= max) {
        out.capped = true;
        out.diagnostics.push(
          warning(
            'walk-capped',
            `${dir}: the walk stopped after ${max} entries; files past that are not in the map`,
            { file: dir },
            'pass a narrower --include directory',
          ),
        );
        return out;
      }
      seen++;
      const p = `${d === '/' ? '' : d}/${name}`;
      if (sfs.isDirectory(p)) {
        if (!opts.skipDir?.(name)) subdirs.push(p);
      } else out.files.push(p);
    }
    // depth-first in name order
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as string);
  }
  return out;
}
