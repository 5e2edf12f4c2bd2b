/**
 * A file's freshness: it exists, and it changed at or after its writers' last scheduled run (the run
 * old enough to have finished by T). Without a scheduled writer in the map, existing is all we can ask.
 */
import { forEachInEdge, nodeAttributes } from '../../graph/keyed.js';
import { type HealthContext, labelOf } from '../context.js';
import { copyGaps, isLogNode } from '../copy-gaps.js';
import { statNode } from '../glob.js';
import { isLogPath, type JobPlan } from '../plan.js';
import { START_SLACK } from '../runs/judge-job.js';
import { nextRun } from '../schedule.js';
import { formatRhythm, formatWhen } from '../time/format.js';
import type { HealthEvidence, NodeHealth } from '../types.js';

/** Clock skew a file may show into the future before it counts as "after T". */
const FUTURE_SLACK = 5 * 60_000;

export interface Writer {
  script: string;
  job: JobPlan;
}

/** The writer whose job should have run most recently: the one the file must be at least as new as. */
export function latestWriter(ctx: HealthContext, node: string): Writer | undefined {
  let best: Writer | undefined;
  forEachInEdge(ctx.g, node, (_e, attrs, source) => {
    if (attrs.kind !== 'writes' || nodeAttributes(ctx.g, source).kind !== 'script') return;
    for (const job of ctx.plan.scripts.get(source)?.jobs ?? []) {
      const e = job.expectation.expected;
      if (
        e !== undefined &&
        (best?.job.expectation.expected === undefined || e > best.job.expectation.expected)
      ) {
        best = { script: source, job };
      }
    }
  });
  return best;
}

export function writersOf(ctx: HealthContext, node: string): string[] {
  const out: string[] = [];
  forEachInEdge(ctx.g, node, (_e, attrs, source) => {
    if (attrs.kind === 'writes') out.push(source);
  });
  return out;
}

export function rhythmOf(ctx: HealthContext, job: JobPlan): string {
  const e = job.expectation;
  return formatRhythm(job.spec?.schedule ?? '?', e.period, e.expected, job.spec?.tz ?? ctx.tz);
}

export function fileHealth(ctx: HealthContext, node: string): NodeHealth {
  const a = nodeAttributes(ctx.g, node);
  const path = String(a.path ?? node.replace(/^file:/, ''));
  const base: NodeHealth = {
    node,
    kind: 'file',
    label: labelOf(ctx.g, node),
    status: 'ok',
    summary: '',
    evidence: [],
  };
  const st = statNode(ctx.sfs, path, ctx.realDirs);
  const writer = latestWriter(ctx, node);
  const writerText = writer
    ? `${labelOf(ctx.g, writer.script)} runs ${rhythmOf(ctx, writer.job)}`
    : writersOf(ctx, node).length
      ? `written by ${writersOf(ctx, node)
          .map((w) => labelOf(ctx.g, w))
          .join(', ')} (no schedule known)`
      : 'nothing in the map writes it (an external input)';
  if (!st) {
    const gaps = copyGaps(ctx);
    if (isLogNode(a, path) ? !gaps.hasLogs : !gaps.hasData) {
      return {
        ...base,
        status: 'unknown',
        summary: `not in this copy: ROOT holds none of the map's ${isLogNode(a, path) ? 'logs' : 'data files'}; copy ${gaps.copy.join(', ')} with their times to judge it`,
        evidence: [{ source: 'mtime', file: path, text: `${path}: does not exist (nor any like it)` }],
      };
    }
    return {
      ...base,
      status: 'missing',
      summary: `MISSING: no ${path.includes('*') ? 'file matches' : 'such file'} under ROOT; ${writerText}`,
      evidence: [{ source: 'mtime', file: path, text: `${path}: does not exist` }],
    };
  }
  const mtime = new Date(st.mtimeMs).toISOString();
  const ev: HealthEvidence = {
    source: 'mtime',
    file: st.path,
    time: mtime,
    text: `mtime ${mtime}, ${st.size} bytes${st.count > 1 ? ` (newest of ${st.count} matches)` : ''}`,
  };
  const when = formatWhen(st.mtimeMs, ctx.now, ctx.tz);
  const out: NodeHealth = { ...base, lastChange: mtime, evidence: [ev], summary: `written ${when}` };
  if (st.mtimeMs > ctx.now + FUTURE_SLACK) {
    return {
      ...out,
      status: 'unknown',
      summary: `modified ${when}, after T: clock skew, or --now before it`,
    };
  }
  // A log's mtime only moves when something is written (`>> log` with no output leaves it): its writers'
  // runs are judged from its content instead (runs/own-log.ts).
  if (isLogPath(path)) return out;
  const expected = writer?.job.expectation.expected;
  if (writer && expected !== undefined) {
    out.expected = new Date(expected).toISOString();
    if (st.mtimeMs < expected - START_SLACK) {
      const missed = writer.job.spec ? nextRun(writer.job.spec, st.mtimeMs) : undefined;
      if (missed !== undefined && missed <= expected) out.since = new Date(missed).toISOString();
      out.evidence.push({
        source: 'schedule',
        time: out.expected,
        text: `${labelOf(ctx.g, writer.script)} should have written it by the run due ${formatWhen(expected, ctx.now, ctx.tz)} (${writer.job.label})`,
      });
      return { ...out, status: 'stale', summary: `STALE: last written ${when}, ${writerText}` };
    }
  }
  return out;
}
