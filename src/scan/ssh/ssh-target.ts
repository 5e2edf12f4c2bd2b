/**
 * `ssh://[user@]host[:port][/root]` (or `user@host`): the server to read over SFTP, and the directory
 * on it that stands for its `/` (default `/`; a copy elsewhere works too). No password in it, ever.
 */
import { UsageError } from '../../model/errors.js';

export interface SshTarget {
  user?: string;
  host: string;
  port: number;
  /** The remote directory that is the server's `/`. */
  root: string;
}

export function isSshTarget(text: string): boolean {
  return text.startsWith('ssh://');
}

export function parseSshTarget(text: string): SshTarget {
  const m =
    /^(?:ssh:\/\/)?(?:([^@:/\s]+)(:[^@/\s]*)?@)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9][\w.-]*)(?::(\d+))?(\/[^\s]*)?$/.exec(
      text.trim(),
    );
  if (!m) {
    throw new UsageError(`'${text.replace(/:[^@/]*@/, ':***@')}' is not an ssh target.`, {
      hint: 'write ssh://user@host[:port][/root]',
    });
  }
  if (m[2]) {
    throw new UsageError('ssh targets take no password.', {
      hint: 'use a key: from ssh-agent (SSH_AUTH_SOCK) or -i FILE; the password was not used or stored',
    });
  }
  const port = m[4] ? Number(m[4]) : 22;
  if (!(port > 0 && port < 65536)) throw new UsageError(`ssh port '${m[4]}' is not a port.`);
  const root = m[5] && m[5] !== '/' ? m[5].replace(/\/+$/, '') : '/';
  return { ...(m[1] ? { user: m[1] } : {}), host: m[3]!.replace(/^\[|\]$/g, ''), port, root };
}

/** The target as stored and printed: no user name either (identity must not depend on who looked). */
export function describeTarget(t: SshTarget): string {
  return `ssh://${t.host}${t.port === 22 ? '' : `:${t.port}`}${t.root === '/' ? '' : t.root}`;
}
