/**
 * External inputs: files and tables that are read but that nothing mapped writes. They are the
 * interfaces of this server: someone else delivers them, and a late delivery starts here.
 */
import { describeEdge, describeNode } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findExternalInputs({ index }: LintContext): Hazard[] {
  const hazards: Hazard[] = [];
  for (let v = 0; v < index.order; v++) {
    const kind = index.nodes[v]!.kind;
    if (kind !== 'file' && kind !== 'table') continue;
    if (index.outStart[v + 1]! === index.outStart[v]!) continue; // nothing reads it
    let written = false;
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]! && !written; i++)
      written = index.edges[index.inEdge[i]!]!.kind !== 'contains';
    if (written) continue;
    const reads: number[] = [];
    for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) reads.push(index.outEdge[i]!);
    const readers = reads.map((e) => describeNode(index, index.target[e]!).label);
    hazards.push({
      rule: 'external-input',
      level: 'info',
      message: `${describeNode(index, v).name} is read (by ${readers.join(', ')}) but nothing mapped writes it: an external input`,
      nodes: [describeNode(index, v)],
      edges: reads.map((e) => describeEdge(index, e)),
      hint: 'find out who delivers it and when; it is an interface of this server',
    });
  }
  return hazards;
}

export const externalInputs: LintRule = {
  id: 'external-input',
  title: 'files and tables read but never written',
  level: 'info',
  run: findExternalInputs,
};
