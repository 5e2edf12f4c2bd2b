/** The part of a map that a set of nodes spans. */
import type { DataflowGraph } from './types.js';

/** A copy with only `keep` and the edges among them; map attributes stay. */
export function inducedSubgraph(g: DataflowGraph, keep: ReadonlySet<string>): DataflowGraph {
  const out = g.copy() as DataflowGraph;
  for (const n of g.nodes()) if (!keep.has(n)) out.dropNode(n);
  return out;
}
