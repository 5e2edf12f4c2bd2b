/**
 * Least disclosure: a job's user can make dfmap (run as root) read any file by naming it, e.g.
 * `psql -f /etc/shadow` in an ordinary crontab. Evidence snippets and warning texts therefore come
 * only from files the job's user could read (owner, group and mode under ROOT, from ROOT's
 * /etc/passwd and /etc/group); from any other file the map keeps the path and line, not the text.
 */
import type { Account } from '../discover/users.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ServerFs } from '../util/server-fs.js';
import type { TaskResult } from './extract-task.js';

/** Could this user read a file with these owner, group and mode bits? Unknown users get the world's bits. */
export function mayRead(
  user: string | undefined,
  accounts: Map<string, Account>,
  st: { uid: number; gid: number; mode: number },
): boolean {
  if (user === undefined || user === 'root') return true;
  const a = accounts.get(user);
  if (a?.uid === 0) return true;
  if (a && st.uid === a.uid) return (st.mode & 0o400) !== 0;
  if (a?.gids.has(st.gid)) return (st.mode & 0o040) !== 0;
  return (st.mode & 0o004) !== 0;
}

function withheld(d: Diagnostic, file: string, user: string): Diagnostic {
  const line = d.location?.line ? `:${d.location.line}` : '';
  return {
    ...d,
    message: `${file}${line}: ${d.code} (text withheld: the job's user ${user} cannot read this file)`,
  };
}

/** The task's result as the job's user may see it: snippets and warning texts of unreadable files dropped. */
export function discloseTo(
  r: TaskResult,
  user: string | undefined,
  accounts: Map<string, Account>,
  fs: ServerFs,
): TaskResult {
  const file = r.node.attrs.path;
  if (!r.extraction || typeof file !== 'string' || user === undefined) return r;
  const st = fs.stat(file);
  if (!st || mayRead(user, accounts, st)) return r;
  const ex = r.extraction;
  const strip = <T extends { evidence: { file: string; snippet?: string } }>(ref: T): T => {
    if (ref.evidence.file !== file || ref.evidence.snippet === undefined) return ref;
    const { snippet: _dropped, ...evidence } = ref.evidence;
    return { ...ref, evidence };
  };
  return {
    ...r,
    extraction: {
      ...ex,
      reads: ex.reads.map(strip),
      writes: ex.writes.map(strip),
      invokes: ex.invokes.map(strip),
      diagnostics: ex.diagnostics.map((d) => (d.location?.file === file ? withheld(d, file, user) : d)),
    },
  };
}
