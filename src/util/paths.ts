/**
 * Server paths vs. local paths. A scan treats directory ROOT as the server's `/`; every path dfmap
 * stores is a server path (POSIX, absolute, without ROOT). This is the only module that imports
 * node:path, so the mapping lives in one place.
 */
import nodePath from 'node:path';

const posix = nodePath.posix;

/** Local filesystem path for a server path under ROOT. */
export function toLocal(root: string, serverPath: string): string {
  const norm = posix.normalize(`/${serverPath}`);
  return root === '/' ? norm : nodePath.join(root, norm);
}

/** Normalise a server path lexically (`//`, `.`, `..`, trailing `/`). */
export function normalizeServerPath(p: string): string {
  if (p === '') return p;
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Join a possibly relative path onto a server directory. */
export function joinServer(dir: string, p: string): string {
  if (p.startsWith('/')) return normalizeServerPath(p);
  return normalizeServerPath(posix.join(dir, p));
}

export const dirname = (p: string): string => posix.dirname(p);
export const basename = (p: string, ext?: string): string => posix.basename(p, ext);
export const extname = (p: string): string => posix.extname(p);

/** Local path helpers for the CLI and stores (output files, map files). */
export const localJoin = (...parts: string[]): string => nodePath.join(...parts);
export const localResolve = (...parts: string[]): string => nodePath.resolve(...parts);
export const localRelative = (from: string, to: string): string => nodePath.relative(from, to);
export const localDirname = (p: string): string => nodePath.dirname(p);
export const localBasename = (p: string): string => nodePath.basename(p);
export const localExtname = (p: string): string => nodePath.extname(p);
/** The directories of a PATH-like list (`/usr/bin:/bin`), in this OS's separator. */
export const localPathList = (list: string): string[] => list.split(nodePath.delimiter);
