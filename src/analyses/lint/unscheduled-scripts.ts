/** Scripts nothing schedules or invokes: dead code, or run by hand (and then undocumented). */
import { describeNode } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findUnscheduledScripts({ index }: LintContext): Hazard[] {
  const hazards: Hazard[] = [];
  for (let v = 0; v < index.order; v++) {
    if (index.nodes[v]!.kind !== 'script') continue;
    let invoked = false;
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]! && !invoked; i++)
      invoked = index.edges[index.inEdge[i]!]!.kind === 'invokes';
    if (invoked) continue;
    hazards.push({
      rule: 'unscheduled-script',
      level: 'warning',
      message: `${describeNode(index, v).name} is not scheduled or invoked by anything mapped`,
      nodes: [describeNode(index, v)],
      edges: [],
      hint: 'if it runs by hand or from elsewhere, document it; if not, remove it',
    });
  }
  return hazards;
}

export const unscheduledScripts: LintRule = {
  id: 'unscheduled-script',
  title: 'scripts nothing schedules or invokes',
  level: 'warning',
  run: findUnscheduledScripts,
};
