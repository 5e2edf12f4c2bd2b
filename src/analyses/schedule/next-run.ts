/**
 * When a job runs next (or ran last), whatever scheduled it: cron (and anacron, run-parts from
 * crontab) and systemd timers both parse to a CalendarSpec and run through one evaluator. A
 * systemd job may carry several OnCalendar= values (one per line, or separated by `;`): the
 * earliest wins.
 */
import {
  type CalendarSpec,
  calendarRunsBetween,
  nextCalendarRun,
  previousCalendarRun,
} from './calendar-spec.js';
import { parseCron } from './cron.js';
import { parseCalendar } from './systemd-calendar.js';

const SYSTEMD_LIKE =
  /^(minutely|hourly|daily|weekly|monthly|yearly|annually|quarterly|semiannually)\b|[:~]|\d-\d|\*-/i;

function parseOne(text: string, scheduler: string | undefined): CalendarSpec {
  if (scheduler === 'systemd') return parseCalendar(text);
  if (scheduler && scheduler !== 'cron' && !SYSTEMD_LIKE.test(text)) return parseCron(text);
  try {
    return parseCron(text);
  } catch (err) {
    // an unknown scheduler, or cron text that is really a calendar expression
    if (scheduler === 'cron' || !SYSTEMD_LIKE.test(text)) throw err;
    return parseCalendar(text);
  }
}

/** Parsed schedules, by scheduler and text: thousands of jobs on a large map share a few. */
const parsed = new Map<string, CalendarSpec[]>();

function parseSchedule(schedule: string, scheduler: string | undefined): CalendarSpec[] {
  const key = `${scheduler ?? ''}\u0000${schedule}`;
  const known = parsed.get(key);
  if (known) return known;
  const parts =
    scheduler === 'systemd' || SYSTEMD_LIKE.test(schedule) ? schedule.split(/\s*[;\n]\s*/) : [schedule];
  const specs = parts.filter((p) => p.trim() !== '').map((p) => parseOne(p.trim(), scheduler));
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(key, specs);
  return specs;
}

/**
 * Why a schedule has no run times (`@reboot`, unreadable), or undefined when it has them.
 */
export function scheduleProblem(schedule: string, scheduler?: string): string | undefined {
  try {
    return parseSchedule(schedule, scheduler).length === 0 ? 'empty schedule' : undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The first run strictly after `after`; undefined for `@reboot`, an unreadable or a never-again schedule. */
export function nextRun(
  schedule: string,
  scheduler: string | undefined,
  after: Date,
  tz?: string,
): Date | undefined {
  let best: Date | undefined;
  for (const p of safeParse(schedule, scheduler)) {
    const d = nextCalendarRun(p, after, tz);
    if (d && (!best || d < best)) best = d;
  }
  return best;
}

/** The last run strictly before `before` ("when should this last have run?"). */
export function previousRun(
  schedule: string,
  scheduler: string | undefined,
  before: Date,
  tz?: string,
): Date | undefined {
  let best: Date | undefined;
  for (const p of safeParse(schedule, scheduler)) {
    const d = previousCalendarRun(p, before, tz);
    if (d && (!best || d > best)) best = d;
  }
  return best;
}

/** Every run in (from, to], soonest first, at most `max` (default 1000). */
export function runsBetween(
  schedule: string,
  scheduler: string | undefined,
  from: Date,
  to: Date,
  tz?: string,
  max = 1000,
): Date[] {
  const all = safeParse(schedule, scheduler).flatMap((p) => calendarRunsBetween(p, from, to, tz, max));
  const unique = [...new Set(all.map((d) => d.getTime()))].sort((a, b) => a - b);
  return unique.slice(0, max).map((t) => new Date(t));
}

function safeParse(schedule: string, scheduler: string | undefined): CalendarSpec[] {
  try {
    return parseSchedule(schedule, scheduler);
  } catch {
    return [];
  }
}
