/**
 * Observed runs -> the map. An observed fact joins the static edge it confirms (same script, same
 * node, or a pattern node the concrete name matches: /data/out/recon_20261125.csv confirms
 * /data/out/recon_*.csv; an SQLite file confirms the edges of its tables; a connection confirms the
 * edges of the endpoint or database on that host and port). What confirms nothing becomes an edge of
 * its own, observed only: a hidden dependency. Each edge carries `sources` with counts and last-seen
 * time, so merging again (more runs, more logs) only adds to them.
 */
import type { Evidence } from '../model/evidence.js';
import { toJobNode } from '../model/keys.js';
import type { EdgeAttributes, NodeAttributes } from '../model/node.js';
import { mergeEdge, mergeNode } from './build.js';
import type { DataflowGraph, EdgeSources, ObservedEdgeInput, ObservedRunInput } from './types.js';

const RUN_JOB = 'job:?';
const MAX_TRACE_EVIDENCE = 3;

export interface MergeObservedSummary {
  runs: number;
  confirmed: number;
  added: number;
  missing: number;
  /** Runs bound to a job of the map (by --job or by their command line). */
  jobsMatched: number;
  /** Runs whose command matches no job: they get a job node of their own (`scheduler: observed`). */
  unmatchedCommands: string[];
}

/** `sources` of an edge, derived for edges built before sources existed (static evidence only). */
export function edgeSources(a: EdgeAttributes): EdgeSources {
  const s = a.sources as EdgeSources | undefined;
  if (s) return s;
  const n = a.evidence.filter((e) => e.method === a.method).length;
  return {
    [a.method === 'trace' ? 'observed' : a.method]: {
      count: n || 1,
      ...(a.method === 'trace' ? { runs: 1 } : {}),
    },
  } as EdgeSources;
}

export function mergeObserved(g: DataflowGraph, runs: ObservedRunInput[]): MergeObservedSummary {
  const sum: MergeObservedSummary = {
    runs: 0,
    confirmed: 0,
    added: 0,
    missing: 0,
    jobsMatched: 0,
    unmatchedCommands: [],
  };
  g.forEachEdge((e, a) => {
    if (!a.sources) g.setEdgeAttribute(e, 'sources', edgeSources(a));
  });
  const cache: CandidateCache = new Map();
  for (const run of runs) {
    sum.runs += run.runs;
    const job = bindJob(g, run, sum);
    for (const s of run.scripts) {
      const key = mergeNode(g, {
        key: `script:${s}`,
        attrs: { kind: 'script', path: s, label: s.slice(s.lastIndexOf('/') + 1) },
      });
      markRuns(g.getNodeAttributes(key), run);
    }
    for (const f of run.facts) mergeFact(g, job, run, f, sum, cache);
  }
  const meta = (g.getAttribute('observed') as Record<string, unknown> | undefined) ?? {};
  const inputs = new Set([
    ...((meta.inputs as string[] | undefined) ?? []),
    ...runs.flatMap((r) => r.sources),
  ]);
  g.setAttribute('observed', {
    runs: ((meta.runs as number | undefined) ?? 0) + sum.runs,
    inputs: [...inputs].sort(),
  });
  return sum;
}

function markRuns(attrs: NodeAttributes, run: ObservedRunInput): void {
  attrs.observedRuns = ((attrs.observedRuns as number | undefined) ?? 0) + run.runs;
  if (run.lastSeen && (!attrs.lastObserved || run.lastSeen > (attrs.lastObserved as string)))
    attrs.lastObserved = run.lastSeen;
}

/** The map job a run belongs to: the one named, else the one whose command line it ran, else a new one. */
function bindJob(g: DataflowGraph, run: ObservedRunInput, sum: MergeObservedSummary): string {
  let key = run.job && g.hasNode(run.job) ? run.job : undefined;
  if (!key) {
    const want = normalizeCommand(run.command);
    key = g.findNode(
      (_, a) => a.kind === 'job' && typeof a.command === 'string' && normalizeCommand(a.command) === want,
    );
  }
  if (key) sum.jobsMatched++;
  else {
    sum.unmatchedCommands.push(run.command);
    key = mergeNode(
      g,
      toJobNode(`observed:${run.command}`, undefined, {
        command: run.command,
        scheduler: 'observed',
        label: run.command.length > 40 ? `${run.command.slice(0, 39)}…` : run.command,
      }),
    );
  }
  markRuns(g.getNodeAttributes(key), run);
  return key;
}

/** crontab(5): `\%` is a literal %; spacing is not meaning. */
function normalizeCommand(c: string): string {
  return c.replace(/\\%/g, '%').replace(/\s+/g, ' ').trim();
}

function mergeFact(
  g: DataflowGraph,
  job: string,
  run: ObservedRunInput,
  f: ObservedEdgeInput,
  sum: MergeObservedSummary,
  cache: CandidateCache,
): void {
  const from = f.from.key === RUN_JOB ? { key: job, attrs: g.getNodeAttributes(job) } : f.from;
  const to = f.to.key === RUN_JOB ? { key: job, attrs: g.getNodeAttributes(job) } : f.to;
  const fact = { ...f, from, to };
  const matches = confirmedEdges(g, fact, cache);
  if (matches.length > 0) {
    for (const e of matches) confirm(g, e, fact, run);
    if (f.missing) sum.missing++;
    else sum.confirmed++;
    return;
  }
  if (explainedBySqlite(g, fact, cache)) {
    // SQLite reads its file on every open; the map already says which of its tables the script uses
    sum.confirmed++;
    return;
  }
  if (f.missing) {
    // an expected input that was absent: evidence for the report, not a read
    sum.missing++;
    const list = (g.getAttribute('observedMissing') as unknown[] | undefined) ?? [];
    if (list.length < 500)
      list.push({
        from: from.key,
        to: to.key,
        count: f.count,
        evidence: f.evidence,
        ...(f.lastSeen ? { lastSeen: f.lastSeen } : {}),
      });
    g.setAttribute('observedMissing', list);
    return;
  }
  mergeEdge(g, { from, to, kind: f.kind, evidence: f.evidence, confidence: 'exact', method: 'trace' });
  const e = g.edge(from.key, to.key) as string;
  const a = g.getEdgeAttributes(e);
  if (!a.sources || (a.sources as EdgeSources).observed === undefined) {
    a.sources = { ...((a.sources as EdgeSources | undefined) ?? {}), observed: observedSource(f, run) };
    if (f.direction) a.direction = f.direction;
    sum.added++;
  } else confirm(g, e, fact, run, false);
}

function observedSource(f: ObservedEdgeInput, run: ObservedRunInput): NonNullable<EdgeSources['observed']> {
  return {
    count: f.missing ? 0 : f.count,
    runs: run.runs,
    ...(f.firstSeen ? { firstSeen: f.firstSeen } : {}),
    ...(f.lastSeen ? { lastSeen: f.lastSeen } : {}),
    ...(f.missing ? { missing: f.count } : {}),
  };
}

function confirm(
  g: DataflowGraph,
  edge: string,
  f: ObservedEdgeInput,
  run: ObservedRunInput,
  addEvidence = true,
): void {
  const a = g.getEdgeAttributes(edge);
  const sources = { ...edgeSources(a) };
  const cur = sources.observed;
  const add = observedSource(f, run);
  sources.observed = cur
    ? {
        count: cur.count + add.count,
        runs: Math.max(cur.runs, add.runs),
        ...(minTime(cur.firstSeen, add.firstSeen)
          ? { firstSeen: minTime(cur.firstSeen, add.firstSeen) }
          : {}),
        ...(maxTime(cur.lastSeen, add.lastSeen) ? { lastSeen: maxTime(cur.lastSeen, add.lastSeen) } : {}),
        ...((cur.missing ?? 0) + (add.missing ?? 0) > 0
          ? { missing: (cur.missing ?? 0) + (add.missing ?? 0) }
          : {}),
      }
    : add;
  a.sources = sources;
  if (addEvidence && a.evidence.filter((e: Evidence) => e.method === 'trace').length < MAX_TRACE_EVIDENCE)
    a.evidence.push(f.evidence);
}

const minTime = (a?: string, b?: string) => (a && b ? (a < b ? a : b) : (a ?? b));
const maxTime = (a?: string, b?: string) => (a && b ? (a > b ? a : b) : (a ?? b));

/**
 * A script's neighbours an observed fact can confirm other than by key: patterns, tables, databases,
 * endpoints. Built once per script per merge (a job that opens 10,000 files must not rescan its
 * 10,000 edges for each); edges the merge adds are concrete, so they never need to be in it.
 */
interface Candidates {
  in: Array<[string, NodeAttributes]>;
  out: Array<[string, NodeAttributes]>;
  sqlite: Set<string>;
}
type CandidateCache = Map<string, Candidates>;

function candidatesOf(g: DataflowGraph, script: string, cache: CandidateCache): Candidates {
  let c = cache.get(script);
  if (c) return c;
  c = { in: [], out: [], sqlite: new Set() };
  const keep = (a: NodeAttributes) =>
    a.kind !== 'file' || (typeof a.path === 'string' && a.path.includes('*'));
  const found = c;
  g.forEachInEdge(script, (e, _a, _s, _t, sa) => {
    if (keep(sa)) found.in.push([e, sa]);
  });
  g.forEachOutEdge(script, (e, _a, _s, _t, _sa, ta) => {
    if (keep(ta)) found.out.push([e, ta]);
  });
  for (const [, a] of [...c.in, ...c.out]) {
    if (typeof a.namespace === 'string' && a.namespace.startsWith('sqlite://')) c.sqlite.add(a.namespace);
    if (typeof a.url === 'string' && a.url.startsWith('sqlite://')) c.sqlite.add(a.url);
  }
  cache.set(script, c);
  return c;
}

/** The existing edges an observed fact confirms. */
function confirmedEdges(g: DataflowGraph, f: ObservedEdgeInput, cache: CandidateCache): string[] {
  const direct = g.hasNode(f.from.key) && g.hasNode(f.to.key) ? g.edge(f.from.key, f.to.key) : undefined;
  const out: string[] = direct === undefined ? [] : [direct];
  const [data, script] = f.kind === 'writes' ? [f.to, f.from] : [f.from, f.to];
  if (f.kind === 'invokes' || !g.hasNode(script.key)) return out;
  const c = candidatesOf(g, script.key, cache);
  const consider = ([edge, other]: [string, NodeAttributes]) => {
    if (edge !== direct && matchesData(other, data.attrs, f)) out.push(edge);
  };
  if (f.kind === 'reads' || f.direction === 'unknown') c.in.forEach(consider);
  if (f.kind === 'writes' || f.direction === 'unknown') c.out.forEach(consider);
  return out;
}

function explainedBySqlite(g: DataflowGraph, f: ObservedEdgeInput, cache: CandidateCache): boolean {
  const [data, script] = f.kind === 'writes' ? [f.to, f.from] : [f.from, f.to];
  if (f.kind !== 'reads' || data.attrs.kind !== 'file' || !g.hasNode(script.key)) return false;
  return candidatesOf(g, script.key, cache).sqlite.has(`sqlite://${data.attrs.path as string}`);
}

/** Does a map node stand for what was observed? */
function matchesData(node: NodeAttributes, seen: NodeAttributes, f: ObservedEdgeInput): boolean {
  if (seen.kind === 'file' && typeof seen.path === 'string') {
    if (node.kind === 'file' && typeof node.path === 'string' && node.path.includes('*'))
      return globMatch(node.path, seen.path);
    // an SQLite database file stands for its tables
    if (node.kind === 'table' && node.namespace === `sqlite://${seen.path}`) return true;
    if (node.kind === 'database' && node.url === `sqlite://${seen.path}`) return true;
    return false;
  }
  if (f.direction === 'unknown') {
    const peer = hostPort(seen.url);
    if (!peer) return false;
    if (node.kind === 'endpoint') return samePeer(hostPort(node.url), peer);
    if (node.kind === 'table') return samePeer(hostPort(node.namespace), peer);
    if (node.kind === 'database') return samePeer(hostPort(node.url), peer);
  }
  return false;
}

/** `*` stands for any run of characters within one path segment. */
export function globMatch(pattern: string, path: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return re.test(path);
}

const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mssql: 1433,
  oracle: 1521,
  sftp: 22,
  ftp: 21,
};

function hostPort(url: unknown): { host: string; port?: number } | undefined {
  if (typeof url !== 'string') return undefined;
  const m = /^([a-z][\w+.-]*):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(url);
  if (!m) return undefined;
  const scheme = (m[1] as string).toLowerCase();
  const port = m[3] ? Number(m[3]) : DEFAULT_PORTS[scheme];
  const host = (m[2] as string).toLowerCase();
  return {
    host: /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/.test(host) ? 'loopback' : host,
    ...(port ? { port } : {}),
  };
}

function samePeer(
  a: { host: string; port?: number } | undefined,
  b: { host: string; port?: number },
): boolean {
  return !!a && a.host === b.host && (a.port === undefined || b.port === undefined || a.port === b.port);
}
