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

import { type FlowIndex, nodeNumber } from '../graph/flow-index.js';
import type { NodeKind } from '../model/kinds.js';
import { outDegree, traverse, walkLocal } from './algorithms/traverse.js';
import { describeById, describeNode, describeNodeOnce, isLogFile, type NodeRef } from './describe.js';
import { spreadFailure } from './failure.js';
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
  failsWith: NodeRef[];
  /** Scripts that touch a failed node, reading or writing: they fail at their next run. */
  hit: NodeRef[];
  /** Every affected node except the failed ones, by kind. */
  affected: Partial<Record<NodeKind, NodeRef[]>>;
  /** Affected jobs, soonest next run first. */
  jobs: AffectedJob[];
  /** Final outputs that go stale (not log files). */
  staleOutputs: StaleOutput[];
  /** Log files among the final outputs. */
  logs: NodeRef[];
  /** Hosts of affected nodes. */
  hosts: string[];
  /** The first affected job run: when the failure first shows. */
  firstVisible?: { job: string; at: string };
}

export function impact(
  index: FlowIndex,
  nodes: string | readonly string[],
  opts: ImpactOptions = {},
): ImpactResult {
  const at = opts.at ?? new Date();
  const tz = opts.tz ?? (typeof index.meta.timeZone === 'string' ? index.meta.timeZone : 'UTC');
  const failed = (typeof nodes === 'string' ? [nodes] : nodes).map((k) => nodeNumber(index, k));
  const spread = opts.stale ? { failed, hit: [] } : spreadFailure(index, failed);
  const down = traverse(index, [...spread.failed, ...spread.hit], 'out');
  const isFailed = new Set(failed);
  const affected = [...down.order].filter((v) => !isFailed.has(v));

  const jobs = affectedJobs(index, down.order, down.depth, at, tz);
  const jobByKey = new Map(jobs.map((j) => [j.id, j]));
  const outputs: number[] = [];
  const logs: number[] = [];
  const byKind = new Map<NodeKind, number[]>();
  for (const v of affected) {
    const kind = index.nodes[v]!.kind;
    const same = byKind.get(kind) ?? [];
    same.push(v);
    byKind.set(kind, same);
    if (outDegree(index, v) > 0 || kind === 'job' || kind === 'script') continue;
    (isLogFile(index, v) ? logs : outputs).push(v);
  }
  // every list is described in id order as it is made (describeById): no comparator sorts
  const staleOutputs = describeById(index, outputs).map((n): StaleOutput => {
    const writtenBy = writerJobs(index, index.indexOf(n.id), down.depth).filter((k) => jobByKey.has(k));
    let staleAt: string | undefined;
    for (const k of writtenBy) {
      const t = jobByKey.get(k)?.nextRun;
      if (t !== undefined && (staleAt === undefined || t < staleAt)) staleAt = t;
    }
    return { ...n, writtenBy, ...(staleAt !== undefined ? { staleAt } : {}) };
  });
  // jobs affected through the scripts they run are not downstream of the failure, but are hit
  const hitJobs = jobs.map((j) => index.indexOf(j.id)).filter((v) => down.depth[v]! < 0);
  if (hitJobs.length > 0) byKind.set('job', [...(byKind.get('job') ?? []), ...hitJobs]);
  const affectedByKind: ImpactResult['affected'] = {};
  for (const [kind, vs] of byKind) affectedByKind[kind] = describeById(index, vs);

  const hosts = new Set<string>();
  for (const v of down.order) for (const h of hostsOf(index, v)) hosts.add(h);
  const first = jobs.find((j) => j.nextRun !== undefined);
  const result: ImpactResult = {
    at: at.toISOString(),
    mode: opts.stale ? 'stale' : 'failure',
    timeZone: tz,
    failed: failed.map((v) => describeNode(index, v)),
    failsWith: describeById(
      index,
      spread.failed.filter((v) => !isFailed.has(v)),
    ),
    hit: describeById(index, spread.hit),
    affected: affectedByKind,
    jobs,
    staleOutputs,
    logs: describeById(index, logs),
    hosts: [...hosts].sort(),
  };
  if (first?.nextRun) result.firstVisible = { job: first.id, at: first.nextRun };
  return result;
}

/** Jobs that run an affected script: affected jobs, and callers of affected scripts through `invokes`. */
function affectedJobs(
  index: FlowIndex,
  reached: Int32Array,
  depth: Int32Array,
  at: Date,
  tz?: string,
): AffectedJob[] {
  const invokes = (e: number) => index.edges[e]!.kind === 'invokes';
  const scripts = [...reached].filter((v) => index.nodes[v]!.kind === 'script');
  const callers = traverse(index, scripts, 'in', { edgeFilter: invokes }).order;
  const jobs: AffectedJob[] = [];
  const nextRuns = new Map<string, string | undefined>();
  const describe = (v: number, runs: string[]) => describeJob(index, v, runs, at, tz, nextRuns);
  for (const v of callers) {
    if (index.nodes[v]!.kind !== 'job') continue;
    const runs = [...walkLocal(index, [v], 'out', invokes)]
      .filter((s) => index.nodes[s]!.kind === 'script' && depth[s]! >= 0)
      .map((s) => index.keys[s]!);
    jobs.push(describe(v, runs.sort()));
  }
  const seen = new Set(jobs.map((j) => j.id));
  for (const v of reached) {
    if (index.nodes[v]!.kind === 'job' && !seen.has(index.keys[v]!)) jobs.push(describe(v, []));
  }
  // soonest first, then by id: one plain string sort of `time NUL id` (ISO times all have one
  // length; '~' puts jobs without a next run last), not a comparator over 100,000 jobs
  const order = jobs.map((j, i) => `${j.nextRun ?? '~'}\u0000${j.id}\u0000${i}`).sort();
  return order.map((k) => jobs[Number(k.slice(k.lastIndexOf('\u0000') + 1))]!);
}

function describeJob(
  index: FlowIndex,
  v: number,
  runs: string[],
  at: Date,
  tz: string | undefined,
  cache: Map<string, string | undefined>,
): AffectedJob {
  const a = index.nodes[v]!;
  const job = describeNodeOnce(index, v) as AffectedJob;
  job.runs = runs;
  if (typeof a.schedule !== 'string') {
    job.note = 'no schedule in the map';
    return job;
  }
  job.schedule = a.schedule;
  if (typeof a.scheduler === 'string') job.scheduler = a.scheduler;
  // many jobs share a schedule: evaluate each once
  const key = `${job.scheduler ?? ''}\u0000${a.schedule}`;
  if (!cache.has(key)) cache.set(key, nextRun(a.schedule, job.scheduler, at, tz)?.toISOString());
  const next = cache.get(key);
  if (next) job.nextRun = next;
  else job.note = scheduleProblem(a.schedule, job.scheduler) ?? 'no run after this time';
  return job;
}

/** Jobs that run a script writing `v` (its affected in-neighbours that are scripts, and their callers). */
function writerJobs(index: FlowIndex, v: number, depth: Int32Array): string[] {
  const writers: number[] = [];
  for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
    const s = index.source[index.inEdge[i]!]!;
    if (index.nodes[s]!.kind === 'script' && depth[s]! >= 0) writers.push(s);
  }
  const up = walkLocal(index, writers, 'in', (e) => index.edges[e]!.kind === 'invokes');
  return [...up].filter((u) => index.nodes[u]!.kind === 'job').map((u) => index.keys[u]!);
}
