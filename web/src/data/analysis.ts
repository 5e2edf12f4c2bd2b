/**
 * The analyses the viewer runs in the page: src/analyses bundled for the browser (one implementation
 * for the CLI, the API and the viewer), shaped as sets of node ids. The page draws a graphology map
 * (its layouts need one); the analyses read its index, built once per map.
 */
import { communities } from '../../../src/analyses/communities.js';
import { critical } from '../../../src/analyses/critical.js';
import { withoutNonData } from '../../../src/analyses/data-only.js';
import { forEachDownstreamNode } from '../../../src/analyses/downstream.js';
import { egoNetwork } from '../../../src/analyses/ego.js';
import { impact } from '../../../src/analyses/impact.js';
import { forEachUpstreamNode } from '../../../src/analyses/upstream.js';
import { type FlowIndex, indexFlow } from '../../../src/graph/flow-index.js';
import type { DataflowGraph } from '../../../src/graph/types.js';

const indexes = new WeakMap<DataflowGraph, FlowIndex>();

/** The map's index; the viewer never changes the map it loaded. */
function indexOf(g: DataflowGraph): FlowIndex {
  let index = indexes.get(g);
  if (!index) {
    index = indexFlow(g);
    indexes.set(g, index);
  }
  return index;
}

const collect = (
  each: (index: FlowIndex, n: string, cb: (k: string) => void) => void,
): ((g: DataflowGraph, n: string) => Set<string>) => {
  return (g, n) => {
    const out = new Set<string>();
    each(indexOf(g), n, (k) => out.add(k));
    return out;
  };
};

export const upstreamOf = collect(forEachUpstreamNode);
export const downstreamOf = collect(forEachDownstreamNode);

export interface ImpactSummary {
  affected: Set<string>;
  /** Final outputs (not logs) that go stale. */
  outputs: string[];
}

export function impactOf(g: DataflowGraph, node: string): ImpactSummary {
  const r = impact(indexOf(g), node);
  const affected = new Set<string>();
  for (const list of Object.values(r.affected)) for (const n of list ?? []) affected.add(n.id);
  return { affected, outputs: r.staleOutputs.slice().map((o) => o.id) };
}

export function egoOf(g: DataflowGraph, node: string, radius: number): Set<string> {
  return new Set(egoNetwork(indexOf(g), node, { radius }).nodes.map((n) => n.id));
}

export interface Community {
  id: string;
  name: string;
  members: string[];
}

/**
 * Subsystems: a migration plan's waves, else Louvain communities of the map without its logs,
 * lock and temporary files (as `dfmap communities` without --with-logs: a shared cron.log would
 * glue every job into one subsystem). Those files are in no community here; grouping.ts places them.
 */
export function communitiesOf(g: DataflowGraph): Community[] {
  if (g.order === 0) return [];
  const waves = wavesOf(g);
  if (waves) return waves;
  const data = withoutNonData(indexOf(g)).index;
  if (data.order === 0) return [];
  return communities(data).communities.map((c) => ({
    id: `c${c.id}`,
    name: c.name,
    members: Object.values(c.members).flatMap((list) => (list ?? []).map((n) => n.id)),
  }));
}

/** Criticality score in [0, 1] of every node (critical.ts: impact, dominance, betweenness, articulation). */
export function criticalityOf(g: DataflowGraph): Map<string, number> {
  return new Map(critical(indexOf(g), { top: g.order }).nodes.map((n) => [n.id, n.score]));
}

/** A migration plan's page (`dfmap plan --format html`): its waves are the subsystems. */
export function hasPlan(g: DataflowGraph): boolean {
  const plan = g.getAttribute('plan') as { waves?: unknown } | undefined;
  return typeof plan === 'object' && plan !== null && Array.isArray(plan.waves);
}

function wavesOf(g: DataflowGraph): Community[] | undefined {
  if (!hasPlan(g)) return undefined;
  const plan = g.getAttribute('plan') as { waves: Array<{ number: number; name: string }> };
  const members = new Map<number, string[]>();
  const stays: string[] = [];
  g.forEachNode((id, a) => {
    const w = a.wave;
    if (typeof w === 'number') members.set(w, [...(members.get(w) ?? []), id]);
    else stays.push(id);
  });
  const out: Community[] = plan.waves.map((w) => ({
    id: `w${w.number}`,
    name: `wave ${w.number}: ${w.name}`,
    members: members.get(w.number) ?? [],
  }));
  if (stays.length > 0) out.push({ id: 'w0', name: 'stays where it is', members: stays });
  return out;
}
