/**
 * From the map, what each job and script is expected to do by T: which scripts a job runs (through
 * `invokes`, transitively), when it should last have run, which files are its own logs, and how to
 * recognise its lines in cron's log. Built once, before any log is read, so logs are read only as far
 * back as the earliest expectation.
 */

import type { FlowIndex } from '../graph/flow-index.js';
import { forEachInEdge, forEachOutEdge, nodeAttributes } from '../graph/keyed.js';
import { basename, dirname } from '../util/paths.js';
import type { ServerFs } from '../util/server-fs.js';
import type { JobMatcher } from './runs/cron-events.js';
import { type Expectation, expectationAt, type ScheduleSpec } from './schedule.js';
import { readJobZones, type ZoneAssignment } from './time/server-zone.js';

export interface JobPlan {
  key: string;
  label: string;
  spec?: ScheduleSpec;
  expectation: Expectation;
  user: string;
  matcher: JobMatcher;
  /** Zone the job's own log timestamps are written in (its TZ=, else the server's). */
  logTz: string;
  /** systemd: the service the timer starts. */
  unit?: string;
  scripts: string[];
}

export interface ScriptPlan {
  key: string;
  path: string;
  jobs: JobPlan[];
  /** File nodes the script writes that are logs (its own, or its job's redirection). */
  logs: string[];
}

export interface HealthPlan {
  jobs: Map<string, JobPlan>;
  scripts: Map<string, ScriptPlan>;
  /** Earliest expected run among the planned jobs (ms), where reading logs can stop. */
  earliestExpected?: number;
}

const LOG_PATH = /\.(?:log|err|out)(?:\.\d+)?$|^\/var\/log\/|\/logs?\//i;

/** A file a script writes that is its log rather than a data output. */
export function isLogPath(path: string): boolean {
  return LOG_PATH.test(path);
}

function invokedScripts(g: FlowIndex, job: string): string[] {
  const seen = new Set<string>();
  const queue = [job];
  while (queue.length) {
    const n = queue.shift()!;
    forEachOutEdge(g, n, (_e, attrs, _s, target) => {
      if (attrs.kind !== 'invokes' || seen.has(target)) return;
      if (nodeAttributes(g, target).kind !== 'script') return;
      seen.add(target);
      queue.push(target);
    });
  }
  return [...seen];
}

function unitOf(sfs: ServerFs, source: string | undefined): string | undefined {
  if (!source?.endsWith('.timer')) return undefined;
  const r = sfs.readText(source);
  const named = r.ok ? /^\s*Unit\s*=\s*(\S+)/m.exec(r.text)?.[1] : undefined;
  return named ?? basename(source).replace(/\.timer$/, '.service');
}

/** Crontabs already read for CRON_TZ=/TZ=, per ROOT. */
const zoneCaches = new WeakMap<ServerFs, Map<string, ZoneAssignment[]>>();

function planJob(g: FlowIndex, sfs: ServerFs, key: string, serverTz: string, now: number): JobPlan {
  const a = nodeAttributes(g, key);
  let cache = zoneCaches.get(sfs);
  if (!cache) {
    cache = new Map();
    zoneCaches.set(sfs, cache);
  }
  const zones = readJobZones(sfs, a.source, a.line, cache);
  const scripts = invokedScripts(g, key);
  const paths = scripts
    .map((s) => nodeAttributes(g, s).path)
    .filter((p): p is string => typeof p === 'string');
  const spec: ScheduleSpec | undefined =
    typeof a.schedule === 'string' && a.schedule.trim()
      ? { schedule: a.schedule, scheduler: a.scheduler ?? 'cron', tz: zones.cronTz ?? serverTz }
      : undefined;
  const plan: JobPlan = {
    key,
    label: a.label ?? key,
    expectation: spec ? expectationAt(spec, now) : { reason: 'no schedule in the map' },
    user: a.user ?? (a.source?.startsWith('/var/spool/cron/') ? basename(a.source) : 'root'),
    matcher: {
      command: typeof a.command === 'string' ? a.command : undefined,
      paths,
      dirs: a.scheduler === 'run-parts' ? [...new Set(paths.map(dirname))] : [],
    },
    logTz: zones.tz ?? serverTz,
    scripts,
  };
  if (spec) plan.spec = spec;
  const unit = a.scheduler === 'systemd' ? unitOf(sfs, a.source) : undefined;
  if (unit) plan.unit = unit;
  return plan;
}

/** Plan the jobs among `nodes` and the jobs of the scripts among them. */
export function planHealth(
  g: FlowIndex,
  sfs: ServerFs,
  nodes: Iterable<string>,
  serverTz: string,
  now: number,
): HealthPlan {
  const plan: HealthPlan = { jobs: new Map(), scripts: new Map() };
  const wantedScripts = new Set<string>();
  for (const n of nodes) {
    const kind = nodeAttributes(g, n).kind;
    if (kind === 'script') wantedScripts.add(n);
    if (kind === 'job' && !plan.jobs.has(n)) plan.jobs.set(n, planJob(g, sfs, n, serverTz, now));
  }
  // A script's jobs may sit outside the node set (diagnose passes only the upstream of a symptom).
  for (const s of wantedScripts) {
    for (const job of jobsOf(g, s))
      if (!plan.jobs.has(job)) plan.jobs.set(job, planJob(g, sfs, job, serverTz, now));
  }
  const byScript = new Map<string, JobPlan[]>();
  for (const j of plan.jobs.values()) {
    for (const s of j.scripts) byScript.set(s, [...(byScript.get(s) ?? []), j]);
    const e = j.expectation.expected;
    if (e !== undefined && (plan.earliestExpected === undefined || e < plan.earliestExpected))
      plan.earliestExpected = e;
  }
  for (const s of wantedScripts) {
    const logs: string[] = [];
    forEachOutEdge(g, s, (_e, attrs, _src, target) => {
      const p = nodeAttributes(g, target).path;
      if (attrs.kind === 'writes' && typeof p === 'string' && isLogPath(p)) logs.push(target);
    });
    plan.scripts.set(s, {
      key: s,
      path: nodeAttributes(g, s).path ?? s,
      jobs: byScript.get(s) ?? [],
      logs,
    });
  }
  return plan;
}

/** Jobs that run a script, directly or through the scripts that call it. */
export function jobsOf(g: FlowIndex, script: string): string[] {
  const jobs: string[] = [];
  const seen = new Set<string>([script]);
  const queue = [script];
  while (queue.length) {
    const n = queue.shift()!;
    forEachInEdge(g, n, (_e, attrs, source) => {
      if (attrs.kind !== 'invokes' || seen.has(source)) return;
      seen.add(source);
      if (nodeAttributes(g, source).kind === 'job') jobs.push(source);
      else queue.push(source);
    });
  }
  return jobs;
}
