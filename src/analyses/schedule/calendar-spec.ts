/**
 * One evaluator for every schedule: crontab times and systemd OnCalendar= values both parse to a
 * CalendarSpec (sets of allowed wall-clock fields), and run times come from walking calendar days
 * in the schedule's time zone. Days are walked, not minutes: a week of a `* * * * *` job is 10,080
 * runs but only eight days to test.
 *
 * Daylight saving is where schedulers differ, so the spec says which rules apply:
 * - a wall time the clock skips: systemd does not run it; cron (vixie and cronie) runs a job at a
 *   fixed time right after the change, while a job with `*` in its minute or hour just runs at
 *   the times that exist;
 * - a wall time that happens twice: systemd and fixed-time cron jobs run once (the first time),
 *   cron jobs with `*` in the minute or hour run both times.
 */
import { daysInMonth, weekdayOf, zoneOffset } from './zoned-time.js';

export interface CalendarSpec {
  /** Allowed weekdays (0 = Sunday), or undefined for any. */
  weekdays?: Set<number>;
  years?: (year: number) => boolean;
  months: number[];
  /** Days of month counted from the start. */
  days: number[];
  /** Days counted from the end of the month (1 = last day). */
  daysFromEnd: number[];
  hours: number[];
  minutes: number[];
  seconds: number[];
  /**
   * How the weekdays combine with the days of the month: 'and' (systemd, and cron when either
   * field is `*`) or 'or' (cron when both are restricted: `0 0 1 * 1` runs on the 1st and on Mondays).
   */
  dayRule?: 'and' | 'or';
  /** A skipped wall time runs at the change (cron fixed-time jobs) instead of not at all. */
  runSkippedAtChange?: boolean;
  /** A repeated wall time runs both times (cron jobs with `*` in the minute or hour). */
  runRepeatedTwice?: boolean;
  tz?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back and ahead of a search the walk goes before it gives up: never again. */
const SEARCH_YEARS = 30;

/** The first run strictly after `after` (undefined when none within 30 years). */
export function nextCalendarRun(spec: CalendarSpec, after: Date, tz?: string): Date | undefined {
  for (const t of runsFrom(spec, after.getTime(), tz, 1)) return new Date(t);
  return undefined;
}

/** The last run strictly before `before`. */
export function previousCalendarRun(spec: CalendarSpec, before: Date, tz?: string): Date | undefined {
  for (const t of runsFrom(spec, before.getTime(), tz, -1)) return new Date(t);
  return undefined;
}

/** Runs in (from, to], soonest first, at most `max`. */
export function calendarRunsBetween(
  spec: CalendarSpec,
  from: Date,
  to: Date,
  tz: string | undefined,
  max: number,
): Date[] {
  const out: Date[] = [];
  const end = to.getTime();
  for (const t of runsFrom(spec, from.getTime(), tz, 1)) {
    if (t > end || out.length >= max) break;
    out.push(new Date(t));
  }
  return out;
}

/** UTC offset (ms, east positive) at an instant, in `tz` or the process's own zone. */
function offsetAt(ms: number, tz: string | undefined): number {
  return tz === undefined ? -new Date(ms).getTimezoneOffset() * MINUTE : zoneOffset(ms, tz);
}

/** Run instants strictly after (step 1) or before (step -1) `t0`, in order. */
function* runsFrom(
  spec: CalendarSpec,
  t0: number,
  tzArg: string | undefined,
  step: 1 | -1,
): Generator<number> {
  const tz = spec.tz ?? tzArg;
  const wall = new Date(t0 + offsetAt(t0, tz));
  // start a day early (backwards: late): a day's runs may fall either side of its wall date
  let day = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) - step * DAY;
  for (let i = 0; i < 366 * SEARCH_YEARS; i++, day += step * DAY) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    if (!dayMatches(spec, y, m, dd)) continue;
    const runs = runsOnDay(spec, day, tz);
    if (step === -1) runs.reverse();
    for (const t of runs) if ((t - t0) * step > 0) yield t;
  }
}

/** The run instants of one wall-clock day (given as its midnight in UTC terms), sorted. */
function runsOnDay(spec: CalendarSpec, day: number, tz: string | undefined): number[] {
  const out: number[] = [];
  // the instants of a wall day lie within [day - 14 h, day + 24 h + 12 h] in every zone
  const before = offsetAt(day - 14 * HOUR, tz);
  const after = offsetAt(day + 36 * HOUR, tz);
  const steady = before === after;
  for (const h of spec.hours) {
    for (const mi of spec.minutes) {
      for (const s of spec.seconds) {
        const wall = day + h * HOUR + mi * MINUTE + s * 1000;
        if (steady) out.push(wall - before);
        else for (const t of instantsOf(spec, wall, before, after, tz)) out.push(t);
      }
    }
  }
  if (!steady) {
    out.sort((a, b) => a - b);
    return out.filter((t, i) => i === 0 || t !== out[i - 1]); // skipped times may meet at the change
  }
  return out;
}

/** The instants a wall time names on a day the offset changes: none, one or two, by the spec's rules. */
function instantsOf(
  spec: CalendarSpec,
  wall: number,
  before: number,
  after: number,
  tz: string | undefined,
): number[] {
  const valid = [before, after].filter((o) => offsetAt(wall - o, tz) === o).map((o) => wall - o);
  if (valid.length === 2) return spec.runRepeatedTwice ? valid.sort((a, b) => a - b) : [Math.min(...valid)];
  if (valid.length === 1) return valid;
  if (!spec.runSkippedAtChange) return [];
  // skipped: the clock jumped from before to after somewhere in [wall - after, wall - before]
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1000) {
    const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    if (offsetAt(mid, tz) === after) hi = mid;
    else lo = mid;
  }
  return [hi];
}

function dayMatches(spec: CalendarSpec, y: number, m: number, d: number): boolean {
  if (spec.years && !spec.years(y)) return false;
  if (!spec.months.includes(m)) return false;
  const weekdayOk = spec.weekdays === undefined || spec.weekdays.has(weekdayOf(y, m, d));
  const dayOk =
    spec.daysFromEnd.length > 0
      ? spec.daysFromEnd.includes(daysInMonth(y, m) - d + 1)
      : spec.days.includes(d);
  return spec.dayRule === 'or' ? weekdayOk || dayOk : weekdayOk && dayOk;
}
