/**
 * Which jobs run a script: the jobs that reach it through `invokes` edges (directly, or through
 * wrappers that call it).
 */
import type { FlowIndex } from '../graph/flow-index.js';
import { walkLocal } from './algorithms/traverse.js';

export function jobsRunning(index: FlowIndex, script: number): number[] {
  const up = walkLocal(index, [script], 'in', (e) => index.edges[e]!.kind === 'invokes');
  return [...up].filter((v) => index.nodes[v]!.kind === 'job').sort((a, b) => a - b);
}
