/**
 * When a job should last have run before T, and when it should run next: the clock against which
 * freshness and "did it run?" are judged. The calendar arithmetic lives in analyses/schedule
 * (cron expressions and systemd OnCalendar=); this file adds what health needs on top: the grace a
 * run gets to finish, and a period to phrase "runs daily 02:00".
 */
import {
  nextRun as nextScheduledRun,
  previousRun as previousScheduledRun,
} from '../analyses/schedule/index.js';

export interface ScheduleSpec {
  schedule: string;
  scheduler: string;
  /** Zone the schedule is evaluated in (CRON_TZ, or the server's). */
  tz: string;
}

export interface Expectation {
  /** The last scheduled run old enough to have finished by T (ms). */
  expected?: number;
  /** Time between the last two scheduled runs (ms). */
  period?: number;
  /** Why there is no expectation: `@reboot`, an expression no calendar parser understood. */
  reason?: string;
}

const HOUR = 3_600_000;
/** previousRun is strict: asking before `t + 1 s` includes a run at exactly `t` (runs are whole minutes). */
export const AT_OR_BEFORE = 1000;

/** How long a run gets to write its outputs before it counts as late: half its period, at most an hour. */
export function graceFor(period: number | undefined): number {
  if (!period) return HOUR;
  return Math.min(HOUR, Math.max(60_000, period / 2));
}

/**
 * Calendar arithmetic costs a parse per call (~0.25 ms); a server with 20,000 jobs has a few hundred
 * distinct schedules and asks the same questions of each, so answers are remembered.
 */
const memo = new Map<string, number | undefined>();

function remembered(key: string, compute: () => number | undefined): number | undefined {
  if (memo.has(key)) return memo.get(key);
  const v = compute();
  if (memo.size > 500_000) memo.clear();
  memo.set(key, v);
  return v;
}

/** The last scheduled run strictly before `before` (ms). */
export function previousRun(spec: ScheduleSpec, before: number): number | undefined {
  return remembered(`p|${spec.scheduler}|${spec.tz}|${spec.schedule}|${before}`, () =>
    previousScheduledRun(spec.schedule, spec.scheduler, new Date(before), spec.tz)?.getTime(),
  );
}

/** The first scheduled run strictly after `after` (ms). */
export function nextRun(spec: ScheduleSpec, after: number): number | undefined {
  return remembered(`n|${spec.scheduler}|${spec.tz}|${spec.schedule}|${after}`, () =>
    nextScheduledRun(spec.schedule, spec.scheduler, new Date(after), spec.tz)?.getTime(),
  );
}

/** The run a job should have finished by `now`: the last one before `now - grace`. */
export function expectationAt(spec: ScheduleSpec, now: number): Expectation {
  if (/^@reboot$/i.test(spec.schedule.trim())) return { reason: 'runs only at boot (@reboot)' };
  const last = previousRun(spec, now + AT_OR_BEFORE);
  if (last === undefined) return { reason: `schedule '${spec.schedule}' has no run before T` };
  const before = previousRun(spec, last);
  const period = before === undefined ? undefined : last - before;
  const grace = graceFor(period);
  if (now - last >= grace) return { expected: last, period };
  return before === undefined
    ? { reason: 'the first scheduled run has not finished yet', period }
    : { expected: before, period };
}

/** Exact runs computed before a schedule's rhythm is trusted (see runsBefore). */
const EXACT_RUNS = 3;

/**
 * Scheduled runs before `before`, newest first, at most `count`, not older than `notBefore`.
 * The first three are exact; when they are evenly spaced (daily, hourly, every 5 min) the rest are
 * stepped back by that period instead of asking the calendar again (0.25 ms each, and 20,000 jobs ask).
 * Across a DST change a stepped run may be off by the shift: these runs only group log lines by run
 * and place writers of shared logs in time, where an hour two weeks ago does not matter.
 */
export function runsBefore(
  spec: ScheduleSpec,
  before: number,
  count: number,
  notBefore = Number.NEGATIVE_INFINITY,
  known: number[] = [],
): number[] {
  // `known`: runs already at hand (newest first, the last one at or before `before`): they count
  // towards the exact ones that establish the rhythm
  const out: number[] = [...known];
  let t = known.length ? known[known.length - 1]! : before;
  while (out.length < count) {
    const n = out.length;
    const step = n >= EXACT_RUNS ? out[n - 2]! - out[n - 1]! : 0;
    const periodic = n >= EXACT_RUNS && step > 0 && out[n - 3]! - out[n - 2]! === step;
    const p = periodic ? t - step : previousRun(spec, t);
    if (p === undefined) break;
    out.push(p);
    if (p < notBefore) break;
    t = p;
  }
  return out;
}
