/**
 * Cycles in the data flow: data that comes back to where it started. Only data edges count
 * (a wrapper that runs a script and then reads its output is a call, not a loop). A cycle
 * through one script alone (it reads back what it wrote: a state file, an upsert, a temp file
 * renamed into place) is info; a cycle through several scripts (a shared state file they all
 * append to and read, two jobs feeding each other) is a warning: a bad run feeds the others.
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { stronglyConnectedComponents } from '../algorithms/scc.js';
import { describeEdge, describeNode } from '../describe.js';
import type { Hazard, LintContext, LintRule } from './types.js';

export function findCycles({ index }: LintContext): Hazard[] {
  const data = (e: number) => index.edges[e]!.kind !== 'invokes';
  const scc = stronglyConnectedComponents(index, data);
  const members = new Map<number, number[]>();
  for (let v = 0; v < index.order; v++) {
    const c = scc.component[v]!;
    if (scc.sizes[c]! < 2) continue;
    const list = members.get(c) ?? [];
    list.push(v);
    members.set(c, list);
  }
  const hazards: Hazard[] = [...members.values()].map((list) =>
    cycleHazard(index, scc.component, list, data),
  );
  for (let e = 0; e < index.size; e++) {
    const v = index.source[e]!;
    if (v !== index.target[e] || !data(e) || scc.sizes[scc.component[v]!]! > 1) continue;
    hazards.push({
      rule: 'cycle',
      level: 'info',
      message: `${describeNode(index, v).label} feeds itself`,
      nodes: [describeNode(index, v)],
      edges: [describeEdge(index, e)],
    });
  }
  return hazards;
}

function cycleHazard(
  index: FlowIndex,
  component: Int32Array,
  list: number[],
  data: (e: number) => boolean,
): Hazard {
  const c = component[list[0]!]!;
  const edges: number[] = [];
  for (const v of list) {
    for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
      const e = index.outEdge[i]!;
      if (data(e) && component[index.target[e]!] === c) edges.push(e);
    }
  }
  const scripts = list.filter((v) => index.nodes[v]!.kind === 'script');
  const names = list.slice(0, 4).map((v) => describeNode(index, v).label);
  const more = list.length > 4 ? ', ...' : '';
  const shared = scripts.length > 1;
  return {
    rule: 'cycle',
    level: shared ? 'warning' : 'info',
    message: shared
      ? `${scripts.length} scripts pass data around a cycle: ${names.join(', ')}${more}`
      : `${describeNode(index, scripts[0] ?? list[0]!).label} reads back what it writes: ${names.join(', ')}${more}`,
    nodes: list.map((v) => describeNode(index, v)),
    edges: edges.map((e) => describeEdge(index, e)),
    hint: shared
      ? 'a bad run feeds the others through this loop; give each script its own state, or one owner'
      : 'state kept between runs: check that a failed run cannot leave it half-written',
  };
}

export const cycles: LintRule = {
  id: 'cycle',
  title: 'cycles in the data flow',
  level: 'warning',
  run: findCycles,
};
