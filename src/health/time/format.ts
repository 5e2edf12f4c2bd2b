/**
 * Times as a person on the server reads them: wall time in the server's zone, relative to T
 * ("02:31 today", "Nov 23 02:04"), ages ("3 days"), and schedules by their rhythm ("daily 02:00").
 */
import { wallTime } from './zoned.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number): string => String(n).padStart(2, '0');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function formatWhen(ms: number, now: number, tz: string): string {
  const w = wallTime(ms, tz);
  const n = wallTime(now, tz);
  const hm = `${pad(w.hour)}:${pad(w.minute)}`;
  const dayNumber = (x: { year: number; month: number; day: number }) =>
    Date.UTC(x.year, x.month - 1, x.day) / DAY;
  const diff = dayNumber(n) - dayNumber(w);
  if (diff === 0) return `${hm} today`;
  if (diff === 1) return `${hm} yesterday`;
  if (w.year === n.year || (diff > 0 && diff < 300)) return `${MONTHS[w.month - 1]} ${w.day} ${hm}`;
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${hm}`;
}

/** Day of a time, for "since Nov 23". */
export function formatDay(ms: number, now: number, tz: string): string {
  const w = wallTime(ms, tz);
  const n = wallTime(now, tz);
  return w.year === n.year ? `${MONTHS[w.month - 1]} ${w.day}` : `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

export function formatAge(ms: number): string {
  const a = Math.abs(ms);
  if (a < HOUR) return `${Math.max(1, Math.round(a / MIN))} min`;
  if (a < 2 * DAY) return `${Math.round(a / HOUR)} h`;
  const d = Math.round(a / DAY);
  return `${d} days`;
}

/** "daily 02:00", "hourly at :15", "weekly Sat 02:00", "every 5 min", else the expression as written. */
export function formatRhythm(
  schedule: string,
  period: number | undefined,
  at: number | undefined,
  tz: string,
): string {
  if (period === undefined || at === undefined) return `at '${schedule}'`;
  const w = wallTime(at, tz);
  const hm = `${pad(w.hour)}:${pad(w.minute)}`;
  if (period === DAY) return `daily ${hm}`;
  if (period === HOUR) return `hourly at :${pad(w.minute)}`;
  if (period === 7 * DAY) return `weekly ${DAYS[w.weekday ?? 0]} ${hm}`;
  if (period < HOUR && HOUR % period === 0) return `every ${period / MIN} min`;
  if (period < DAY && DAY % period === 0) return `every ${period / HOUR} h`;
  return `at '${schedule}'`;
}

const LEADING_STAMP =
  /^(?:<\d+>)?(?:\[?\d{4}[-/]\d\d[-/]\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?\]?\s*|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\s+\S+\s+)/;

/** A log line as quoted in a one-line summary: without its leading timestamp (the time is said elsewhere), cut to `max`. */
export function quoteLine(text: string, max = 110): string {
  const t = text.trim().replace(LEADING_STAMP, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
