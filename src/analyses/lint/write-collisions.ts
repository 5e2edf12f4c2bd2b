/**
 * Several writers to one file or table: whichever runs last wins, or they interleave. Log files
 * are left out (appending several scripts' output to one log is normal).
 */
import { describeEdge, describeNode, isLogFile } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findWriteCollisions({ index }: LintContext): Hazard[] {
  const hazards: Hazard[] = [];
  for (let v = 0; v < index.order; v++) {
    const kind = index.nodes[v]!.kind;
    // most nodes have one writer: no list, and no log file test (a regular expression), for them
    if (kind !== 'file' && kind !== 'table') continue;
    if (index.inStart[v + 1]! - index.inStart[v]! < 2) continue;
    const writers: number[] = [];
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
      const e = index.inEdge[i]!;
      const k = index.nodes[index.source[e]!]!.kind;
      if (index.edges[e]!.kind !== 'contains' && (k === 'script' || k === 'job')) writers.push(e);
    }
    if (writers.length < 2 || isLogFile(index, v)) continue;
    const names = writers.map((e) => describeNode(index, index.source[e]!).label);
    hazards.push({
      rule: 'write-collision',
      level: 'warning',
      message: `${describeNode(index, v).name} is written by ${writers.length} writers: ${names.join(', ')}`,
      nodes: [describeNode(index, v), ...writers.map((e) => describeNode(index, index.source[e]!))],
      edges: writers.map((e) => describeEdge(index, e)),
      hint: 'the last writer wins (or they interleave); make one the owner, or give each its own output',
    });
  }
  return hazards;
}

export const writeCollisions: LintRule = {
  id: 'write-collision',
  title: 'several writers to one file or table',
  level: 'warning',
  run: findWriteCollisions,
};
