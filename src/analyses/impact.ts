/**
 * Impact: the blast radius if some nodes fail or go stale. A failed database, host, endpoint or
 * file hits every script that touches it, reading or writing (failure.ts); from the failed nodes
 * and those scripts, everything downstream is affected (`stale: true` keeps only the downstream
 * part: what goes stale when a data node is old rather than down);
 * jobs are affected when they run an affected script (directly or through a wrapper), since
 * their run will fail or produce stale data. The final outputs (affected nodes nothing reads)
 * go stale; log files among them are listed apart. From the jobs' schedules we say when each
 * affected job next runs, i.e. when the failure will first show.
 */

import { type FlowShape, nodeNumber } from '../graph/flow-index.js';
import type { NodeKind } from '../model/kinds.js';
import { localWalker, outDegree, traverse } from './algorithms/traverse.js';
import { describeNode, describeNodeOnce, isLogFile, type NodeRef } from './describe.js';
import { spreadFailure } from './failure.js';
import { byIdOrder, numberedById } from './id-order.js';
import { LazyList } from './lazy-list.js';
import { nextRun, scheduleProblem } from './schedule/next-run.js';
import { hostsOf } from './select/select-nodes.js';

export interface ImpactOptions {
  /** "Now" for next-run times (default: the current time). */
  at?: Date;
  /** Time zone of the schedules (default: the map's `timeZone`, else UTC). */
  tz?: string;
  /** Only what goes stale downstream: the named data is old, not down (default false). */
  stale?: boolean;
}

export interface AffectedJob extends NodeRef {
  schedule?: string;
  scheduler?: string;
  /** ISO time of the next run after `at`; absent when the schedule has none. */
  nextRun?: string;
  /** Why there is no next run (`@reboot`, unreadable schedule, no schedule). */
  note?: string;
  /** Affected scripts this job runs. */
  runs: string[];
}

export interface StaleOutput extends NodeRef {
  /** Jobs whose next run rewrites this output from stale or failed inputs. */
  writtenBy: string[];
  /** The earliest of their next runs: when the output first shows the failure. */
  staleAt?: string;
}

export interface ImpactResult {
  at: string;
  /** `failure`: down, its users hit; `stale`: old data, only downstream. */
  mode: 'failure' | 'stale';
  /** Time zone the schedules were read in. */
  timeZone: string;
  failed: NodeRef[];
  /** Nodes that fail with the named ones (a database's tables, a host's services). */
  failsWith: LazyList<NodeRef>;
  /** Scripts that touch a failed node, reading or writing: they fail at their next run. */
  hit: LazyList<NodeRef>;
  /** Every affected node except the failed ones, by kind. */
  affected: Partial<Record<NodeKind, LazyList<NodeRef>>>;
  /** Affected jobs, soonest next run first. */
  jobs: LazyList<AffectedJob>;
  /** Final outputs that go stale (not log files). */
  staleOutputs: LazyList<StaleOutput>;
  /** Log files among the final outputs. */
  logs: LazyList<NodeRef>;
  /** Hosts of affected nodes. */
  hosts: string[];
  /** The first affected job run: when the failure first shows. */
  firstVisible?: { job: string; at: string };
}

/**
 * The lists are described as they are read (LazyList): a hub's impact names 400,000 nodes, and
 * holding their descriptions cost more than the walk. Each list is in id order, jobs soonest first.
 */
export function impact(
  index: FlowShape,
  nodes: string | readonly string[],
  opts: ImpactOptions = {},
): ImpactResult {
  const at = opts.at ?? new Date();
  const tz = opts.tz ?? (typeof index.meta.timeZone === 'string' ? index.meta.timeZone : 'UTC');
  const failed = (typeof nodes === 'string' ? [nodes] : nodes).map((k) => nodeNumber(index, k));
  const spread = opts.stale ? { failed, hit: [] } : spreadFailure(index, failed);
  const down = traverse(index, [...spread.failed, ...spread.hit], 'out');
  const isFailed = new Uint8Array(index.order);
  for (const v of failed) isFailed[v] = 1;

  const jobs = affectedJobs(index, down.order, down.depth, at, tz);
  const outputs: number[] = [];
  const logs: number[] = [];
  const byKind = new Map<NodeKind, number[]>();
  for (const v of down.order) {
    if (isFailed[v]) continue;
    const kind = index.nodes[v]!.kind;
    let same = byKind.get(kind);
    if (!same) {
      same = [];
      byKind.set(kind, same);
    }
    same.push(v);
    if (outDegree(index, v) > 0 || kind === 'job' || kind === 'script') continue;
    (isLogFile(index, v) ? logs : outputs).push(v);
  }
  const invokers = localWalker(index, 'in', (e) => index.edges[e]!.kind === 'invokes');
  const staleOutputs = describedById(index, outputs, (v, n): StaleOutput => {
    const writtenBy: string[] = [];
    let staleAt: string | undefined;
    // the jobs that run a writer, directly or through a wrapper
    for (const u of invokers(scriptWriters(index, v, down.depth))) {
      if (!jobs.has(u)) continue;
      writtenBy.push(index.keys[u]!);
      const t = jobs.next(u);
      if (t !== undefined && (staleAt === undefined || t < staleAt)) staleAt = t;
    }
    // the description is made for this item alone: extended in place, not copied
    const out = n as StaleOutput;
    out.writtenBy = writtenBy;
    if (staleAt !== undefined) out.staleAt = staleAt;
    return out;
  });
  // jobs affected through the scripts they run are not downstream of the failure, but are hit
  const hitJobs = jobs.order.filter((v) => down.depth[v]! < 0);
  if (hitJobs.length > 0) byKind.set('job', [...(byKind.get('job') ?? []), ...hitJobs]);
  const affectedByKind: ImpactResult['affected'] = {};
  for (const [kind, vs] of byKind) affectedByKind[kind] = describedById(index, vs);

  const hosts = new Set<string>();
  for (const v of down.order) for (const h of hostsOf(index, v)) hosts.add(h);
  const first = jobs.order.find((v) => jobs.next(v) !== undefined);
  const result: ImpactResult = {
    at: at.toISOString(),
    mode: opts.stale ? 'stale' : 'failure',
    timeZone: tz,
    failed: failed.map((v) => describeNode(index, v)),
    failsWith: describedById(
      index,
      spread.failed.filter((v) => !isFailed[v]),
    ),
    hit: describedById(index, spread.hit),
    affected: affectedByKind,
    jobs: new LazyList(jobs.order.length, (i) => jobs.describe(jobs.order[i]!)),
    staleOutputs,
    logs: describedById(index, logs),
    hosts: [...hosts].sort(),
  };
  if (first !== undefined) result.firstVisible = { job: index.keys[first]!, at: jobs.next(first)! };
  return result;
}

/** Nodes `vs` in id order, described as they are read (with `extend`, that description made more of). */
function describedById<T extends NodeRef = NodeRef>(
  index: FlowShape,
  vs: readonly number[],
  extend?: (v: number, ref: NodeRef) => T,
): LazyList<T> {
  const order = byIdOrder(index, vs);
  return new LazyList(order.length, (i) => {
    const v = order[i]!;
    const ref = describeNodeOnce(index, v);
    return extend ? extend(v, ref) : (ref as T);
  });
}

interface AffectedJobs {
  /** Job node numbers, soonest next run first, then by id. */
  order: Int32Array;
  /** Is v an affected job? */
  has(v: number): boolean;
  /** An affected job's next run (undefined: none). */
  next(v: number): string | undefined;
  describe(v: number): AffectedJob;
}

/** Jobs that run an affected script: affected jobs, and callers of affected scripts through `invokes`. */
function affectedJobs(
  index: FlowShape,
  reached: Int32Array,
  depth: Int32Array,
  at: Date,
  tz?: string,
): AffectedJobs {
  const invokes = (e: number) => index.edges[e]!.kind === 'invokes';
  const scripts: number[] = [];
  for (const v of reached) if (index.nodes[v]!.kind === 'script') scripts.push(v);
  const callers = traverse(index, scripts, 'in', { edgeFilter: invokes }).order;
  // 1: a caller of an affected script; 2: an affected job that calls none
  const listed = new Uint8Array(index.order);
  const jobs: number[] = [];
  for (const v of callers) {
    if (index.nodes[v]!.kind !== 'job') continue;
    listed[v] = 1;
    jobs.push(v);
  }
  for (const v of reached) {
    if (index.nodes[v]!.kind !== 'job' || listed[v]) continue;
    listed[v] = 2;
    jobs.push(v);
  }
  // many jobs share a schedule: each is evaluated once, and each job points at its next run
  const times: Array<string | undefined> = [];
  const timeOf = new Map<string, number>();
  const slot = new Int32Array(index.order);
  for (const v of jobs) {
    const a = index.nodes[v]!;
    const scheduler = typeof a.scheduler === 'string' ? a.scheduler : undefined;
    const key = typeof a.schedule === 'string' ? `${scheduler ?? ''}\u0000${a.schedule}` : '';
    let t = timeOf.get(key);
    if (t === undefined) {
      t =
        times.push(key === '' ? undefined : nextRun(a.schedule as string, scheduler, at, tz)?.toISOString()) -
        1;
      timeOf.set(key, t);
    }
    slot[v] = t;
  }
  const next = (v: number) => times[slot[v]!];
  const order = soonestFirst(index, jobs, next);
  const started = localWalker(index, 'out', invokes);
  const runs = (job: number) =>
    started([job])
      .filter((w) => index.nodes[w]!.kind === 'script' && depth[w]! >= 0)
      .map((w) => index.keys[w]!)
      .sort();
  const describe = (v: number): AffectedJob =>
    // an affected job's runs: the affected scripts it starts (directly or through a wrapper)
    describeJob(index, v, listed[v] === 1 ? runs(v) : [], next(v));
  return { order, has: (v) => listed[v] !== 0, next, describe };
}

/**
 * Jobs soonest next run first (none last), then by id. Where the index is numbered by id, by
 * number within each time; else one plain string sort of `time NUL id` (ISO times all have one
 * length; '~' sorts after them), not a comparator over 100,000 jobs.
 */
function soonestFirst(index: FlowShape, jobs: number[], next: (v: number) => string | undefined): Int32Array {
  if (!numberedById(index)) {
    const keyed = jobs.map((v) => `${next(v) ?? '~'}\u0000${index.keys[v]}\u0000${v}`).sort();
    return Int32Array.from(keyed, (k) => Number(k.slice(k.lastIndexOf('\u0000') + 1)));
  }
  const ranks = [...new Set(jobs.map((v) => next(v) ?? '~'))].sort();
  const rank = new Map(ranks.map((t, i) => [t, i]));
  const key = new Float64Array(index.order);
  for (const v of jobs) key[v] = rank.get(next(v) ?? '~')! * index.order + v;
  return Int32Array.from(jobs).sort((a, b) => key[a]! - key[b]!);
}

function describeJob(index: FlowShape, v: number, runs: string[], next: string | undefined): AffectedJob {
  const a = index.nodes[v]!;
  const job = describeNodeOnce(index, v) as AffectedJob;
  job.runs = runs;
  if (typeof a.schedule !== 'string') {
    job.note = 'no schedule in the map';
    return job;
  }
  job.schedule = a.schedule;
  if (typeof a.scheduler === 'string') job.scheduler = a.scheduler;
  if (next) job.nextRun = next;
  else job.note = scheduleProblem(a.schedule, job.scheduler) ?? 'no run after this time';
  return job;
}

/** The affected scripts that write `v` (its in-neighbours that are scripts). */
function scriptWriters(index: FlowShape, v: number, depth: Int32Array): number[] {
  const writers: number[] = [];
  for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
    const s = index.source[index.inEdge[i]!]!;
    if (index.nodes[s]!.kind === 'script' && depth[s]! >= 0) writers.push(s);
  }
  return writers;
}
