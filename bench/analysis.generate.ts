/**
 * Dataflow-shaped random maps for the analysis benchmark and the NetworkX oracle tests: jobs run
 * scripts, scripts read recent outputs of other scripts (so subsystems form), write files and
 * tables (tables sit in databases), share log files, and now and then write a dataset someone
 * else writes (collisions, cycles). Seeded, so every run builds the same map.
 */
import { seededRandom } from '../src/util/seeded-random.js';

export interface GeneratedMap {
  directed: true;
  multigraph: false;
  graph: Record<string, unknown>;
  nodes: Array<Record<string, unknown> & { id: string }>;
  links: Array<Record<string, unknown> & { source: string; target: string }>;
}

export interface GenerateOptions {
  /** Stop once about this many edges exist. */
  edges: number;
  /** Or once about this many nodes exist, whichever comes first. */
  nodes?: number;
  seed?: number;
  /** Attach evidence to every edge, as a scan would (default true). */
  evidence?: boolean;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one generator loop; its branches are the shape of the map
export function generateDataflowMap(opts: GenerateOptions): GeneratedMap {
  const rnd = seededRandom(opts.seed ?? 1);
  const withEvidence = opts.evidence ?? true;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const nodes = new Map<string, Record<string, unknown> & { id: string }>();
  const links: GeneratedMap['links'] = [];
  const linked = new Set<string>();
  // datasets written so far, by subsystem; the first CORE subsystems hold shared master data
  const bySub = new Map<number, string[]>();
  const CORE = 5;

  const node = (id: string, attrs: Record<string, unknown>): string => {
    if (!nodes.has(id)) nodes.set(id, { id, ...attrs });
    return id;
  };
  const link = (source: string, target: string, kind: string, file: string, line: number): void => {
    const k = `${source}\u0000${target}`;
    if (source === target || linked.has(k)) return;
    linked.add(k);
    const l: GeneratedMap['links'][number] = { source, target, kind, confidence: 'exact', method: 'static' };
    l.evidence = withEvidence
      ? [{ file, line, construct: kind === 'reads' ? 'open(...)' : "open(..., 'w')", method: 'static' }]
      : [];
    if (rnd() < 0.03) l.confidence = 'partial';
    links.push(l);
  };

  let s = 0;
  const maxNodes = opts.nodes ?? Number.POSITIVE_INFINITY;
  while (links.length < opts.edges && nodes.size < maxNodes) {
    const sub = Math.floor(s / 40);
    const dir = `/opt/etl/sub${sub}`;
    // a job every few scripts; some scripts are only invoked by a wrapper
    const script = node(`script:${dir}/step_${s}.py`, {
      kind: 'script',
      path: `${dir}/step_${s}.py`,
      language: 'python',
    });
    const file = `${dir}/step_${s}.py`;
    if (rnd() < 0.8) {
      const job = node(`job:/etc/cron.d/sub${sub}:${s}`, {
        kind: 'job',
        scheduler: 'cron',
        schedule: `${Math.floor(rnd() * 60)} ${Math.floor(rnd() * 24)} * * *`,
        source: `/etc/cron.d/sub${sub}`,
        line: s,
      });
      link(job, script, 'invokes', `/etc/cron.d/sub${sub}`, s);
    } else if (s > 0) {
      link(`script:/opt/etl/sub${Math.floor((s - 1) / 40)}/step_${s - 1}.py`, script, 'invokes', file, 3);
    }
    const reads = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < reads; i++) {
      let input: string;
      const r = rnd();
      const own = bySub.get(sub) ?? [];
      const core = sub >= CORE ? (bySub.get(Math.floor(rnd() * CORE)) ?? []) : [];
      const other = sub > 0 ? (bySub.get(Math.floor(rnd() * sub)) ?? []) : [];
      if (own.length > 0 && r < 0.7) {
        // mostly recent outputs of the same subsystem: pipelines
        input = own[own.length - 1 - Math.floor(rnd() * Math.min(own.length, 30))] as string;
      } else if (core.length > 0 && r < 0.78) {
        // shared master data that many subsystems read
        input = pick(core);
      } else if (other.length > 0 && r < 0.8) {
        // now and then an interface to another subsystem
        input = pick(other);
      } else if (r < 0.93) {
        const p = `/data/in/sub${sub}/feed_${s}_${i}.csv`;
        input = node(`file:${p}`, { kind: 'file', path: p });
      } else {
        const u = `https://api${sub % 7}.example.com/v1/feed${s}`;
        input = node(`endpoint:${u}`, { kind: 'endpoint', url: u });
      }
      link(input, script, 'reads', file, 10 + i);
    }
    const writes = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < writes; i++) {
      let output: string;
      const own = bySub.get(sub) ?? [];
      if (rnd() < 0.02 && own.length > 0) output = pick(own);
      else if (rnd() < 0.35) {
        const ns = `mysql://db${sub % 5}:3306`;
        const name = `shop${sub}.t_${s}_${i}`;
        const db = node(`database:${ns}`, { kind: 'database', url: ns, name: 'mysql' });
        output = node(`table:${ns}/${name}`, { kind: 'table', name, namespace: ns });
        link(db, output, 'contains', file, 0);
      } else {
        const p = `/data/sub${sub}/out_${s}_${i}.csv`;
        output = node(`file:${p}`, { kind: 'file', path: p });
      }
      const mine = bySub.get(sub) ?? [];
      mine.push(output);
      bySub.set(sub, mine);
      link(script, output, 'writes', file, 30 + i);
    }
    if (rnd() < 0.5) {
      const p = `/var/log/etl/sub${sub}.log`;
      link(script, node(`file:${p}`, { kind: 'file', path: p }), 'writes', file, 5);
    }
    s++;
  }
  return {
    directed: true,
    multigraph: false,
    graph: { schemaVersion: 1, tool: 'bench' },
    nodes: [...nodes.values()],
    links,
  };
}
