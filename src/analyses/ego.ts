/**
 * Ego network: the nodes within `radius` steps of a centre, following edges either way, and
 * every edge among them (as networkx.ego_graph(G, n, radius, undirected=True)). `egoGraph`
 * returns it as a map of its own, for the viewer and the exporters.
 */
import { createGraph } from '../graph/build.js';
import { type FlowIndex, type FlowInput, nodeNumber, toFlowIndex } from '../graph/flow-index.js';
import type { DataflowGraph } from '../graph/types.js';
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
  input: FlowInput,
  centers: string | readonly string[],
  opts: { radius?: number } = {},
): EgoNetwork {
  const index = toFlowIndex(input);
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

/** The ego network as a map (same attributes, `ego` in the graph attributes says how it was cut). */
export function egoGraph(
  input: FlowInput,
  centers: string | readonly string[],
  opts: { radius?: number } = {},
): DataflowGraph {
  const index = toFlowIndex(input);
  const radius = opts.radius ?? 1;
  const list = typeof centers === 'string' ? [centers] : [...centers];
  const s = egoSets(index, list, radius);
  const { warnings: _w, ...meta } = index.meta;
  const g = createGraph({ ...meta, ego: { centers: list, radius } });
  for (const v of s.order) {
    const { id: _id, ...attrs } = index.nodes[v] as (typeof index.nodes)[number] & { id?: string };
    g.addNode(index.keys[v]!, attrs);
  }
  for (const e of s.edges) {
    const {
      source: _s,
      target: _t,
      ...attrs
    } = index.edges[e] as (typeof index.edges)[number] & { source?: string; target?: string };
    g.addDirectedEdge(index.keys[index.source[e]!]!, index.keys[index.target[e]!]!, attrs);
  }
  return g;
}
