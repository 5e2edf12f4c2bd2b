/**
 * Judge every planned script's own logs. Each log is read once, back to the earliest run any of its
 * writers needs. A log several scripts write (the crontab's shared `>> /var/log/x/cron.log 2>&1`) is
 * split between them by the schedule: a line belongs to the writer whose scheduled run came last
 * before it, so 6.py is never blamed for 5.py's traceback.
 */
import { forEachInEdge, nodeAttributes } from '../../graph/keyed.js';
import { basename } from '../../util/paths.js';
import type { HealthContext } from '../context.js';
import type { TimedLine } from '../logs/read-window.js';
import { jobsOf } from '../plan.js';
import { AT_OR_BEFORE, runsBefore, type ScheduleSpec } from '../schedule.js';
import { START_SLACK } from './judge-job.js';
import { judgeOwnLog, type Ownership, type OwnLogRun, readOwnLog } from './own-log.js';

/**
 * How many scheduled runs a failing script's own log is read back for, to date the start of its
 * failure streak: a few first, two weeks only when all of those failed too.
 */
const STREAK_DEPTHS = [4, 14];
/** Scheduled runs per writer placed on a shared log's timeline (a job every minute fills a day). */
const MAX_TIMELINE_RUNS = 2000;

function specsOf(ctx: HealthContext, script: string): ScheduleSpec[] {
  const specs: ScheduleSpec[] = [];
  for (const job of jobsOf(ctx.g, script)) {
    const planned = ctx.plan.jobs.get(job)?.spec;
    const a = nodeAttributes(ctx.g, job);
    if (planned) specs.push(planned);
    else if (typeof a.schedule === 'string')
      specs.push({ schedule: a.schedule, scheduler: a.scheduler ?? 'cron', tz: ctx.tz });
  }
  return specs;
}

interface Timeline {
  times: number[];
  owners: Array<Set<string>>;
}

/** The writers' scheduled runs between `from` and `to`, merged and sorted: who wrote last at any time. */
function timeline(ctx: HealthContext, writers: string[], from: number, to: number): Timeline {
  const entries = new Map<number, Set<string>>();
  for (const w of writers) {
    for (const spec of specsOf(ctx, w)) {
      for (const p of runsBefore(spec, to + AT_OR_BEFORE, MAX_TIMELINE_RUNS, from)) {
        entries.set(p, (entries.get(p) ?? new Set()).add(w));
      }
    }
  }
  const times = [...entries.keys()].sort((a, b) => a - b);
  return { times, owners: times.map((t) => entries.get(t)!) };
}

const WORD_CHAR = /[\w.-]/;

/**
 * A finder for the writers a line names (`5.py`, `step_342.py`, `run.sh` as whole words). Names with an
 * extension are found by searching the extension (one native indexOf scan a line, then a look at the
 * word around it); the rare names without one by a regular expression.
 */
function nameFinder(names: Map<string, string>): (text: string) => string[] | undefined {
  const byName = new Map<string, string[]>();
  for (const [w, n] of names) byName.set(n, [...(byName.get(n) ?? []), w]);
  const exts = new Set<string>();
  const plain: string[] = [];
  for (const n of byName.keys()) {
    const dot = n.lastIndexOf('.');
    if (dot > 0) exts.add(n.slice(dot));
    else plain.push(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const plainRe = plain.length ? new RegExp(`(?<![\\w.-])(?:${plain.join('|')})(?![\\w-])`, 'g') : undefined;
  return (text: string) => {
    let found = wordsEndingIn(text, exts, byName);
    if (plainRe) for (const m of text.matchAll(plainRe)) found = merge(found, byName.get(m[0]));
    return found;
  };
}

const merge = (a: string[] | undefined, b: string[] | undefined): string[] | undefined =>
  !b ? a : a ? [...new Set([...a, ...b])] : b;

/** The writers named by whole words of `text` that end in one of `exts` (`.py`, `.sh`). */
function wordsEndingIn(text: string, exts: Set<string>, byName: Map<string, string[]>): string[] | undefined {
  let found: string[] | undefined;
  for (const ext of exts) {
    for (let i = text.indexOf(ext); i >= 0; i = text.indexOf(ext, i + 1)) {
      const end = i + ext.length;
      if (end < text.length && /[\w-]/.test(text.charAt(end))) continue;
      let start = i;
      while (start > 0 && WORD_CHAR.test(text.charAt(start - 1))) start--;
      found = merge(found, byName.get(text.slice(start, end)));
    }
  }
  return found;
}

/**
 * Who wrote each line of a shared log, decided once per line for all its writers: a line that names
 * writers' files (`ERROR step_342.py ...`, a traceback frame) is theirs; otherwise it belongs to the
 * writers whose scheduled run came last before it.
 */
function ownersByLine(
  tl: Timeline,
  writers: string[],
  names: Map<string, string>,
  lines: TimedLine[],
): Map<string, TimedLine[]> {
  const named = nameFinder(names);
  const out = new Map<string, TimedLine[]>(writers.map((w) => [w, []]));
  for (const l of lines) {
    const owners = named(l.text) ?? (l.time === undefined ? undefined : timelineOwners(tl, l.time));
    if (owners) for (const o of owners) out.get(o)?.push(l);
  }
  return out;
}

function timelineOwners(tl: Timeline, t: number): Set<string> | undefined {
  let lo = 0;
  let hi = tl.times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tl.times[mid]! <= t + START_SLACK) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? tl.owners[found] : undefined;
}

function writersOf(ctx: HealthContext, log: string): string[] {
  const writers: string[] = [];
  forEachInEdge(ctx.g, log, (_e, attrs, source) => {
    if (attrs.kind === 'writes' && nodeAttributes(ctx.g, source).kind === 'script') writers.push(source);
  });
  return writers;
}

/** A failure found in a timestamped log (it dates the streak) beats one in an untimed log. */
const rank = (x: OwnLogRun): number =>
  x.failure ? (x.started !== undefined ? 4 : 3) : x.state === 'ran' ? 2 : x.state === 'no-trace' ? 1 : 0;

interface Request {
  script: string;
  spec: ScheduleSpec;
  expected: number;
  tz: string;
}

/** The request's scheduled runs, newest first, `depth` of them (computed only as deep as asked). */
function runsOf(r: Request, depth: number): number[] {
  // the run due is known; the calendar is asked only for the ones before it
  return depth === 1
    ? [r.expected]
    : runsBefore(r.spec, r.expected, depth, Number.NEGATIVE_INFINITY, [r.expected]);
}

async function judgeLog(
  ctx: HealthContext,
  path: string,
  writers: string[],
  requests: Request[],
  depth: number,
  maxBytes: number,
): Promise<OwnLogRun[]> {
  const runs = new Map(requests.map((r) => [r, runsOf(r, depth)]));
  const cutoff =
    Math.min(...[...runs.values()].map((x) => x.at(-1) ?? Number.POSITIVE_INFINITY)) - START_SLACK;
  const read = await readOwnLog(ctx.listings, ctx.root, path, cutoff, ctx.now, requests[0]!.tz, maxBytes);
  if (read.window && depth === 1) {
    ctx.diagnostics.push(...read.window.diagnostics);
    ctx.sources.read.push(...read.window.read.slice(0, 1));
  }
  const tl = writers.length > 1 ? timeline(ctx, writers, cutoff, ctx.now) : undefined;
  const names = new Map(writers.map((w) => [w, basename(String(nodeAttributes(ctx.g, w).path ?? w))]));
  const w = read.window;
  const owned = tl && w ? ownersByLine(tl, writers, names, w.lines) : undefined;
  const lastWrite = tl && read.files[0] ? timelineOwners(tl, read.files[0].mtimeMs) : undefined;
  const boundary = tl && w?.boundary?.time !== undefined ? timelineOwners(tl, w.boundary.time) : undefined;
  return requests.map((r) => {
    const owns: Ownership | undefined = owned
      ? {
          lines: owned.get(r.script) ?? [],
          lastWrite: lastWrite?.has(r.script) ?? false,
          boundary: boundary?.has(r.script) ?? false,
        }
      : undefined;
    const scriptPath = nodeAttributes(ctx.g, r.script).path;
    const q = { path, runs: runs.get(r)!, now: ctx.now, ...(owns ? { owns } : {}) };
    return judgeOwnLog(typeof scriptPath === 'string' ? { ...q, scriptPath } : q, read);
  });
}

export async function judgeOwnLogs(ctx: HealthContext, maxBytes: number): Promise<void> {
  const byLog = new Map<string, Request[]>();
  for (const sp of ctx.plan.scripts.values()) {
    const job = sp.jobs.find((j) => j.spec && j.expectation.expected !== undefined);
    if (!job?.spec) continue;
    const r: Request = { script: sp.key, spec: job.spec, expected: job.expectation.expected!, tz: job.logTz };
    for (const log of sp.logs) {
      const list = byLog.get(log);
      if (list) list.push(r);
      else byLog.set(log, [r]);
    }
  }
  const results = new Map<string, OwnLogRun[]>();
  for (const [log, requests] of byLog) {
    const path = String(nodeAttributes(ctx.g, log).path);
    const writers = writersOf(ctx, log);
    // First only back to the runs due; further back (to date a failure streak) only when one failed.
    const judged = await judgeLog(ctx, path, writers, requests, 1, maxBytes);
    for (const depth of STREAK_DEPTHS) {
      // still failing at the oldest run read: the streak may go back further
      const open = requests.filter((_r, i) => judged[i]!.failure && judged[i]!.streakOpen);
      if (open.length === 0) break;
      const deeper = await judgeLog(ctx, path, writers, open, depth, maxBytes);
      open.forEach((r, i) => {
        judged[requests.indexOf(r)] = deeper[i]!;
      });
    }
    requests.forEach((r, i) => {
      const list = results.get(r.script);
      if (list) list.push(judged[i]!);
      else results.set(r.script, [judged[i]!]);
    });
  }
  for (const [script, runs] of results) {
    const best = runs.reduce((a, b) => (rank(b) > rank(a) ? b : a));
    ctx.ownLogs.set(script, best);
  }
}
