/**
 * Exported systemd journals (`journalctl -o json > FILE`, one JSON object a line), passed with --journal.
 * systemd's own lines about a unit carry `UNIT=`; the unit's output carries `_SYSTEMD_UNIT=`:
 *   "Starting etl.service - Nightly ETL..."      "etl.service: Deactivated successfully."
 *   "etl.service: Main process exited, code=exited, status=1/FAILURE"
 *   "etl.service: Failed with result 'exit-code'."
 * cron's lines in the journal (`SYSLOG_IDENTIFIER=CRON`) are cron events like syslog's.
 * `MESSAGE` is a string, or an array of bytes when it was not valid UTF-8.
 */
import fs from 'node:fs';
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { readLinesBackward } from '../logs/read-backward.js';
import type { TimedLine } from '../logs/read-window.js';

export interface JournalEntry {
  time: number;
  /** systemd's lines about a unit: `UNIT`/`USER_UNIT`; a unit's own output: `_SYSTEMD_UNIT`. */
  unit?: string;
  ownUnit?: string;
  ident?: string;
  pid?: number;
  message: string;
  file: string;
  offset: number;
}

const STAMP = /"__REALTIME_TIMESTAMP"\s*:\s*"(\d+)"/;

function messageText(m: unknown): string {
  if (typeof m === 'string') return m;
  if (Array.isArray(m) && m.every((b) => typeof b === 'number'))
    return Buffer.from(m as number[]).toString('utf8');
  return '';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface JournalRead {
  entries: JournalEntry[];
  /** The cron lines among them, shaped like syslog lines for the cron event parser. */
  cronLines: TimedLine[];
  oldestSeen?: number;
  diagnostics: Diagnostic[];
}

function toEntry(o: Record<string, unknown>, time: number, file: string, offset: number): JournalEntry {
  const entry: JournalEntry = { time, message: messageText(o.MESSAGE), file, offset };
  const unit = str(o.UNIT) ?? str(o.USER_UNIT);
  if (unit) entry.unit = unit;
  const own = str(o._SYSTEMD_UNIT);
  if (own) entry.ownUnit = own;
  const ident = str(o.SYSLOG_IDENTIFIER);
  if (ident) entry.ident = ident;
  const pid = Number(str(o._PID) ?? str(o.SYSLOG_PID));
  if (Number.isFinite(pid) && pid > 0) entry.pid = pid;
  return entry;
}

/** Entries between `cutoff` and `now`, oldest first; the file is read backwards and only that far. */
export function readJournal(file: string, cutoff: number, now: number, maxBytes: number): JournalRead {
  const out: JournalRead = { entries: [], cronLines: [], diagnostics: [] };
  let bad = 0;
  let badLine = '';
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    out.diagnostics.push(warning('unreadable-journal', `${file}: cannot read (${code}).`, { file }));
    return out;
  }
  for (const { text, offset } of readLinesBackward(file, { maxBytes })) {
    const stamp = STAMP.exec(text);
    if (!stamp) {
      if (text.trim()) badLine ||= text.slice(0, 80);
      bad += text.trim() ? 1 : 0;
      continue;
    }
    const time = Math.floor(Number(stamp[1]) / 1000);
    if (out.oldestSeen === undefined || time < out.oldestSeen) out.oldestSeen = time;
    if (time < cutoff) break;
    if (time > now) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      bad++;
      badLine ||= text.slice(0, 80);
      continue;
    }
    const entry = toEntry(o, time, file, offset);
    const ident = entry.ident;
    out.entries.push(entry);
    if (ident && /^(CRON|CROND|crond|cron|anacron)$/.test(ident)) {
      out.cronLines.push({ time, text: `${ident}[${entry.pid ?? 0}]: ${entry.message}`, file, offset });
    }
  }
  if (bad > 0) {
    out.diagnostics.push(
      warning(
        'journal-format',
        `${file}: ${bad} line(s) are not journal JSON (first: "${badLine}"); skipped.`,
        { file },
        'export with `journalctl -o json`',
      ),
    );
  }
  out.entries.reverse();
  out.cronLines.reverse();
  return out;
}

/** What systemd said about one run of a service, from its `UNIT=` lines. */
export function classifyUnitMessage(unit: string, message: string): 'start' | 'ok' | 'failed' | undefined {
  const m = message;
  if (m.startsWith(`${unit}: Failed with result`) || m.startsWith('Failed to start ')) return 'failed';
  if (m.startsWith(`${unit}: Main process exited`) && !/status=0\//.test(m)) return 'failed';
  if (m.startsWith(`${unit}: Deactivated successfully`) || m.startsWith('Finished ')) return 'ok';
  if (m.startsWith('Starting ') || m.startsWith('Started ')) return 'start';
  return undefined;
}
