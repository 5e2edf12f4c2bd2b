/**
 * A consumer scheduled before its producer in the same cycle: a script reads a file or table that
 * another job's script writes, both run equally often, but the reader runs just before the writer
 * (closer to the writer's next run than to its last), so it always reads the previous run's data.
 * Running at the same minute is a race and is reported too.
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { describeEdge, describeNode } from '../describe.js';
import { jobsRunning } from '../jobs.js';
import { runsBetween } from '../schedule/next-run.js';
import type { Hazard, LintContext, LintRule } from './types.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const MAX_RUNS = 400;

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: nested loops over writer/reader/job pairs read best in one place
export function findScheduleOrderHazards(ctx: LintContext): Hazard[] {
  const { index } = ctx;
  // by schedule text, not job: on a large map thousands of jobs share a few schedules, so runs
  // and verdicts are kept per schedule (numbered), and only pairs with a finding per job pair
  const scheduleIds = new Map<string, number>();
  const runs: number[][] = [];
  const scheduleOf = new Int32Array(index.order).fill(-1);
  const scheduleId = (job: number): number => {
    const known = scheduleOf[job]!;
    if (known >= 0) return known;
    const a = index.nodes[job]!;
    const key = `${String(a.scheduler ?? '')}\u0000${String(a.schedule ?? '')}`;
    let id = scheduleIds.get(key);
    if (id === undefined) {
      id = runs.length;
      scheduleIds.set(key, id);
      runs.push(weekOfRuns(index, job, ctx.at, ctx.tz));
    }
    scheduleOf[job] = id;
    return id;
  };
  const verdicts = new Map<number, Map<number, Finding['verdict'] | null>>();
  const verdictOf = (pj: number, cj: number): Finding['verdict'] | null => {
    const p = scheduleId(pj);
    const c = scheduleId(cj);
    let row = verdicts.get(p);
    if (!row) {
      row = new Map();
      verdicts.set(p, row);
    }
    let v = row.get(c);
    if (v === undefined) {
      v = judge(runs[p]!, runs[c]!) ?? null;
      row.set(c, v);
    }
    return v;
  };
  // a script's jobs, once per script: on a large map the same scripts meet in many pairs
  const jobsOf = new Map<number, number[]>();
  const jobs = (script: number): number[] => {
    const known = jobsOf.get(script);
    if (known) return known;
    const found = jobsRunning(index, script);
    jobsOf.set(script, found);
    return found;
  };
  // one finding per (producer job, consumer job): the datasets between them are its evidence
  const byPair = new Map<number, Map<number, Finding>>();
  const findings: Finding[] = [];
  for (let d = 0; d < index.order; d++) {
    const kind = index.nodes[d]!.kind;
    if (kind !== 'file' && kind !== 'table') continue;
    const writes = edgesOf(index, d, 'in');
    const reads = edgesOf(index, d, 'out');
    if (writes.length === 0 || reads.length === 0) continue;
    for (const w of writes) {
      const pJobs = jobs(index.source[w]!);
      for (const r of reads) {
        if (index.target[r] === index.source[w]) continue;
        const cJobs = jobs(index.target[r]!);
        if (cJobs.some((j) => pJobs.includes(j))) continue; // one job runs both, in its own order
        for (const pj of pJobs) {
          for (const cj of cJobs) {
            const verdict = verdictOf(pj, cj);
            if (verdict === null) continue;
            let row = byPair.get(pj);
            if (!row) {
              row = new Map();
              byPair.set(pj, row);
            }
            let found = row.get(cj);
            if (!found) {
              found = { pj, cj, verdict, writes: [], reads: [] };
              row.set(cj, found);
              findings.push(found);
            }
            if (!found.writes.includes(w)) found.writes.push(w);
            if (!found.reads.includes(r)) found.reads.push(r);
          }
        }
      }
    }
  }
  return findings.map((f) => toHazard(index, f));
}

interface Finding {
  pj: number;
  cj: number;
  verdict: 'before' | 'race';
  /** Producer script -> dataset edges, and dataset -> consumer script edges. */
  writes: number[];
  reads: number[];
}

function toHazard(index: FlowIndex, f: Finding): Hazard {
  const verdict = f.verdict;
  const w = f.writes[0]!;
  const r = f.reads[0]!;
  const producer = describeNode(index, index.source[w]!);
  const consumer = describeNode(index, index.target[r]!);
  const data = describeNode(index, index.target[w]!);
  const more = f.writes.length > 1 ? ` (and ${f.writes.length - 1} more)` : '';
  const ps = index.nodes[f.pj]!.schedule;
  const cs = index.nodes[f.cj]!.schedule;
  return {
    rule: 'schedule-order',
    level: 'warning',
    message:
      verdict === 'race'
        ? `${consumer.label} (${cs}) reads ${data.name}${more} at the same time as ${producer.label} (${ps}) writes it`
        : `${consumer.label} (${cs}) runs before ${producer.label} (${ps}), which writes the ${data.name}${more} it reads: it gets the previous run's data`,
    nodes: [describeNode(index, f.cj), consumer, data, producer, describeNode(index, f.pj)],
    edges: [...f.writes, ...f.reads].map((e) => describeEdge(index, e)),
    hint: 'schedule the reader after the writer (or have the writer start it)',
  };
}

function edgesOf(index: FlowIndex, d: number, dir: 'in' | 'out'): number[] {
  const out: number[] = [];
  const [start, list, far] =
    dir === 'in'
      ? [index.inStart, index.inEdge, index.source]
      : [index.outStart, index.outEdge, index.target];
  for (let i = start[d]!; i < start[d + 1]!; i++) {
    const e = list[i]!;
    if (index.nodes[far[e]!]!.kind === 'script' && index.edges[e]!.kind !== 'contains') out.push(e);
  }
  return out;
}

/** Run times of a job from a day before `at` to a week after (capped), as numbers, sorted. */
function weekOfRuns(index: FlowIndex, job: number, at: Date, tz?: string): number[] {
  const a = index.nodes[job]!;
  if (typeof a.schedule !== 'string') return [];
  const scheduler = typeof a.scheduler === 'string' ? a.scheduler : undefined;
  // a day back and a week ahead: enough to compare daily and weekly rhythms
  const from = new Date(at.getTime() - DAY);
  const to = new Date(at.getTime() + WEEK);
  return runsBetween(a.schedule, scheduler, from, to, tz, MAX_RUNS).map((d) => d.getTime());
}

/** Same frequency, and most consumer runs sit closer to the producer's next run than its last. */
function judge(producer: number[], consumer: number[]): 'before' | 'race' | undefined {
  if (producer.length === 0 || producer.length !== consumer.length) return undefined;
  let before = 0;
  let race = 0;
  let judged = 0;
  for (const tc of consumer) {
    const i = lowerBound(producer, tc);
    const next = producer[i];
    const prev = producer[i - 1];
    if (next === undefined || prev === undefined) continue;
    judged++;
    if (next === tc) race++;
    else if (tc - prev > next - tc) before++;
  }
  if (judged === 0) return undefined;
  if (race * 2 > judged) return 'race';
  return before * 2 > judged ? 'before' : undefined;
}

function lowerBound(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const scheduleOrder: LintRule = {
  id: 'schedule-order',
  title: 'a consumer scheduled before its producer',
  level: 'warning',
  run: findScheduleOrderHazards,
};
