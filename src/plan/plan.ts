/**
 * A migration plan from the map: which jobs move together, in which order, what crosses the
 * boundary while old and new both run and how each crossing is bridged, and a cut-over checklist
 * per wave (jobs to stop and start with their next runs, data to copy, outputs to verify, the
 * rollback point). See docs/plan.md.
 */
import { communities } from '../analyses/communities.js';
import { nextRun } from '../analyses/schedule/index.js';
import type { FlowIndex } from '../graph/flow-index.js';
import { isHousekeepingPath, isLocalData, isRemoteData } from './places.js';
import { neighbours, tieUnits, type Unit } from './units.js';
import { mergeUnitCycles, orderWaves, unitGraph } from './waves.js';

export interface PlanOptions {
  /** Node numbers of the scripts that move. */
  scripts: number[];
  /** The host they move to. */
  to: string;
  /** Most scripts per wave (a unit of tied scripts is never cut). */
  maxWaveSize?: number;
  /** The moment the plan is made for (next runs are after it). */
  at: Date;
  /** The server's time zone (IANA name). */
  timeZone: string;
}

export interface PlanNode {
  id: string;
  kind: string;
  label: string;
}

export type BridgeMethod = 'sync' | 'replicate' | 'repoint' | 'access' | 'none';

export interface Crossing {
  node: PlanNode;
  /** in: the wave reads it; out: the wave writes it for readers elsewhere; both. */
  direction: 'in' | 'out' | 'both';
  writers: PlanNode[];
  readers: PlanNode[];
  bridge: { method: BridgeMethod; how: string };
  /** Every map edge this crossing stands for. */
  edges: Array<{ source: string; target: string; kind: string }>;
}

export interface JobStep {
  job: PlanNode;
  script: PlanNode;
  schedule: string;
  /** Next run after the plan's time, ISO; undefined for @reboot or an unreadable schedule. */
  nextRun?: string;
}

export interface Wave {
  number: number;
  name: string;
  scripts: PlanNode[];
  jobs: JobStep[];
  /** Why scripts of this wave cannot move apart. */
  ties: string[];
  interfaces: Crossing[];
  checklist: {
    prepare: string[];
    stop: string[];
    copy: string[];
    start: string[];
    verify: string[];
    rollback: string;
  };
}

export interface MigrationPlan {
  from?: string;
  to: string;
  at: string;
  timeZone: string;
  scripts: number;
  jobs: number;
  waves: Wave[];
  /** Scripts that stay but exchange data with moving ones (their bridges never end). */
  staying: PlanNode[];
}

export function planMigration(index: FlowIndex, opts: PlanOptions): MigrationPlan {
  const host = typeof index.meta.host === 'string' ? index.meta.host : undefined;
  const moving = new Set(opts.scripts);
  const tied = tieUnits(index, moving, host);
  const units = mergeUnitCycles(tied, unitGraph(index, tied, host));
  const comm = communities(index, { seed: 42 });
  const communityOfNode = new Map<string, number>();
  for (const c of comm.communities)
    for (const list of Object.values(c.members)) for (const n of list ?? []) communityOfNode.set(n.id, c.id);
  const drafts = orderWaves(
    units,
    unitGraph(index, units, host),
    (s) => communityOfNode.get(index.keys[s]!) ?? 0,
    opts.maxWaveSize ?? Number.POSITIVE_INFINITY,
  );
  const waveOf = new Map<number, number>();
  drafts.forEach((d, i) => {
    for (const u of d.units) for (const s of [...u.scripts, ...u.jobs]) waveOf.set(s, i + 1);
  });
  const ctx: Ctx = { index, host, opts, waveOf, moving };
  const waves = drafts.map((d, i) =>
    buildWave(ctx, i + 1, d.units, comm.communities[d.community]?.name ?? `wave ${i + 1}`),
  );
  const staying = new Set<number>();
  for (const w of waves)
    for (const c of w.interfaces)
      for (const n of [...c.writers, ...c.readers]) {
        const v = index.indexOf(n.id);
        if (index.nodes[v]?.kind === 'script' && !moving.has(v)) staying.add(v);
      }
  return {
    ...(host ? { from: host } : {}),
    to: opts.to,
    at: opts.at.toISOString(),
    timeZone: opts.timeZone,
    scripts: moving.size,
    jobs: waves.reduce((n, w) => n + w.jobs.length, 0),
    waves,
    staying: [...staying].sort((a, b) => a - b).map((v) => planNode(index, v)),
  };
}

interface Ctx {
  index: FlowIndex;
  host: string | undefined;
  opts: PlanOptions;
  /** Wave number of each moving script and job. */
  waveOf: Map<number, number>;
  moving: Set<number>;
}

function buildWave(ctx: Ctx, number: number, units: Unit[], name: string): Wave {
  const { index } = ctx;
  const scripts = units.flatMap((u) => u.scripts);
  const jobs: JobStep[] = units
    .flatMap((u) => u.jobs)
    .map((j) => jobStep(ctx, j))
    .filter((j): j is JobStep => j !== undefined);
  const data = new Set<number>();
  for (const s of scripts)
    for (const d of [...neighbours(index, s, 'in'), ...neighbours(index, s, 'out')]) data.add(d);
  const { interfaces, copy, prepare } = dataSteps(ctx, number, data);
  const verify = verifyLines(ctx, number, data);
  for (const c of interfaces) if (c.bridge.method !== 'none') prepare.push(`${c.bridge.how}`);
  const firstRun = jobs
    .map((j) => j.nextRun)
    .filter((x): x is string => x !== undefined)
    .sort()[0];
  const downstreamRuns = interfaces
    .filter((c) => c.direction !== 'in')
    .flatMap((c) => c.readers)
    .flatMap((r) => jobsOf(ctx, ctx.index.indexOf(r.id)))
    .map((j) => j.nextRun)
    .filter((x): x is string => x !== undefined)
    .sort();
  const rollbackBy = downstreamRuns[0] ?? firstRun;
  return {
    number,
    name,
    scripts: scripts.map((s) => planNode(index, s)),
    jobs,
    ties: units.flatMap((u) => u.ties),
    interfaces,
    checklist: {
      prepare: [...new Set(prepare)],
      stop: jobs.map(
        (j) =>
          `stop ${j.job.label} on ${ctx.host ?? 'the old host'}${j.nextRun ? ` before its next run ${formatAt(j.nextRun, ctx.opts.timeZone)}` : ''}`,
      ),
      copy: [...new Set(copy)].map((x) => `copy ${x} to ${ctx.opts.to}, keeping file times (rsync -a)`),
      start: jobs.map((j) => `start ${j.job.label} on ${ctx.opts.to}`),
      verify: [...new Set(verify)],
      rollback: rollbackBy
        ? `until ${formatAt(rollbackBy, ctx.opts.timeZone)} (the first run that consumes this wave's work): stop the jobs on ${ctx.opts.to}, start them again on ${ctx.host ?? 'the old host'}; later, also copy back what this wave wrote`
        : `stop the jobs on ${ctx.opts.to} and start them again on ${ctx.host ?? 'the old host'}`,
    },
  };
}

/** The crossings of a wave's data, what to copy at cut-over and what to arrange before it. */
function dataSteps(ctx: Ctx, number: number, data: Set<number>) {
  const { index } = ctx;
  const interfaces: Crossing[] = [];
  const copy: string[] = [];
  const prepare: string[] = [];
  for (const d of [...data].sort((a, b) => (index.keys[a]! < index.keys[b]! ? -1 : 1))) {
    const node = index.nodes[d]!;
    if (node.kind === 'job' || node.kind === 'script' || isHousekeepingPath(node)) continue;
    const crossing = crossingOf(ctx, number, d);
    if (crossing) interfaces.push(crossing);
    if (!isLocalData(node, ctx.host)) continue;
    const writers = neighbours(index, d, 'in').filter((w) => index.nodes[w]?.kind === 'script');
    const writtenHere = writers.some((w) => ctx.waveOf.get(w) === number);
    const readHere = neighbours(index, d, 'out').some((r) => ctx.waveOf.get(r) === number);
    if (writers.length === 0 && readHere)
      prepare.push(
        `have ${nameOf(ctx, d)} delivered to ${ctx.opts.to} (nothing on the map writes it: an outside input); copy what is there now`,
      );
    else if (writtenHere && readHere) copy.push(`${nameOf(ctx, d)} (written and read within this wave)`);
    else if (writtenHere) copy.push(`${nameOf(ctx, d)} (the last output, for readers and for rollback)`);
  }
  return { interfaces, copy, prepare };
}

/** Each output of the wave, and when its writer first runs on the target. */
function verifyLines(ctx: Ctx, number: number, data: Set<number>): string[] {
  const { index } = ctx;
  const verify: string[] = [];
  for (const d of data) {
    const node = index.nodes[d]!;
    if (node.kind === 'job' || node.kind === 'script' || isHousekeepingPath(node)) continue;
    for (const w of neighbours(index, d, 'in').filter((v) => ctx.waveOf.get(v) === number)) {
      const run = jobsOf(ctx, w)
        .map((j) => j.nextRun)
        .filter((x): x is string => x !== undefined)
        .sort()[0];
      verify.push(
        `${nameOf(ctx, d)} is written on ${ctx.opts.to} by ${label(index, w)}${run ? ` after its next run (${formatAt(run, ctx.opts.timeZone)})` : ''}`,
      );
    }
  }
  return verify;
}

/** The crossing a data node makes at wave `w`, or undefined when it stays inside the wave. */
function crossingOf(ctx: Ctx, w: number, d: number): Crossing | undefined {
  const { index } = ctx;
  const node = index.nodes[d]!;
  const writers = neighbours(index, d, 'in').filter((v) => index.nodes[v]?.kind === 'script');
  const readers = neighbours(index, d, 'out').filter((v) => index.nodes[v]?.kind === 'script');
  const here = (v: number) => ctx.waveOf.get(v) === w;
  const remote = isRemoteData(node, ctx.host);
  const outside = [...writers, ...readers].filter((v) => !here(v));
  if (!remote && outside.length === 0) return undefined;
  const writesHere = writers.some(here);
  const readsHere = readers.some(here);
  const direction = writesHere && readsHere ? 'both' : writesHere ? 'out' : 'in';
  const edges: Crossing['edges'] = [];
  for (const v of writers) edges.push({ source: index.keys[v]!, target: index.keys[d]!, kind: 'writes' });
  for (const v of readers) edges.push({ source: index.keys[d]!, target: index.keys[v]!, kind: 'reads' });
  return {
    node: planNode(index, d),
    direction,
    writers: writers.map((v) => planNode(index, v)),
    readers: readers.map((v) => planNode(index, v)),
    bridge: bridgeFor(ctx, w, d, writers, readers, remote),
    edges,
  };
}

function bridgeFor(
  ctx: Ctx,
  w: number,
  d: number,
  writers: number[],
  readers: number[],
  remote: boolean,
): Crossing['bridge'] {
  const { index, opts } = ctx;
  const node = index.nodes[d]!;
  const old = ctx.host ?? 'the old host';
  const name = nameOf(ctx, d);
  if (remote) {
    if (node.kind === 'endpoint')
      return { method: 'access', how: `${opts.to} must reach ${name} (firewall, proxy, allow-lists)` };
    if (node.kind === 'host')
      return { method: 'access', how: `${opts.to} needs ssh access to ${name} (keys, known_hosts)` };
    return {
      method: 'repoint',
      how: `${name} stays on ${String(node.namespace ?? node.url ?? 'its server')}: grant ${opts.to} access (network, database user)`,
    };
  }
  const waveOf = (v: number) => ctx.waveOf.get(v);
  const firstWriterWave = Math.min(...writers.map((v) => waveOf(v) ?? Number.POSITIVE_INFINITY));
  const laterReaders = readers.filter((r) => (waveOf(r) ?? Number.POSITIVE_INFINITY) > w);
  const stayingWriters = writers.filter((v) => waveOf(v) === undefined);
  const table = node.kind === 'table' || node.kind === 'database';
  if (stayingWriters.length > 0 && readers.some((r) => waveOf(r) === w)) {
    return {
      method: table ? 'replicate' : 'sync',
      how: `${table ? 'replicate' : 'sync'} ${name} from ${old} to ${opts.to} before each run of ${list(
        index,
        readers.filter((r) => waveOf(r) === w),
      )} (written by ${list(index, stayingWriters)}, which stays)`,
    };
  }
  if (writers.some((v) => waveOf(v) === w) && laterReaders.length > 0) {
    const until = Math.max(...laterReaders.map((r) => waveOf(r) ?? Number.POSITIVE_INFINITY));
    const forGood = !Number.isFinite(until);
    return {
      method: table ? 'replicate' : 'sync',
      how: `${table ? 'replicate' : 'sync'} ${name} from ${opts.to} back to ${old} after each run of ${list(
        index,
        writers.filter((v) => waveOf(v) === w),
      )}, ${
        forGood
          ? `for as long as ${list(
              index,
              laterReaders.filter((r) => waveOf(r) === undefined),
            )} stay on ${old}`
          : `until wave ${until} moves ${list(index, laterReaders)}`
      }`,
    };
  }
  if (firstWriterWave < w)
    return { method: 'none', how: `${name} is on ${opts.to} since wave ${firstWriterWave}` };
  return { method: 'none', how: `${name} moves with this wave` };
}

function jobStep(ctx: Ctx, j: number): JobStep | undefined {
  const { index } = ctx;
  const job = index.nodes[j]!;
  const script = neighbours(index, j, 'out').find((s) => index.nodes[s]?.kind === 'script');
  if (script === undefined || typeof job.schedule !== 'string') return undefined;
  const next = nextRun(
    job.schedule,
    typeof job.scheduler === 'string' ? job.scheduler : undefined,
    ctx.opts.at,
    ctx.opts.timeZone,
  );
  const where =
    typeof job.source === 'string'
      ? ` (${job.source}${typeof job.line === 'number' ? `:${job.line}` : ''})`
      : '';
  return {
    job: { id: index.keys[j]!, kind: 'job', label: `${job.schedule} ${label(index, script)}${where}` },
    script: planNode(index, script),
    schedule: job.schedule,
    ...(next ? { nextRun: next.toISOString() } : {}),
  };
}

function jobsOf(ctx: Ctx, script: number): JobStep[] {
  if (script < 0) return [];
  return neighbours(ctx.index, script, 'in')
    .filter((j) => ctx.index.nodes[j]?.kind === 'job')
    .map((j) => jobStep(ctx, j))
    .filter((j): j is JobStep => j !== undefined);
}

function planNode(index: FlowIndex, v: number): PlanNode {
  const n = index.nodes[v]!;
  return { id: index.keys[v]!, kind: String(n.kind), label: label(index, v) };
}

function label(index: FlowIndex, v: number): string {
  const n = index.nodes[v]!;
  return String(n.label ?? n.path ?? n.name ?? index.keys[v]);
}

function nameOf(ctx: Ctx, v: number): string {
  const n = ctx.index.nodes[v]!;
  if (typeof n.path === 'string') return n.path;
  if (n.kind === 'table' && typeof n.name === 'string') return n.name;
  return String(n.url ?? n.label ?? ctx.index.keys[v]);
}

function list(index: FlowIndex, vs: number[]): string {
  const names = [...new Set(vs.map((v) => label(index, v)))];
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** `2026-11-27 01:00 UTC` in the server's zone. */
export function formatAt(iso: string, timeZone: string): string {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timeZone}`;
}
