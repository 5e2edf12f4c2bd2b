/**
 * What lights up when a node is selected: its upstream and downstream (on the whole map, then shown
 * on whatever stands for those nodes in the current view), or its impact set.
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { downstreamOf, impactOf, upstreamOf } from '../data/analysis.js';
import type { VisibleGraph } from './types.js';

export interface Highlight {
  /** The visible node that is selected. */
  selected?: string;
  /** Map nodes (not visible ids): what feeds the selection and what it feeds. */
  upstream: Set<string>;
  downstream: Set<string>;
  /** Map nodes that go stale if the selection fails ("what breaks"), and the final outputs among them. */
  impact?: Set<string>;
  outputs: string[];
  /** The same, as visible node and edge ids. */
  up: Set<string>;
  down: Set<string>;
  upEdges: Set<string>;
  downEdges: Set<string>;
  impactNodes: Set<string>;
  impactEdges: Set<string>;
}

export const NO_HIGHLIGHT: Highlight = {
  upstream: new Set(),
  downstream: new Set(),
  outputs: [],
  up: new Set(),
  down: new Set(),
  upEdges: new Set(),
  downEdges: new Set(),
  impactNodes: new Set(),
  impactEdges: new Set(),
};

function union(
  g: DataflowGraph,
  members: string[],
  f: (g: DataflowGraph, n: string) => Set<string>,
): Set<string> {
  const out = new Set<string>();
  for (const m of members) for (const x of f(g, m)) out.add(x);
  for (const m of members) out.delete(m);
  return out;
}

function toVisible(vis: VisibleGraph, nodes: Set<string>, selected: string): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) {
    const r = vis.repOf.get(n);
    if (r !== undefined && r !== selected) out.add(r);
  }
  return out;
}

/** Edges whose both ends are in the set, or that enter (upstream) or leave (downstream) the selection. */
function edgesWithin(vis: VisibleGraph, set: Set<string>, selected: string, dir: 'up' | 'down'): Set<string> {
  const out = new Set<string>();
  for (const e of vis.edges) {
    const ok =
      dir === 'up'
        ? set.has(e.source) && (set.has(e.target) || e.target === selected)
        : set.has(e.target) && (set.has(e.source) || e.source === selected);
    if (ok) out.add(e.id);
  }
  return out;
}

export function computeHighlight(
  g: DataflowGraph,
  vis: VisibleGraph,
  selectedId: string | undefined,
  withImpact: boolean,
): Highlight {
  if (!selectedId) return NO_HIGHLIGHT;
  const selected = vis.repOf.get(selectedId) ?? (vis.nodes.has(selectedId) ? selectedId : undefined);
  const members = g.hasNode(selectedId) ? [selectedId] : (vis.nodes.get(selectedId)?.members ?? []);
  if (members.length === 0) return NO_HIGHLIGHT;
  const upstream = union(g, members, upstreamOf);
  const downstream = union(g, members, downstreamOf);
  const sel = selected ?? selectedId;
  const up = toVisible(vis, upstream, sel);
  const down = toVisible(vis, downstream, sel);
  const h: Highlight = {
    selected,
    upstream,
    downstream,
    outputs: [],
    up,
    down,
    upEdges: edgesWithin(vis, up, sel, 'up'),
    downEdges: edgesWithin(vis, down, sel, 'down'),
    impactNodes: new Set(),
    impactEdges: new Set(),
  };
  if (withImpact) {
    const impact = new Set<string>();
    const outputs = new Set<string>();
    for (const m of members) {
      const r = impactOf(g, m);
      for (const x of r.affected) impact.add(x);
      for (const o of r.outputs) outputs.add(o);
    }
    h.impact = impact;
    h.outputs = [...outputs];
    h.impactNodes = toVisible(vis, impact, sel);
    h.impactEdges = edgesWithin(vis, h.impactNodes, sel, 'down');
  }
  return h;
}
