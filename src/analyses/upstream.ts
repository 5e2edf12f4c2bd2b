/**
 * Upstream: everything that feeds the given nodes, following edges against the data flow
 * (inputs of scripts, writers of files and tables, jobs and callers of scripts, databases of
 * tables). `dfmap upstream` prints it as a tree.
 */
import type { FlowIndex } from '../graph/flow-index.js';
import { countReachableNodes, forEachReachableNode } from './algorithms/traverse.js';
import { type FlowTree, type FlowTreeOptions, flowTree } from './flow-tree.js';

export type UpstreamOptions = FlowTreeOptions;

export function upstream(
  index: FlowIndex,
  nodes: string | readonly string[],
  opts: UpstreamOptions = {},
): FlowTree {
  return flowTree(index, typeof nodes === 'string' ? [nodes] : nodes, 'upstream', opts);
}

/** Call `cb(key, depth)` for every node upstream of `node` (not the node itself), nearest first. */
export function forEachUpstreamNode(
  index: FlowIndex,
  node: string,
  cb: (key: string, depth: number) => void,
  opts: { depth?: number } = {},
): void {
  forEachReachableNode(index, node, 'in', cb, opts);
}

export function countUpstreamNodes(index: FlowIndex, node: string, opts: { depth?: number } = {}): number {
  return countReachableNodes(index, node, 'in', opts);
}
