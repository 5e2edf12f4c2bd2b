/**
 * A part of a map for a question that prints its edges: the index with each edge's kind, and the
 * edges' attributes read only as they are asked for. From a map in memory they are there already;
 * from the catalog (catalog/walk-pack.ts) they are read from the store a window at a time, so a
 * hub's 500,000 edges with their evidence are printed without being held.
 */
import type { EdgeAttributes } from '../model/node.js';
import type { FlowIndex, FlowShape } from './flow-index.js';

export interface FlowPart {
  index: FlowShape;
  /** The attributes of these edges of the index (by number, in that order), `size` at a time. */
  edgeAttrs(edges: ArrayLike<number>, size: number): AsyncIterable<EdgeAttributes[]>;
}

/** An index whose attributes are all in memory, as a FlowPart. */
export function heldPart(index: FlowIndex): FlowPart {
  return {
    index,
    async *edgeAttrs(edges, size) {
      for (let i = 0; i < edges.length; i += size) {
        const batch: EdgeAttributes[] = [];
        for (let j = i; j < Math.min(edges.length, i + size); j++) batch.push(index.edges[edges[j]!]!);
        yield batch;
      }
    },
  };
}
