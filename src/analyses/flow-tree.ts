/**
 * What feeds a set of nodes (upstream) or what they feed (downstream): the reached nodes with
 * their distance, and every edge between them, each with its evidence. Shared by upstream.ts
 * and downstream.ts.
 */

import { type FlowIndex, nodeNumber } from '../graph/flow-index.js';
import type { NodeKind } from '../model/kinds.js';
import { type Direction, traverse } from './algorithms/traverse.js';
import { describeEdge, describeNode, describeNodeAt, type EdgeRef, type NodeRef } from './describe.js';

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

export interface FlowTree {
  direction: 'upstream' | 'downstream';
  roots: NodeRef[];
  /** Reached nodes except the roots (only `kinds`, when given), nearest first. */
  nodes: FlowTreeNode[];
  /** Every edge of the reached subgraph, pointing the way data flows. */
  edges: EdgeRef[];
}

export function flowTree(
  index: FlowIndex,
  roots: readonly string[],
  direction: FlowTree['direction'],
  opts: FlowTreeOptions = {},
): FlowTree {
  const starts = roots.map((k) => nodeNumber(index, k));
  const walk: Direction = direction === 'upstream' ? 'in' : 'out';
  const t = traverse(index, starts, walk, { depth: opts.depth });
  const kinds = opts.kinds && opts.kinds.length > 0 ? new Set(opts.kinds) : undefined;
  const nodes: FlowTreeNode[] = [];
  // breadth-first order never goes back a step: each step's nodes are sorted by id on their own,
  // as keys (a string sort without a comparator is several times faster on a hub's 300,000)
  for (let i = 0; i < t.order.length; ) {
    const d = t.depth[t.order[i]!]!;
    const step: string[] = [];
    for (; i < t.order.length && t.depth[t.order[i]!] === d; i++) {
      const v = t.order[i]!;
      if (d > 0 && (!kinds || kinds.has(index.nodes[v]!.kind))) step.push(index.keys[v]!);
    }
    step.sort();
    for (const key of step) nodes.push(describeNodeAt(index, index.indexOf(key), d));
  }
  return {
    direction,
    roots: starts.map((v) => describeNode(index, v)),
    nodes,
    edges: subgraphEdges(index, t.order, t.depth, walk, opts.depth),
  };
}

/** Edges walked from reached nodes that are not at the depth limit, to reached nodes. */
function subgraphEdges(
  index: FlowIndex,
  order: Int32Array,
  depth: Int32Array,
  walk: Direction,
  maxDepth = Number.POSITIVE_INFINITY,
): EdgeRef[] {
  const edges: EdgeRef[] = [];
  const [start, list, far] =
    walk === 'in'
      ? [index.inStart, index.inEdge, index.source]
      : [index.outStart, index.outEdge, index.target];
  for (const v of order) {
    if (depth[v]! >= maxDepth) continue;
    for (let i = start[v]!; i < start[v + 1]!; i++) {
      const e = list[i]!;
      if (depth[far[e]!]! >= 0) edges.push(describeEdge(index, e));
    }
  }
  return edges;
}
