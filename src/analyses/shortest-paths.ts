/**
 * How data gets from A to B: every shortest directed path (fewest steps), each step with its
 * evidence. Breadth-first from A keeping all predecessors at the previous level, then the paths
 * are spelled out from B backwards, up to a limit.
 */

import { type FlowIndex, nodeNumber } from '../graph/flow-index.js';
import { traverse } from './algorithms/traverse.js';
import { describeEdge, describeNode, type EdgeRef, type NodeRef } from './describe.js';

export interface DataPath {
  nodes: NodeRef[];
  edges: EdgeRef[];
}

export interface ShortestPathsResult {
  from: NodeRef[];
  to: NodeRef[];
  /** Steps in each path; absent when there is none. */
  length?: number;
  paths: DataPath[];
  /** More shortest paths exist than `limit`. */
  truncated: boolean;
  /** With no path from A to B: does data flow from B to A instead? */
  reverse: boolean;
}

export function shortestPaths(
  index: FlowIndex,
  from: string | readonly string[],
  to: string | readonly string[],
  opts: { limit?: number } = {},
): ShortestPathsResult {
  const limit = opts.limit ?? 10;
  const sources = (typeof from === 'string' ? [from] : from).map((k) => nodeNumber(index, k));
  const targets = (typeof to === 'string' ? [to] : to).map((k) => nodeNumber(index, k));
  const base = {
    from: sources.map((v) => describeNode(index, v)),
    to: targets.map((v) => describeNode(index, v)),
  };
  const dist = traverse(index, sources, 'out').depth;
  let best = Number.POSITIVE_INFINITY;
  for (const t of targets) if (dist[t]! >= 0 && dist[t]! < best) best = dist[t]!;
  if (!Number.isFinite(best)) {
    const back = traverse(index, targets, 'out').depth;
    return { ...base, paths: [], truncated: false, reverse: sources.some((s) => back[s]! >= 0) };
  }
  const ends = targets.filter((t) => dist[t]! === best);
  const paths: Array<{ start: number; edges: number[] }> = [];
  let truncated = false;
  // depth-first from the targets back along edges that step down one level: every such walk is a shortest path
  const stack: Array<{ v: number; edges: number[] }> = ends.map((v) => ({ v, edges: [] }));
  while (stack.length > 0) {
    const { v, edges } = stack.pop()!;
    if (dist[v]! === 0) {
      if (paths.length >= limit) {
        truncated = true;
        break;
      }
      paths.push({ start: v, edges: edges.slice().reverse() });
      continue;
    }
    for (let i = index.inStart[v + 1]! - 1; i >= index.inStart[v]!; i--) {
      const e = index.inEdge[i]!;
      if (dist[index.source[e]!]! === dist[v]! - 1) stack.push({ v: index.source[e]!, edges: [...edges, e] });
    }
  }
  return {
    ...base,
    length: best,
    paths: paths.map((p) => spell(index, p.start, p.edges)),
    truncated,
    reverse: false,
  };
}

function spell(index: FlowIndex, start: number, edges: number[]): DataPath {
  const nodes = [describeNode(index, start)];
  for (const e of edges) nodes.push(describeNode(index, index.target[e]!));
  return { nodes, edges: edges.map((e) => describeEdge(index, e)) };
}
