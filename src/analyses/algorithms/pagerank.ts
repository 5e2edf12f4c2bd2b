/**
 * PageRank of the directed map, as networkx `pagerank(G, alpha=0.85, tol=1e-6, max_iter=100)`:
 * each node passes its rank to its out-neighbours; dangling nodes (no out-edges) spread theirs
 * evenly. On a data-flow map rank gathers where many chains of data end up.
 */
import type { FlowIndex } from '../../graph/flow-index.js';

export interface PageRankOptions {
  alpha?: number;
  tolerance?: number;
  maxIterations?: number;
}

export function pagerank(
  index: FlowIndex,
  opts: PageRankOptions = {},
): { values: Float64Array; iterations: number } {
  const n = index.order;
  const alpha = opts.alpha ?? 0.85;
  const tol = opts.tolerance ?? 1e-6;
  const maxIter = opts.maxIterations ?? 100;
  let x = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  let next = new Float64Array(n);
  const outDeg = new Float64Array(n);
  for (let v = 0; v < n; v++) outDeg[v] = index.outStart[v + 1]! - index.outStart[v]!;
  for (let iter = 1; iter <= maxIter; iter++) {
    let dangling = 0;
    for (let v = 0; v < n; v++) if (outDeg[v] === 0) dangling += x[v]!;
    const base = (alpha * dangling + (1 - alpha)) / n;
    next.fill(base);
    for (let v = 0; v < n; v++) {
      const d = outDeg[v]!;
      if (d === 0) continue;
      const share = (alpha * x[v]!) / d;
      for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++)
        next[index.target[index.outEdge[i]!]!]! += share;
    }
    let err = 0;
    for (let v = 0; v < n; v++) err += Math.abs(next[v]! - x[v]!);
    [x, next] = [next, x];
    if (err < n * tol) return { values: x, iterations: iter };
  }
  return { values: x, iterations: maxIter };
}
