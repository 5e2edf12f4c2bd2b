/**
 * What feeds a set of nodes (upstream) or what they feed (downstream): the reached nodes with
 * their distance, and every edge between them, each with its evidence. Shared by upstream.ts
 * and downstream.ts.
 */

import { type FlowIndex, type FlowShape, nodeNumber } from '../graph/flow-index.js';
import type { FlowPart } from '../graph/flow-part.js';
import type { NodeKind } from '../model/kinds.js';
import { type Direction, traverse } from './algorithms/traverse.js';
import {
  describeEdgeOnce,
  describeEdgeWith,
  describeNode,
  describeNodeAt,
  type EdgeRef,
  type NodeRef,
} from './describe.js';
import { byIdOrder, edgesById } from './id-order.js';
import { LazyList } from './lazy-list.js';

export interface FlowTreeOptions {
  /** Follow at most this many steps. */
  depth?: number;
  /** Report only nodes of these kinds (the traversal still passes through the others). */
  kinds?: readonly NodeKind[];
}

export interface FlowTreeNode extends NodeRef {
  /** Steps from the nearest root. */
  depth: number;
}

/**
 * The nodes and edges are described as they are read (LazyList): a hub's tree is 300,000 nodes
 * and 500,000 edges with their evidence, and holding a description of each cost more than the walk.
 */
export interface FlowTree {
  direction: 'upstream' | 'downstream';
  roots: NodeRef[];
  /** Reached nodes except the roots (only `kinds`, when given), nearest first, then by id. */
  nodes: LazyList<FlowTreeNode>;
  /** Every edge of the reached subgraph, pointing the way data flows. */
  edges: LazyList<EdgeRef>;
}

export function flowTree(
  index: FlowIndex,
  roots: readonly string[],
  direction: FlowTree['direction'],
  opts: FlowTreeOptions = {},
): FlowTree {
  const frame = flowFrame(index, roots, direction, opts);
  const { edges } = frame;
  return { ...frame, edges: new LazyList(edges.length, (i) => describeEdgeOnce(index, edges[i]!)) };
}

/**
 * A flow tree whose edges are their numbers, in id order: for an index whose edges carry their
 * kind alone, the caller describes them with attributes it reads as it prints (graph/flow-part.ts).
 */
export function flowFrame(
  index: FlowShape,
  roots: readonly string[],
  direction: FlowTree['direction'],
  opts: FlowTreeOptions = {},
): Omit<FlowTree, 'edges'> & { edges: Int32Array } {
  const starts = roots.map((k) => nodeNumber(index, k));
  const walk: Direction = direction === 'upstream' ? 'in' : 'out';
  const t = traverse(index, starts, walk, { depth: opts.depth });
  const kinds = opts.kinds && opts.kinds.length > 0 ? new Set(opts.kinds) : undefined;
  const nodes: number[] = [];
  // breadth-first order never goes back a step: each step's nodes are sorted by id on their own
  for (let i = 0; i < t.order.length; ) {
    const d = t.depth[t.order[i]!]!;
    const step: number[] = [];
    for (; i < t.order.length && t.depth[t.order[i]!] === d; i++) {
      const v = t.order[i]!;
      if (d > 0 && (!kinds || kinds.has(index.nodes[v]!.kind))) step.push(v);
    }
    for (const v of byIdOrder(index, step)) nodes.push(v);
  }
  return {
    direction,
    roots: starts.map((v) => describeNode(index, v)),
    nodes: new LazyList(nodes.length, (i) => describeNodeAt(index, nodes[i]!, t.depth[nodes[i]!]!)),
    edges: edgesById(index, subgraphEdges(index, t.order, t.depth, walk, opts.depth)),
  };
}

/**
 * A frame's edges described as their attributes are read, `size` at a time (a catalog part reads
 * them from the store as they are printed): the same descriptions flowTree makes.
 */
export async function* describeFrameEdges(
  part: FlowPart,
  edges: Int32Array,
  size: number,
): AsyncGenerator<EdgeRef[]> {
  let i = 0;
  for await (const attrs of part.edgeAttrs(edges, size)) {
    const batch: EdgeRef[] = [];
    for (const a of attrs) batch.push(describeEdgeWith(part.index, edges[i++]!, a));
    yield batch;
  }
}

/** Edges walked from reached nodes that are not at the depth limit, to reached nodes (their numbers). */
function subgraphEdges(
  index: FlowShape,
  order: Int32Array,
  depth: Int32Array,
  walk: Direction,
  maxDepth = Number.POSITIVE_INFINITY,
): number[] {
  const edges: number[] = [];
  const [start, list, far] =
    walk === 'in'
      ? [index.inStart, index.inEdge, index.source]
      : [index.outStart, index.outEdge, index.target];
  for (const v of order) {
    if (depth[v]! >= maxDepth) continue;
    for (let i = start[v]!; i < start[v + 1]!; i++) {
      const e = list[i]!;
      if (depth[far[e]!]! >= 0) edges.push(e);
    }
  }
  return edges;
}
