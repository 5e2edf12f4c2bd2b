/**
 * Where what the code says and what the server did disagree (`dfmap coverage`):
 * - hidden dependencies: edges only observed (no static evidence), with the process and syscall;
 * - never observed: static edges of scripts that were traced N times or more and never did it
 *   (dead code, or a branch the traced runs did not take);
 * - expected inputs that were missing (ENOENT) when the job ran;
 * - jobs never traced.
 */
import { edgeSources } from '../graph/merge-observed.js';
import type { DataflowGraph } from '../graph/types.js';
import type { Evidence } from '../model/evidence.js';
import type { EdgeKind } from '../model/kinds.js';

export interface CoverageEdge {
  source: string;
  target: string;
  kind: EdgeKind;
  /** The script (or job) whose behaviour it is. */
  owner: string;
  evidence: Evidence[];
  observed?: { count: number; runs: number; lastSeen?: string; missing?: number };
  direction?: string;
}

export interface CoverageReport {
  /** Traced runs merged into the map. */
  runs: number;
  jobs: { total: number; traced: number };
  /** Static edges of traced scripts, and how many of them a run confirmed. */
  staticEdges: { ofTracedScripts: number; confirmed: number };
  hidden: CoverageEdge[];
  neverObserved: CoverageEdge[];
  missingInputs: Array<{ from: string; to: string; count: number; evidence: Evidence }>;
  untracedJobs: Array<{ key: string; label: string; schedule?: string; source?: string }>;
}

export interface CoverageOptions {
  /** A static edge counts as never observed once its script ran at least this many traced times. */
  minRuns?: number;
}

export function coverage(g: DataflowGraph, opts: CoverageOptions = {}): CoverageReport {
  const minRuns = opts.minRuns ?? 1;
  const meta = g.getAttribute('observed') as { runs?: number } | undefined;
  const report: CoverageReport = {
    runs: meta?.runs ?? 0,
    jobs: { total: 0, traced: 0 },
    staticEdges: { ofTracedScripts: 0, confirmed: 0 },
    hidden: [],
    neverObserved: [],
    missingInputs: [],
    untracedJobs: [],
  };
  g.forEachNode((key, a) => {
    if (a.kind !== 'job' || a.scheduler === 'observed') return;
    report.jobs.total++;
    if (((a.observedRuns as number | undefined) ?? 0) > 0) report.jobs.traced++;
    else
      report.untracedJobs.push({
        key,
        label: a.label ?? key,
        ...(a.schedule ? { schedule: a.schedule } : {}),
        ...(a.source ? { source: `${a.source}${a.line ? `:${a.line}` : ''}` } : {}),
      });
  });
  g.forEachEdge((_e, a, source, target, sa, ta) => {
    if (a.kind === 'contains') return;
    const s = edgeSources(a);
    const ownerKey = a.kind === 'reads' ? target : source;
    const owner = a.kind === 'reads' ? ta : sa;
    const item: CoverageEdge = { source, target, kind: a.kind, owner: ownerKey, evidence: a.evidence };
    if (s.observed) item.observed = s.observed;
    if (typeof a.direction === 'string') item.direction = a.direction;
    if (s.observed && !s.static && !s.declared) {
      report.hidden.push(item);
      return;
    }
    if (!s.static) return;
    const runs = (owner.observedRuns as number | undefined) ?? 0;
    if (runs < minRuns) return;
    report.staticEdges.ofTracedScripts++;
    if (s.observed && (s.observed.count > 0 || (s.observed.missing ?? 0) > 0)) report.staticEdges.confirmed++;
    else report.neverObserved.push({ ...item, evidence: a.evidence.filter((e) => e.method === 'static') });
  });
  const missing = (g.getAttribute('observedMissing') as CoverageReport['missingInputs'] | undefined) ?? [];
  report.missingInputs = missing;
  g.forEachEdge((_e, a, source, target) => {
    const m = edgeSources(a).observed?.missing;
    if (m) {
      const ev = a.evidence.find((e) => e.method === 'trace') ?? a.evidence[0];
      if (ev) report.missingInputs.push({ from: source, to: target, count: m, evidence: ev });
    }
  });
  const byOwner = (x: CoverageEdge, y: CoverageEdge) =>
    x.owner + x.source + x.target < y.owner + y.source + y.target ? -1 : 1;
  report.hidden.sort(byOwner);
  report.neverObserved.sort(byOwner);
  return report;
}

/** Did the report find anything to act on? */
export function hasDisagreement(r: CoverageReport): boolean {
  return (
    r.hidden.length > 0 ||
    r.neverObserved.length > 0 ||
    r.missingInputs.length > 0 ||
    r.untracedJobs.length > 0
  );
}
