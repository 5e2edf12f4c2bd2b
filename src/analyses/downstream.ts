/**
 * Downstream: everything the given nodes feed, following edges with the data flow (readers of
 * files and tables, outputs of scripts, scripts a job or script invokes, tables of a database).
 */
import type { FlowIndex } from '../graph/flow-index.js';
import { forEachReachableNode } from './algorithms/traverse.js';
import { type FlowTree, type FlowTreeOptions, flowTree } from './flow-tree.js';

export type DownstreamOptions = FlowTreeOptions;

export function downstream(
  index: FlowIndex,
  nodes: string | readonly string[],
  opts: DownstreamOptions = {},
): FlowTree {
  return flowTree(index, typeof nodes === 'string' ? [nodes] : nodes, 'downstream', opts);
}

/** Call `cb(key, depth)` for every node downstream of `node` (not the node itself), nearest first. */
export function forEachDownstreamNode(
  index: FlowIndex,
  node: string,
  cb: (key: string, depth: number) => void,
  opts: { depth?: number } = {},
): void {
  forEachReachableNode(index, node, 'out', cb, opts);
}
