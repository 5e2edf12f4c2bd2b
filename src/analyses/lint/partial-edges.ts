/**
 * Edges of only partial (or heuristic) confidence: part of the far end is unknown (`*`), or a
 * fallback parser found it. The map may miss or misplace data there.
 */
import { describeEdge, describeNode, type NodeRef } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findPartialEdges({ index }: LintContext): Hazard[] {
  const hazards: Hazard[] = [];
  for (let e = 0; e < index.size; e++) {
    const c = index.edges[e]!.confidence;
    if (c !== 'partial' && c !== 'heuristic') continue;
    const s = describeNode(index, index.source[e]!);
    const t = describeNode(index, index.target[e]!);
    hazards.push({
      rule: 'partial-edge',
      level: 'info',
      message: `${phrase(index.edges[e]!.kind, s, t)} is only ${c}`,
      nodes: [s, t],
      edges: [describeEdge(index, e)],
      hint:
        c === 'partial'
          ? 'part of the name is decided at run time; check what it becomes'
          : 'found by a fallback parser; check the code',
    });
  }
  return hazards;
}

/** `2.py reads /data/in/x_*.csv`: the script first, whichever way the edge points. */
function phrase(kind: string, s: NodeRef, t: NodeRef): string {
  return kind === 'reads' ? `${t.label} reads ${s.name}` : `${s.label} ${kind} ${t.name}`;
}

export const partialEdges: LintRule = {
  id: 'partial-edge',
  title: 'edges of only partial confidence',
  level: 'info',
  run: findPartialEdges,
};
