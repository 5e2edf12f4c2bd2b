import { CONFIDENCES, type Confidence, confidenceRank } from '../model/kinds.js';
import type { DataflowGraph } from './types.js';

/** Drop edges less sure than `min` (`exact` < `resolved` < `partial` < `heuristic`), then nodes left alone. */
export function dropEdgesBelow(g: DataflowGraph, min: Confidence): number {
  const limit = confidenceRank(min);
  let dropped = 0;
  for (const e of g.edges()) {
    const attrs = g.getEdgeAttributes(e);
    if (attrs.kind === 'contains') continue;
    if (confidenceRank(attrs.confidence) > limit) {
      g.dropEdge(e);
      dropped++;
    }
  }
  for (const n of g.nodes()) {
    const kind = g.getNodeAttribute(n, 'kind');
    if (kind !== 'job' && kind !== 'script' && g.degree(n) === 0) g.dropNode(n);
  }
  return dropped;
}

export function isConfidence(x: string): x is Confidence {
  return (CONFIDENCES as readonly string[]).includes(x);
}
