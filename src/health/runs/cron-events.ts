/**
 * cron's own lines in syslog, `/var/log/cron` or a journal:
 *   Vixie/Debian  `CRON[4121]: (root) CMD (python3 /opt/etl/5.py >> /var/log/etl/5.log 2>&1)`
 *                 `CRON[4121]: (CRON) error (grandchild #4122 failed with exit status 1)`   (-L 4)
 *                 `CRON[4121]: (root) END (python3 /opt/etl/5.py ...)`                      (-L 2)
 *                 `CRON[4121]: (CRON) info (No MTA installed, discarding output)`
 *   cronie        `CROND[4121]: (root) CMD (...)`, `(root) CMDOUT (Traceback ...)`, `(root) CMDEND (...)`
 *   anacron       `anacron[88]: Job `cron.daily' started`, `Job `cron.daily' terminated (exit status: 1)`
 * The same pid ties a job's CMD line to its end, its failure and its output.
 */
import type { TimedLine } from '../logs/read-window.js';

export interface CronEvent {
  time: number;
  pid?: number;
  /** `(root)`: the job's user; `(CRON)` for the daemon's own messages. */
  user: string;
  /** `CMD`, `END`, `CMDEND`, `CMDOUT`, `MAIL`, `error`, `info`, `started`, `terminated`. */
  action: string;
  /** The text in the last parentheses: the command, the output line, the error. */
  text: string;
  /** Where it was read. */
  file: string;
  line?: number;
  offset?: number;
  raw: string;
}

const CRON_LINE = /\b(?:CRON|CROND|crond|cron)\[(\d+)\]:\s+\(([^)]*)\)\s+([A-Za-z]+)\s+\((.*)\)\s*$/;
const ANACRON_LINE = /\banacron\[(\d+)\]:\s+Job [`'"]([^`'"]+)['"`] (started|terminated)(.*)$/;

export function parseCronEvent(l: TimedLine): CronEvent | undefined {
  if (l.time === undefined) return undefined;
  const base = { time: l.time, file: l.file, line: l.line, offset: l.offset, raw: l.text.trim() };
  const m = CRON_LINE.exec(l.text);
  if (m) return { ...base, pid: Number(m[1]), user: m[2]!, action: m[3]!, text: m[4]! };
  const a = ANACRON_LINE.exec(l.text);
  if (a) return { ...base, pid: Number(a[1]), user: 'anacron', action: a[3]!, text: `${a[2]}${a[4] ?? ''}` };
  return undefined;
}

/** Exit status of a finished run, when cron logged one (`failed with exit status 1`, `(exit status: 1)`). */
export function exitStatusOf(e: CronEvent): number | undefined {
  const m = /exit status:? (\d+)/.exec(e.text);
  return m ? Number(m[1]) : undefined;
}

/** Needles for the backwards scan: a cheap byte search before any regular expression runs. */
export const CRON_NEEDLES = ['CRON', 'cron['];

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export interface JobMatcher {
  command?: string;
  /** Script paths the job runs (direct and, for run-parts, the directory). */
  paths: string[];
  dirs: string[];
}

/**
 * Is this CMD line the job's? Exact command text first; otherwise the command names one of the job's
 * scripts (the map's command is redacted, so a password makes the texts differ), or for run-parts the
 * directory it runs.
 */
export function commandMatches(cmdText: string, job: JobMatcher): boolean {
  const text = squash(cmdText);
  if (job.command && squash(job.command) === text) return true;
  for (const p of job.paths) {
    const i = text.indexOf(p);
    if (i >= 0 && !/[\w.-]/.test(text.charAt(i + p.length))) return true;
  }
  for (const d of job.dirs) if (/run-parts/.test(text) && text.includes(d)) return true;
  return false;
}

/**
 * cron's lines indexed once, so each of thousands of jobs finds its own without scanning all of them:
 * CMD lines by their squashed command and by every word (a script path is a word), other lines by pid.
 */
export interface CronIndex {
  byCommand: Map<string, CronEvent[]>;
  byWord: Map<string, CronEvent[]>;
  byPid: Map<number, CronEvent[]>;
  /** CMD lines running run-parts, and anacron's lines: few, matched by directory. */
  other: CronEvent[];
}

const push = <K>(m: Map<K, CronEvent[]>, k: K, e: CronEvent) => {
  const list = m.get(k);
  if (list) list.push(e);
  else m.set(k, [e]);
};

export function indexCronEvents(events: CronEvent[]): CronIndex {
  const index: CronIndex = { byCommand: new Map(), byWord: new Map(), byPid: new Map(), other: [] };
  for (const e of events) {
    if (e.pid !== undefined) push(index.byPid, e.pid, e);
    if (e.action === 'CMD') {
      push(index.byCommand, squash(e.text), e);
      for (const w of new Set(e.text.split(/[\s;&|()<>'"`]+/))) if (w.includes('/')) push(index.byWord, w, e);
      if (e.text.includes('run-parts')) index.other.push(e);
    } else if (e.user === 'anacron') index.other.push(e);
  }
  return index;
}

/** The CMD (and anacron) lines that may be this job's, oldest first; callers still check each. */
export function candidateEvents(index: CronIndex, job: JobMatcher): CronEvent[] {
  const found = new Set<CronEvent>();
  if (job.command) for (const e of index.byCommand.get(squash(job.command)) ?? []) found.add(e);
  for (const p of job.paths) for (const e of index.byWord.get(p) ?? []) found.add(e);
  for (const e of index.other) found.add(e);
  return [...found].sort((a, b) => a.time - b.time);
}
