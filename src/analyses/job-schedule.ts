/**
 * Every job with its schedule: in words, its next run after `at` and its last scheduled run
 * before it, in the server's zone, like `systemctl list-timers`. Cron and systemd calendars run
 * through the one evaluator impact and plan use (schedule/next-run.ts). When the map holds
 * observed runs (`dfmap observe`), the last one observed is given beside the last one scheduled.
 */
import type { FlowIndex } from '../graph/flow-index.js';
import { walkLocal } from './algorithms/traverse.js';
import { describeNode, type NodeRef } from './describe.js';
import { scheduleInWords } from './schedule/in-words.js';
import { nextRun, previousRun, scheduleProblem } from './schedule/next-run.js';

export interface ScheduledJob extends NodeRef {
  /** The schedule as written (`0 2 * * *`, an OnCalendar= value); absent when the map has none. */
  schedule?: string;
  scheduler?: string;
  user?: string;
  /** The schedule in words; absent when it has none (shown as written). */
  words?: string;
  /** The first scheduled run after `at` (ISO). */
  nextRun?: string;
  /** The last scheduled run before `at` (ISO): when it should last have run. */
  lastRun?: string;
  /** The last run seen by a trace (`dfmap observe`), when the map has one (ISO). */
  lastObserved?: string;
  /**
   * The last run the server recorded (cron's log lines, journals, the script's own log), when
   * asked for (`dfmap schedule --runs`): its start, and how the health check judged the job.
   */
  recorded?: { at?: string; status: string; summary: string };
  /** Why there is no next run: `@reboot`, an unreadable schedule, none in the map. */
  note?: string;
}

export interface JobScheduleOptions {
  /** The moment judged ("now"). */
  at: Date;
  /** The server's time zone (IANA); schedules run in it. */
  tz?: string;
  /**
   * Only these nodes (node numbers): the jobs among them, and the jobs that run a script among
   * them (up the `invokes` edges, through wrappers). Default: every job.
   */
  nodes?: readonly number[];
  /** Leave out these jobs, and the jobs that run these scripts (node numbers). */
  exclude?: readonly number[];
}

export interface JobSchedule {
  at: string;
  timeZone: string;
  /** Soonest next run first; jobs without one last, by id. */
  jobs: ScheduledJob[];
}

export function jobSchedule(index: FlowIndex, opts: JobScheduleOptions): JobSchedule {
  const invokers = (nodes: readonly number[]) =>
    walkLocal(index, nodes, 'in', (e) => index.edges[e]!.kind === 'invokes');
  const chosen = opts.nodes ? [...invokers(opts.nodes)] : Array.from({ length: index.order }, (_, v) => v);
  const out = opts.exclude ? invokers(opts.exclude) : new Set<number>();
  const jobs = chosen
    .filter((v) => index.nodes[v]!.kind === 'job' && !out.has(v))
    .map((v) => scheduledJob(index, v, opts));
  const when = (j: ScheduledJob) => j.nextRun ?? '~';
  jobs.sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : a.id < b.id ? -1 : 1));
  return { at: opts.at.toISOString(), timeZone: opts.tz ?? 'UTC', jobs };
}

function scheduledJob(index: FlowIndex, v: number, opts: JobScheduleOptions): ScheduledJob {
  const a = index.nodes[v]!;
  const job: ScheduledJob = { ...describeNode(index, v) };
  if (typeof a.scheduler === 'string') job.scheduler = a.scheduler;
  if (typeof a.user === 'string') job.user = a.user;
  if (typeof a.lastObserved === 'string') job.lastObserved = a.lastObserved;
  if (typeof a.schedule !== 'string') {
    job.note = 'no schedule in the map';
    return job;
  }
  job.schedule = a.schedule;
  const words = scheduleInWords(a.schedule, job.scheduler);
  if (words) job.words = words;
  const next = nextRun(a.schedule, job.scheduler, opts.at, opts.tz);
  const last = previousRun(a.schedule, job.scheduler, opts.at, opts.tz);
  if (next) job.nextRun = next.toISOString();
  else job.note = scheduleProblem(a.schedule, job.scheduler) ?? 'no run after this time';
  if (last) job.lastRun = last.toISOString();
  return job;
}
