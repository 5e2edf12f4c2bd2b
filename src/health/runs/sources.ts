/**
 * Everything the server recorded about job runs, read once for all jobs: cron's lines (syslog, cron
 * logs and their rotations), cron mails, exported journals. Reading stops at `cutoff`, the earliest
 * scheduled run any job in question needs.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { CRON_LOG_BASES, listLogSet } from '../logs/log-set.js';
import { readLogWindow } from '../logs/read-window.js';
import { CRON_NEEDLES, type CronEvent, parseCronEvent } from './cron-events.js';
import { type CronMail, readCronMails } from './cron-mail.js';
import { type JournalEntry, readJournal } from './journal.js';

export interface RunSources {
  cron: CronEvent[];
  /** Earliest time any cron log (or journal) line read carries: runs before it cannot be judged. */
  cronFrom?: number;
  /** At least one cron log or journal exists. */
  hasCronLogs: boolean;
  mails: CronMail[];
  journal: JournalEntry[];
  /** Files read, for "what I checked". */
  read: string[];
  diagnostics: Diagnostic[];
}

export interface SourceOptions {
  root: string;
  tz: string;
  cutoff: number;
  now: number;
  users: Iterable<string>;
  journals: string[];
  maxLogBytes: number;
}

export async function collectRunSources(opts: SourceOptions): Promise<RunSources> {
  const out: RunSources = { cron: [], hasCronLogs: false, mails: [], journal: [], read: [], diagnostics: [] };
  for (const base of CRON_LOG_BASES) {
    const files = listLogSet(opts.root, base);
    if (files.length === 0) continue;
    out.hasCronLogs = true;
    const w = await readLogWindow(files, {
      cutoff: opts.cutoff,
      now: opts.now,
      tz: opts.tz,
      needles: CRON_NEEDLES,
      maxBytes: opts.maxLogBytes,
    });
    out.read.push(...w.read);
    out.diagnostics.push(...w.diagnostics);
    noteFrom(out, w.oldestSeen);
    for (const l of w.lines) {
      const e = parseCronEvent(l);
      if (e) out.cron.push(e);
    }
  }
  for (const file of opts.journals) {
    const j = readJournal(file, opts.cutoff, opts.now, opts.maxLogBytes);
    out.read.push(file);
    out.diagnostics.push(...j.diagnostics);
    if (j.oldestSeen !== undefined) out.hasCronLogs = true;
    noteFrom(out, j.oldestSeen);
    out.journal.push(...j.entries);
    for (const l of j.cronLines) {
      const e = parseCronEvent(l);
      if (e) out.cron.push(e);
    }
  }
  // Mails are read two weeks further back: they date the start of a failure streak.
  const mail = readCronMails(opts.root, opts.users, opts.cutoff - 15 * 86_400_000, opts.tz);
  out.mails = mail.mails;
  out.read.push(...mail.read);
  out.diagnostics.push(...mail.diagnostics);
  out.cron.sort((a, b) => a.time - b.time);
  out.journal.sort((a, b) => a.time - b.time);
  return out;
}

function noteFrom(out: RunSources, t: number | undefined): void {
  if (t !== undefined && (out.cronFrom === undefined || t < out.cronFrom)) out.cronFrom = t;
}
