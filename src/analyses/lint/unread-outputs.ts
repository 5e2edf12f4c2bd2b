/**
 * Outputs nothing reads: files and tables written but never read by anything mapped. Either a
 * final output (someone outside picks it up) or dead data. Log files are left out.
 */
import { describeEdge, describeNode, isLogFile } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findUnreadOutputs({ index }: LintContext): Hazard[] {
  const hazards: Hazard[] = [];
  for (let v = 0; v < index.order; v++) {
    const kind = index.nodes[v]!.kind;
    // the cheap tests first: the log file test is a regular expression on the path
    if (kind !== 'file' && kind !== 'table') continue;
    if (index.outStart[v + 1]! > index.outStart[v]!) continue;
    const writes: number[] = [];
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
      const e = index.inEdge[i]!;
      if (index.edges[e]!.kind !== 'contains') writes.push(e);
    }
    if (writes.length === 0 || isLogFile(index, v)) continue;
    hazards.push({
      rule: 'unread-output',
      level: 'info',
      message: `${describeNode(index, v).name} is written but nothing mapped reads it: a final output, or dead data`,
      nodes: [describeNode(index, v)],
      edges: writes.map((e) => describeEdge(index, e)),
      hint: 'if something outside picks it up, note who; if nothing does, stop writing it',
    });
  }
  return hazards;
}

export const unreadOutputs: LintRule = {
  id: 'unread-output',
  title: 'files and tables written but never read',
  level: 'info',
  run: findUnreadOutputs,
};
