/** Part of an indexed map as a graphology map of its own, to write or export (`dfmap ego --output`). */
import { createGraph } from './build.js';
import type { FlowIndex } from './flow-index.js';
import type { DataflowGraph, MapAttributes } from './types.js';

/**
 * The given nodes and every edge among them, with the map's attributes and `meta` on top. The
 * scan's warnings stay behind: they are about the whole server, not this part of it.
 */
export function graphOfNodes(
  index: FlowIndex,
  nodes: Iterable<number>,
  meta: MapAttributes = {},
): DataflowGraph {
  const { warnings: _w, ...whole } = index.meta;
  const g = createGraph({ ...whole, ...meta });
  const keep = new Uint8Array(index.order);
  for (const v of nodes) {
    keep[v] = 1;
    const { id: _id, ...attrs } = index.nodes[v] as (typeof index.nodes)[number] & { id?: string };
    g.addNode(index.keys[v]!, attrs);
  }
  for (let e = 0; e < index.size; e++) {
    if (!keep[index.source[e]!] || !keep[index.target[e]!]) continue;
    const {
      source: _s,
      target: _t,
      ...attrs
    } = index.edges[e] as (typeof index.edges)[number] & {
      source?: string;
      target?: string;
    };
    g.addDirectedEdge(index.keys[index.source[e]!]!, index.keys[index.target[e]!]!, attrs);
  }
  return g;
}
