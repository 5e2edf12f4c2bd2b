/**
 * Ego network: the nodes within `radius` steps of a centre, following edges either way, and
 * every edge among them (as networkx.ego_graph(G, n, radius, undirected=True)). graph/index-graph.ts
 * makes it a map of its own, for the viewer and the exporters.
 */
import { type FlowIndex, nodeNumber } from '../graph/flow-index.js';
import { traverse } from './algorithms/traverse.js';
import { byId, describeEdge, describeNode, type EdgeRef, type NodeRef } from './describe.js';

export interface EgoNode extends NodeRef {
  /** Steps from the nearest centre, in either direction. */
  distance: number;
}

export interface EgoNetwork {
  centers: NodeRef[];
  radius: number;
  nodes: EgoNode[];
  edges: EdgeRef[];
}

function egoSets(index: FlowIndex, centers: readonly string[], radius: number) {
  const starts = centers.map((k) => nodeNumber(index, k));
  const t = traverse(index, starts, 'both', { depth: radius });
  const edges: number[] = [];
  for (const v of t.order) {
    for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
      const e = index.outEdge[i]!;
      if (t.depth[index.target[e]!]! >= 0) edges.push(e);
    }
  }
  return { starts, order: t.order, depth: t.depth, edges };
}

export function egoNetwork(
  index: FlowIndex,
  centers: string | readonly string[],
  opts: { radius?: number } = {},
): EgoNetwork {
  const radius = opts.radius ?? 1;
  const s = egoSets(index, typeof centers === 'string' ? [centers] : centers, radius);
  const nodes = [...s.order].map((v) => ({ ...describeNode(index, v), distance: s.depth[v]! }));
  nodes.sort((a, b) => a.distance - b.distance || byId(a, b));
  return {
    centers: s.starts.map((v) => describeNode(index, v)),
    radius,
    nodes,
    edges: s.edges.map((e) => describeEdge(index, e)),
  };
}
