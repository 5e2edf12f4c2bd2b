/**
 * The analyses the viewer runs in the page: src/analyses bundled for the browser (one implementation
 * for the CLI, the API and the viewer), shaped as sets of node ids. The page draws a graphology map
 * (its layouts need one); the analyses read its index, built once per map.
 */
import { communities } from '../../../src/analyses/communities.js';
import { critical } from '../../../src/analyses/critical.js';
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
  return { affected, outputs: r.staleOutputs.map((o) => o.id) };
}

export function egoOf(g: DataflowGraph, node: string, radius: number): Set<string> {
  return new Set(egoNetwork(indexOf(g), node, { radius }).nodes.map((n) => n.id));
}

export interface Community {
  id: string;
  name: string;
  members: string[];
}

export function communitiesOf(g: DataflowGraph): Community[] {
  if (g.order === 0) return [];
  return communities(indexOf(g)).communities.map((c) => ({
    id: `c${c.id}`,
    name: c.name,
    members: Object.values(c.members).flatMap((list) => (list ?? []).map((n) => n.id)),
  }));
}

/** Criticality score in [0, 1] of every node (critical.ts: impact, dominance, betweenness, articulation). */
export function criticalityOf(g: DataflowGraph): Map<string, number> {
  return new Map(critical(indexOf(g), { top: g.order }).nodes.map((n) => [n.id, n.score]));
}
