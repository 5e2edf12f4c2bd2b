/**
 * The health of the map's nodes at time T, from what the server recorded under ROOT (file times, cron's
 * logs, cron mails, journals, the scripts' own logs) and, only with --probe, from the databases and
 * endpoints the map names. Logs are read once, newest first, and only back to the earliest run due.
 */

import type { FlowIndex } from '../graph/flow-index.js';
import { hasNode, nodeAttributes } from '../graph/keyed.js';
import { toLocal } from '../util/paths.js';
import { ServerFs } from '../util/server-fs.js';
import type { HealthContext } from './context.js';
import { copyGaps } from './copy-gaps.js';
import { numberEvidence } from './logs/evidence-lines.js';
import {
  fromProbe,
  inferredDown,
  inferServerDown,
  notProbed,
  tableHealth,
  urlOf,
} from './nodes/data-health.js';
import { markDegraded, type Weakness } from './nodes/degraded.js';
import { fileHealth } from './nodes/file-health.js';
import { jobHealth, scriptHealth } from './nodes/run-health.js';
import { planHealth } from './plan.js';
import { DEFAULT_PROBE_TIMEOUT_MS, probeTarget } from './probe/probe.js';
import { isLoopbackHost, probeTargetOf } from './probe/target.js';
import { redactHealth } from './redact-health.js';
import { type JobRun, judgeJobRun, START_SLACK } from './runs/judge-job.js';
import { judgeOwnLogs } from './runs/own-logs.js';
import { collectRunSources } from './runs/sources.js';
import { readServerZone } from './time/server-zone.js';
import type { HealthEvidence, HealthOptions, HealthReport, NodeHealth, ProbeResult } from './types.js';

export interface Assessment extends HealthReport {
  weaknesses: Weakness[];
  /** What the scheduler's records say of each job's runs (OpenLineage RunEvents are made of these). */
  jobRuns: Map<string, JobRun>;
}

const DEFAULT_MAX_LOG_BYTES = 256 * 1024 * 1024;
async function probeAll(
  ctx: HealthContext,
  servers: string[],
  opts: HealthOptions,
): Promise<Map<string, ProbeResult>> {
  const out = new Map<string, ProbeResult>();
  const queue = servers.filter((s) => {
    const t = probeTargetOf(urlOf(ctx, s));
    return 'target' in t && (opts.probeLoopback || !isLoopbackHost(t.target.host));
  });
  const worker = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const t = probeTargetOf(urlOf(ctx, s));
      if ('target' in t)
        out.set(s, await probeTarget(t.target, opts.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/**
 * Lines read backwards carry byte offsets; the evidence people look at gets a line number: that of
 * every unhealthy node (one counting pass per file), and the rest only in files of modest size.
 */
function numberEvidenceLines(ctx: HealthContext): void {
  const evidence: HealthEvidence[] = [];
  const sizes = new Map<string, number>();
  for (const h of ctx.results.values()) {
    const e = h.evidence[0];
    if (!e || (h.status === 'ok' && isBig(ctx, e, sizes))) continue;
    evidence.push(e);
  }
  numberEvidence(ctx.root, evidence);
}

const BIG_LOG = 32 * 1024 * 1024;

function isBig(ctx: HealthContext, e: HealthEvidence, sizes: Map<string, number>): boolean {
  if (!e.file || e.offset === undefined) return false;
  const local = e.source === 'journal' ? e.file : toLocal(ctx.root, e.file);
  if (!sizes.has(local)) sizes.set(local, ctx.sfs.stat(e.file)?.size ?? 0);
  return (sizes.get(local) ?? 0) > BIG_LOG;
}

/** Files, jobs and scripts are judged directly; servers and tables wait for probes and inference. */
function judgeLocalNodes(
  ctx: HealthContext,
  nodes: readonly string[],
): { servers: string[]; tables: string[] } {
  const servers: string[] = [];
  const tables: string[] = [];
  for (const n of nodes) {
    const kind = nodeAttributes(ctx.g, n).kind;
    const job = ctx.plan.jobs.get(n);
    const script = ctx.plan.scripts.get(n);
    if (kind === 'file') ctx.results.set(n, fileHealth(ctx, n));
    else if (job) ctx.results.set(n, jobHealth(ctx, job));
    else if (script) ctx.results.set(n, scriptHealth(ctx, script));
    else if (kind === 'database' || kind === 'endpoint') servers.push(n);
    else if (kind === 'table') tables.push(n);
  }
  return { servers, tables };
}

/**
 * A client's "Can't connect" speaks for a server nobody probed (a probe that answered wins), and a
 * script that could not reach a server that is down failed because of it, even one it only writes to.
 */
function inferFromClients(ctx: HealthContext): void {
  const blamed = new Map<NodeHealth, string>();
  const clients = new Map<string, Array<{ h: NodeHealth; text: string }>>();
  for (const h of [...ctx.results.values()]) {
    if (h.kind !== 'script' || h.status !== 'failing') continue;
    const inferred = inferServerDown(ctx, h);
    if (!inferred) continue;
    blamed.set(h, inferred.server);
    clients.set(inferred.server, [...(clients.get(inferred.server) ?? []), { h, text: inferred.text }]);
  }
  for (const [server, list] of clients) {
    if (ctx.results.get(server)?.status !== 'unknown') continue;
    // the client whose evidence carries a time, and the earliest failure among them for "since"
    const best = list.find((c) => c.h.evidence[0]?.time) ?? list[0]!;
    const since = list
      .map((c) => c.h.since)
      .filter((x): x is string => x !== undefined)
      .sort()[0];
    const down = inferredDown(ctx, server, best.h, best.text);
    ctx.results.set(server, since ? { ...down, since } : down);
  }
  for (const [h, server] of blamed) {
    if (ctx.results.get(server)?.status === 'down') h.derivedFrom = [...(h.derivedFrom ?? []), server];
  }
}

async function createContext(
  g: FlowIndex,
  opts: HealthOptions,
  nodes: readonly string[],
): Promise<HealthContext> {
  const zone = readServerZone(opts.root, opts.timeZone);
  const now = opts.now.getTime();
  const sfs = new ServerFs(opts.root);
  const plan = planHealth(g, sfs, nodes, zone.timeZone, now);
  const sources = await collectRunSources({
    root: opts.root,
    tz: zone.timeZone,
    cutoff: (plan.earliestExpected ?? now) - 2 * START_SLACK,
    now,
    users: [...plan.jobs.values()].map((j) => j.user),
    journals: opts.journals ?? [],
    maxLogBytes: opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES,
  });
  return {
    g,
    sfs,
    root: opts.root,
    now,
    tz: zone.timeZone,
    plan,
    sources,
    jobRuns: new Map(),
    ownLogs: new Map(),
    results: new Map(),
    listings: new Map(),
    realDirs: new Map(),
    diagnostics: [...zone.diagnostics, ...sources.diagnostics],
  };
}

export async function assessHealth(g: FlowIndex, opts: HealthOptions): Promise<Assessment> {
  const nodes = opts.nodes ? [...new Set(opts.nodes)].filter((n) => hasNode(g, n)) : g.keys;
  const ctx = await createContext(g, opts, nodes);
  for (const job of ctx.plan.jobs.values()) ctx.jobRuns.set(job.key, judgeJobRun(job, ctx.sources, ctx.now));
  await judgeOwnLogs(ctx, Math.min(opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES, 32 * 1024 * 1024));
  const { servers, tables } = judgeLocalNodes(ctx, nodes);
  const probes = opts.probe ? await probeAll(ctx, servers, opts) : new Map<string, ProbeResult>();
  for (const s of servers) {
    const p = probes.get(s);
    const h = p ? fromProbe(ctx, s, p) : notProbed(ctx, s, Boolean(opts.probe), Boolean(opts.probeLoopback));
    ctx.results.set(s, h);
  }
  inferFromClients(ctx);
  for (const t of tables) ctx.results.set(t, tableHealth(ctx, t));
  const weaknesses = markDegraded(ctx);
  numberEvidenceLines(ctx);
  redactHealth(ctx.results, ctx.diagnostics);
  return {
    now: opts.now.toISOString(),
    timeZone: ctx.tz,
    root: opts.root,
    nodes: ctx.results,
    checked: {
      files: [...ctx.results.values()].filter((h) => h.kind === 'file').length,
      runs: ctx.plan.jobs.size + ctx.plan.scripts.size,
      probes: probes.size,
      logs: [...new Set(ctx.sources.read)],
      notProbed: servers.length - probes.size,
    },
    ...(copyGaps(ctx).copy.length > 0 ? { notCopied: copyGaps(ctx).copy } : {}),
    diagnostics: ctx.diagnostics,
    weaknesses,
    jobRuns: ctx.jobRuns,
  };
}
