/** Jobs whose script is missing: the scheduler will fail every run. */
import { describeEdge, describeNode } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findMissingScripts({ index }: LintContext): Hazard[] {
  const hazards: Hazard[] = [];
  for (let v = 0; v < index.order; v++) {
    const a = index.nodes[v]!;
    if (a.kind !== 'script' || a.missing !== true) continue;
    const callers: number[] = [];
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
      const e = index.inEdge[i]!;
      if (index.edges[e]!.kind === 'invokes') callers.push(e);
    }
    const by = callers.map((e) => describeNode(index, index.source[e]!).label);
    hazards.push({
      rule: 'missing-script',
      level: 'error',
      message: `${describeNode(index, v).name} does not exist${by.length > 0 ? `, but ${by.join(', ')} run${by.length === 1 ? 's' : ''} it` : ''}`,
      nodes: [describeNode(index, v), ...callers.map((e) => describeNode(index, index.source[e]!))],
      edges: callers.map((e) => describeEdge(index, e)),
      hint: 'restore the script, or remove the job that runs it',
    });
  }
  return hazards;
}

export const missingScripts: LintRule = {
  id: 'missing-script',
  title: 'jobs whose script is missing',
  level: 'error',
  run: findMissingScripts,
};
