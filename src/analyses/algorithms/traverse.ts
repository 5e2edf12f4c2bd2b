/**
 * Breadth-first traversal over the index, the engine under upstream, downstream, impact, ego and
 * selection. Upstream follows edges backwards (`in`), downstream forwards (`out`), ego networks
 * both ways. Iterative, so a 100k-step chain does not overflow the stack.
 */
import { type FlowShape, nodeNumber } from '../../graph/flow-index.js';

export type Direction = 'in' | 'out' | 'both';

export interface TraverseOptions {
  /** Stop this many steps from the start (default: no limit). */
  depth?: number;
  /** Follow only the edges this accepts (by edge number). */
  edgeFilter?: (edge: number) => boolean;
}

export interface Traversal {
  /** Reached nodes in breadth-first order, starts first. */
  order: Int32Array;
  /** Steps from the nearest start, -1 where not reached; by node number. */
  depth: Int32Array;
  /** The edge a node was first reached by, -1 for starts and unreached nodes. */
  via: Int32Array;
}

export function traverse(
  index: FlowShape,
  starts: Iterable<number>,
  direction: Direction,
  opts: TraverseOptions = {},
): Traversal {
  const maxDepth = opts.depth ?? Number.POSITIVE_INFINITY;
  const filter = opts.edgeFilter;
  const depth = new Int32Array(index.order).fill(-1);
  const via = new Int32Array(index.order).fill(-1);
  const queue = new Int32Array(index.order);
  let tail = 0;
  for (const s of starts) {
    if (depth[s]! !== -1) continue;
    depth[s] = 0;
    queue[tail++] = s;
  }
  const visit = (e: number, w: number, d: number): void => {
    if (depth[w]! !== -1 || (filter && !filter(e))) return;
    depth[w] = d;
    via[w] = e;
    queue[tail++] = w;
  };
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    const d = depth[v]! + 1;
    if (d > maxDepth) continue;
    if (direction !== 'in') {
      for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
        const e = index.outEdge[i]!;
        visit(e, index.target[e]!, d);
      }
    }
    if (direction !== 'out') {
      for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
        const e = index.inEdge[i]!;
        visit(e, index.source[e]!, d);
      }
    }
  }
  return { order: queue.subarray(0, tail), depth, via };
}

/** Visit every out-edge (or in-edge) of a node: `cb(edge, neighbour)`. */
export function forEachEdgeOf(
  index: FlowShape,
  v: number,
  direction: Direction,
  cb: (edge: number, neighbour: number) => void,
): void {
  if (direction !== 'in') {
    for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
      const e = index.outEdge[i]!;
      cb(e, index.target[e]!);
    }
  }
  if (direction !== 'out') {
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
      const e = index.inEdge[i]!;
      cb(e, index.source[e]!);
    }
  }
}

export const outDegree = (index: FlowShape, v: number): number => index.outStart[v + 1]! - index.outStart[v]!;

/**
 * A traversal that costs what it visits (a Set, no per-node arrays): for the many small walks
 * along `invokes` edges that impact and lint make.
 */
export function walkLocal(
  index: FlowShape,
  starts: Iterable<number>,
  direction: Direction,
  edgeFilter: (edge: number) => boolean,
): Set<number> {
  const seen = new Set<number>(starts);
  const stack = [...seen];
  while (stack.length > 0) {
    forEachEdgeOf(index, stack.pop()!, direction, (e, w) => {
      if (!seen.has(w) && edgeFilter(e)) {
        seen.add(w);
        stack.push(w);
      }
    });
  }
  return seen;
}

/**
 * walkLocal for many walks on one index: each walk's nodes in the order walkLocal finds them (the
 * starts, then each one as it is reached), with one array of marks used again by every walk.
 */
export function localWalker(
  index: FlowShape,
  direction: 'in' | 'out',
  edgeFilter: (edge: number) => boolean,
): (starts: Iterable<number>) => number[] {
  const [start, list, far] =
    direction === 'in'
      ? [index.inStart, index.inEdge, index.source]
      : [index.outStart, index.outEdge, index.target];
  const mark = new Int32Array(index.order);
  let round = 0;
  return (starts) => {
    round++;
    const found: number[] = [];
    for (const v of starts) {
      if (mark[v] === round) continue;
      mark[v] = round;
      found.push(v);
    }
    const stack = [...found];
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let i = start[v]!; i < start[v + 1]!; i++) {
        const e = list[i]!;
        const w = far[e]!;
        if (mark[w] === round || !edgeFilter(e)) continue;
        mark[w] = round;
        found.push(w);
        stack.push(w);
      }
    }
    return found;
  };
}

/**
 * Call `cb(key, depth)` for every node reachable from `node` in one direction (`in`: upstream,
 * `out`: downstream), not the node itself, nearest first. upstream.ts and downstream.ts name it.
 */
export function forEachReachableNode(
  index: FlowShape,
  node: string,
  direction: 'in' | 'out',
  cb: (key: string, depth: number) => void,
  opts: { depth?: number } = {},
): void {
  const t = traverse(index, [nodeNumber(index, node)], direction, opts);
  for (let i = 1; i < t.order.length; i++) cb(index.keys[t.order[i]!]!, t.depth[t.order[i]!]!);
}

export function countReachableNodes(
  index: FlowShape,
  node: string,
  direction: 'in' | 'out',
  opts: { depth?: number } = {},
): number {
  return traverse(index, [nodeNumber(index, node)], direction, opts).order.length - 1;
}
