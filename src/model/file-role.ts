/**
 * Files that are not data: logs, locks (lock and pid files) and temporary files. They stay in the
 * map as `file` nodes (their ids and the edges' evidence do not change) with a `role` attribute;
 * the network measures and the viewer's overview leave them out, and the health checks still read
 * logs as evidence (docs/decisions/010-file-roles.md).
 */

export const FILE_ROLES = ['log', 'lock', 'temp'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export const isFileRole = (x: unknown): x is FileRole => (FILE_ROLES as readonly unknown[]).includes(x);

// logrotate keeps x.log.1, x.log.2.gz; `nohup` writes nohup.out
const LOG_PATH = /^\/var\/log\/|\.(log|err|out)(\.\d+)?(\.gz)?$/;
const LOCK_PATH = /^\/(var\/)?(run\/)?lock\/|\.(lock|pid|lck)$/;
// mktemp(1)'s default template is /tmp/tmp.XXXXXXXXXX; editors and tools leave *.tmp, *.swp
const TEMP_PATH = /^\/tmp\/tmp\.[^/]*$|\.(tmp|swp)$/;

/** The role a server path alone gives a file, if any. */
export function roleOfPath(path: string): FileRole | undefined {
  if (LOG_PATH.test(path)) return 'log';
  if (LOCK_PATH.test(path)) return 'lock';
  if (TEMP_PATH.test(path)) return 'temp';
  return undefined;
}

/**
 * The role a write's construct gives the file it writes: stderr alone redirected into it
 * (`2> FILE`, `2>> FILE`, `exec 2> FILE`) or a logging handler (Python's `logging.*`).
 * A stdout redirection (`> FILE`, `>> FILE 2>&1`) says nothing: where it lands decides.
 */
export function roleOfWrite(construct: string): FileRole | undefined {
  if (/(^|\s)(redirection|exec) 2>/.test(construct)) return 'log';
  if (/^logging\./.test(construct)) return 'log';
  if (/^mktemp\b/.test(construct)) return 'temp';
  return undefined;
}

/** A node's role: the one the scan recorded, else what its path says (maps made elsewhere). */
export function fileRoleOf(attrs: { kind?: unknown; role?: unknown; path?: unknown }): FileRole | undefined {
  if (attrs.kind !== 'file') return undefined;
  if (isFileRole(attrs.role)) return attrs.role;
  return typeof attrs.path === 'string' ? roleOfPath(attrs.path) : undefined;
}
