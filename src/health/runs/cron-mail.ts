/**
 * cron mails a job's output to its user (crontab(5): MAILTO). Where a local MTA delivers them, they sit
 * in the user's mbox, `/var/mail/USER` or `/var/spool/mail/USER`:
 *   From root@etl01  Sat Nov 23 02:00:02 2024
 *   Subject: Cron <root@etl01> python3 /opt/etl/5.py
 *   Date: Sat, 23 Nov 2024 02:00:02 +0000
 *   (blank line, then the job's output)
 * Only the mailbox's tail is read (the newest mails are appended at the end).
 */
import fs from 'node:fs';
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { OPEN_READ_FLAGS, ServerFs } from '../../util/server-fs.js';
import { parseLogTime } from '../time/log-time.js';

export interface CronMail {
  time: number;
  /** The command from the Subject line. */
  command: string;
  body: string[];
  file: string;
  /** 1-based line of the `From ` separator within the part read (exact when the whole mailbox was read). */
  line: number;
  exact: boolean;
}

const MAX_TAIL = 16 * 1024 * 1024;

function readTail(local: string): { text: string; whole: boolean } {
  const fd = fs.openSync(local, OPEN_READ_FLAGS);
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, MAX_TAIL);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    return { text: buf.toString('utf8'), whole: len === size };
  } finally {
    fs.closeSync(fd);
  }
}

function parseMessage(
  lines: string[],
  start: number,
  file: string,
  tz: string,
  exact: boolean,
): CronMail | undefined {
  const headers = new Map<string, string>();
  let i = start + 1;
  let last = '';
  for (; i < lines.length && lines[i] !== ''; i++) {
    const l = lines[i]!;
    if (/^\s/.test(l) && last) {
      headers.set(last, `${headers.get(last)} ${l.trim()}`);
      continue;
    }
    const m = /^([\w-]+):\s*(.*)$/.exec(l);
    if (m) {
      last = m[1]!.toLowerCase();
      headers.set(last, m[2]!);
    }
  }
  const subject = /^Cron <[^>]*>\s*(.*)$/.exec(headers.get('subject') ?? '');
  if (!subject) return undefined;
  const date = headers.get('date');
  let time = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(time))
    time = parseLogTime(lines[start]!.slice(5), { tz, refMs: Date.now() }) ?? Number.NaN;
  if (Number.isNaN(time)) return undefined;
  const body: string[] = [];
  for (i++; i < lines.length && !lines[i]!.startsWith('From '); i++) body.push(lines[i]!);
  while (body.length && body[body.length - 1] === '') body.pop();
  return { time, command: subject[1]!, body, file, line: start + 1, exact };
}

export interface MailRead {
  mails: CronMail[];
  diagnostics: Diagnostic[];
  read: string[];
}

/** Cron mails of `users` newer than `since`, oldest first. An unreadable mailbox is a warning. */
export function readCronMails(root: string, users: Iterable<string>, since: number, tz: string): MailRead {
  const out: MailRead = { mails: [], diagnostics: [], read: [] };
  const sfs = new ServerFs(root);
  for (const user of new Set(users)) {
    if (!/^[\w.-]+$/.test(user)) continue;
    for (const dir of ['/var/mail', '/var/spool/mail']) {
      const file = `${dir}/${user}`;
      const where = sfs.resolveFile(file);
      if (!where.ok) {
        const d = where.diagnostic;
        if (d.code === 'file-missing') continue;
        const why = d.code === 'symlink-loop' ? 'cannot read (ELOOP)' : d.message.slice(file.length + 2);
        out.diagnostics.push(
          warning('unreadable-mail', `${file}: ${why}; cron mails not checked.`, { file }),
        );
        continue;
      }
      let tail: { text: string; whole: boolean };
      try {
        tail = readTail(where.local);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') {
          out.diagnostics.push(
            warning('unreadable-mail', `${file}: cannot read (${code}); cron mails not checked.`, { file }),
          );
        }
        continue;
      }
      out.read.push(file);
      const lines = tail.text.split('\n').map((l) => l.replace(/\r$/, ''));
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.startsWith('From ') || (i > 0 && lines[i - 1] !== '')) continue;
        const mail = parseMessage(lines, i, file, tz, tail.whole);
        if (mail && mail.time >= since) out.mails.push(mail);
      }
    }
  }
  out.mails.sort((a, b) => a.time - b.time);
  return out;
}
