/**
 * OpenLineage (spec 2-0-2): one job per scheduled job, its inputs and outputs the datasets its
 * scripts read and write (following `invokes` from the job through wrappers and called scripts).
 * Without runs: JobEvents (static lineage), one JSON object per line. With runs (the health
 * module's reading of cron's and systemd's records, passed in by the CLI): RunEvents, a START and
 * a COMPLETE or FAIL for each run seen.
 *
 * Dataset names follow OpenLineage's naming conventions: `mysql://host:port` + `db.table`,
 * `postgres://host:port` + `db.schema.table`, `file://host` + path, `s3://bucket` + key,
 * `https://host` + path. A job's namespace is its scheduler on its host (`cron://etl01`).
 */
import { createHash } from 'node:crypto';
import type { DataflowGraph } from '../../graph/types.js';
import type { EdgeAttributes, NodeAttributes } from '../../model/node.js';
import type { Exporter, ExportOptions, JobRunRecord } from '../types.js';

const SPEC = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const FACETS = 'https://openlineage.io/spec/facets';

export interface Dataset {
  namespace: string;
  name: string;
}

interface JobLineage {
  key: string;
  job: { namespace: string; name: string; facets: Record<string, unknown> };
  inputs: Dataset[];
  outputs: Dataset[];
}

export const openlineage: Exporter = {
  id: 'openlineage',
  title: 'OpenLineage events (JSON lines): JobEvents, or RunEvents with --runs',
  extension: 'jsonl',
  mediaType: 'application/x-ndjson',
  output: 'text',
  export(g: DataflowGraph, opts: ExportOptions): string {
    return `${openLineageEvents(g, opts)
      .map((e) => JSON.stringify(e))
      .join('\n')}\n`;
  },
};

export function openLineageEvents(
  g: DataflowGraph,
  opts: ExportOptions = {},
): Array<Record<string, unknown>> {
  const producer = `urn:dfmap:${typeof g.getAttribute('toolVersion') === 'string' ? g.getAttribute('toolVersion') : 'dev'}`;
  const time =
    typeof g.getAttribute('scannedAt') === 'string'
      ? String(g.getAttribute('scannedAt'))
      : new Date().toISOString();
  const jobs = jobLineage(g, producer);
  if (!opts.runs) {
    return jobs.map((j) => ({
      eventTime: time,
      producer,
      schemaURL: `${SPEC}#/$defs/JobEvent`,
      job: j.job,
      inputs: j.inputs,
      outputs: j.outputs,
    }));
  }
  const byKey = new Map(jobs.map((j) => [j.key, j]));
  const events: Array<Record<string, unknown>> = [];
  for (const run of opts.runs) {
    const j = byKey.get(run.job);
    if (!j) continue;
    const runId = uuidOf(`${run.job}\u0000${run.started}`);
    const base = {
      producer,
      schemaURL: `${SPEC}#/$defs/RunEvent`,
      job: { namespace: j.job.namespace, name: j.job.name },
    };
    events.push({
      ...base,
      eventType: 'START',
      eventTime: run.started,
      run: {
        runId,
        facets: {
          nominalTime: facet(producer, 'NominalTimeRunFacet', '1-0-1', {
            nominalStartTime: run.due ?? run.started,
          }),
        },
      },
      job: j.job,
      inputs: j.inputs,
      outputs: j.outputs,
    });
    events.push({ ...base, eventType: run.outcome, eventTime: run.ended ?? run.started, run: { runId } });
  }
  return events;
}

function jobLineage(g: DataflowGraph, producer: string): JobLineage[] {
  const graphHost = typeof g.getAttribute('host') === 'string' ? String(g.getAttribute('host')) : 'localhost';
  const out: JobLineage[] = [];
  g.forEachNode((key, a) => {
    if (a.kind !== 'job') return;
    const scripts = invoked(g, key);
    const inputs = new Map<string, Dataset>();
    const outputs = new Map<string, Dataset>();
    for (const s of scripts) {
      g.forEachInEdge(s, (_e, ea: EdgeAttributes, src) => {
        const d = ea.kind === 'reads' ? datasetOf(g.getNodeAttributes(src), graphHost) : undefined;
        if (d) inputs.set(`${d.namespace} ${d.name}`, d);
      });
      g.forEachOutEdge(s, (_e, ea: EdgeAttributes, _s, dst) => {
        const d = ea.kind === 'writes' ? datasetOf(g.getNodeAttributes(dst), graphHost) : undefined;
        if (d) outputs.set(`${d.namespace} ${d.name}`, d);
      });
    }
    const host = typeof a.host === 'string' ? a.host : graphHost;
    const scheduler = typeof a.scheduler === 'string' ? a.scheduler.toLowerCase() : 'cron';
    const line = typeof a.line === 'number' ? `:${a.line}` : '';
    const facets: Record<string, unknown> = {
      jobType: facet(producer, 'JobTypeJobFacet', '2-0-4', {
        processingType: 'BATCH',
        integration: scheduler.toUpperCase(),
        jobType: 'JOB',
      }),
      documentation: facet(producer, 'DocumentationJobFacet', '1-1-0', {
        description: [a.schedule, a.command].filter((x) => typeof x === 'string').join('  '),
      }),
    };
    const first = scripts[0] !== undefined ? g.getNodeAttributes(scripts[0]) : undefined;
    if (first && typeof first.path === 'string') {
      facets.sourceCodeLocation = facet(producer, 'SourceCodeLocationJobFacet', '1-1-0', {
        type: 'file',
        url: `file://${host}${encodeURI(first.path)}`,
        path: first.path,
      });
    }
    out.push({
      key,
      job: { namespace: `${scheduler}://${host}`, name: `${String(a.source ?? key)}${line}`, facets },
      inputs: [...inputs.values()].sort(byName),
      outputs: [...outputs.values()].sort(byName),
    });
  });
  return out.sort((x, y) => (x.job.namespace + x.job.name < y.job.namespace + y.job.name ? -1 : 1));
}

/** Scripts a job runs: along `invokes` from the job, through wrappers and called scripts. */
function invoked(g: DataflowGraph, job: string): string[] {
  const seen = new Set<string>();
  const todo = [job];
  while (todo.length > 0) {
    const n = todo.pop() as string;
    g.forEachOutEdge(n, (_e, ea: EdgeAttributes, _s, dst) => {
      if (ea.kind === 'invokes' && !seen.has(dst) && g.getNodeAttribute(dst, 'kind') === 'script') {
        seen.add(dst);
        todo.push(dst);
      }
    });
  }
  return [...seen].sort();
}

/** OpenLineage's naming conventions for a node that holds data; undefined for scripts, jobs, hosts. */
export function datasetOf(a: NodeAttributes, graphHost: string): Dataset | undefined {
  const host = typeof a.host === 'string' ? a.host : graphHost;
  if (a.kind === 'file' && typeof a.path === 'string') return { namespace: `file://${host}`, name: a.path };
  if (a.kind === 'table') {
    const name = String(a.name ?? a.label);
    return { namespace: typeof a.namespace === 'string' ? a.namespace : `file://${host}`, name };
  }
  if (a.kind === 'endpoint' && typeof a.url === 'string') {
    const m = /^([a-z][\w+.-]*):\/\/([^/?#]*)(.*)$/i.exec(a.url);
    if (!m) return { namespace: 'unknown://', name: a.url };
    const scheme = m[1]!.toLowerCase();
    const rest = m[3] ?? '';
    if (scheme === 's3' || scheme === 'gs' || scheme === 'abfss' || scheme === 'hdfs')
      return { namespace: `${scheme}://${m[2]}`, name: rest.replace(/^\//, '') || '/' };
    return { namespace: `${scheme}://${m[2]}`, name: rest || '/' };
  }
  return undefined;
}

function facet(
  producer: string,
  name: string,
  version: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  return { _producer: producer, _schemaURL: `${FACETS}/${version}/${name}.json#/$defs/${name}`, ...body };
}

const byName = (x: Dataset, y: Dataset) => (x.namespace + x.name < y.namespace + y.name ? -1 : 1);

/** A stable UUID (version 5 layout) of a text: re-exporting the same run gives the same runId. */
export function uuidOf(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
