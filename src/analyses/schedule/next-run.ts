/**
 * When a job runs next (or ran last), whatever scheduled it: cron (and anacron, run-parts from
 * crontab) through cron-parser, systemd timers through our OnCalendar= evaluator. A systemd job
 * may carry several OnCalendar= values (one per line, or separated by `;`): the earliest wins.
 */
import { checkCron, cronRunsBetween, nextCronRun, previousCronRun } from './cron.js';
import {
  type CalendarSpec,
  nextCalendarRun,
  parseCalendar,
  previousCalendarRun,
} from './systemd-calendar.js';

type Evaluator = (after: Date, tz?: string) => Date | undefined;

interface Parsed {
  next: Evaluator;
  previous: Evaluator;
  between: (from: Date, to: Date, tz: string | undefined, max: number) => Date[];
}

const SYSTEMD_LIKE =
  /^(minutely|hourly|daily|weekly|monthly|yearly|annually|quarterly|semiannually)\b|[:~]|\d-\d|\*-/i;

function parseOne(text: string, scheduler: string | undefined): Parsed {
  const asCron = (): Parsed => {
    checkCron(text);
    return {
      next: (t, tz) => nextCronRun(text, t, tz),
      previous: (t, tz) => previousCronRun(text, t, tz),
      between: (from, to, tz, max) => cronRunsBetween(text, from, to, tz, max),
    };
  };
  const asSystemd = (): Parsed => {
    const spec: CalendarSpec = parseCalendar(text);
    return {
      next: (t, tz) => nextCalendarRun(spec, t, tz),
      previous: (t, tz) => previousCalendarRun(spec, t, tz),
      between: (from, to, tz, max) => {
        const out: Date[] = [];
        for (
          let d = nextCalendarRun(spec, from, tz);
          d && d <= to && out.length < max;
          d = nextCalendarRun(spec, d, tz)
        ) {
          out.push(d);
        }
        return out;
      },
    };
  };
  if (scheduler === 'systemd') return asSystemd();
  if (scheduler && scheduler !== 'cron' && !SYSTEMD_LIKE.test(text)) return asCron();
  try {
    return asCron();
  } catch (err) {
    // an unknown scheduler, or cron text that is really a calendar expression
    if (scheduler === 'cron' || !SYSTEMD_LIKE.test(text)) throw err;
    return asSystemd();
  }
}

function parseSchedule(schedule: string, scheduler: string | undefined): Parsed[] {
  const parts =
    scheduler === 'systemd' || SYSTEMD_LIKE.test(schedule) ? schedule.split(/\s*[;\n]\s*/) : [schedule];
  return parts.filter((p) => p.trim() !== '').map((p) => parseOne(p.trim(), scheduler));
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
    const d = p.next(after, tz);
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
    const d = p.previous(before, tz);
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
  const all = safeParse(schedule, scheduler).flatMap((p) => p.between(from, to, tz, max));
  const unique = [...new Set(all.map((d) => d.getTime()))].sort((a, b) => a - b);
  return unique.slice(0, max).map((t) => new Date(t));
}

function safeParse(schedule: string, scheduler: string | undefined): Parsed[] {
  try {
    return parseSchedule(schedule, scheduler);
  } catch {
    return [];
  }
}
