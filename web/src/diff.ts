/**
 * `dfmap view --diff A B`: the map of both sides, each node and edge marked `diff: added | removed |
 * changed` (absent when the same). Read defensively: a map is data. Green is what B added, red what
 * it removed, amber what changed (schedule, confidence, evidence); the rest keeps its kind colour.
 */
import type { DataflowGraph } from '../../src/graph/types.js';

export type DiffStatus = 'added' | 'removed' | 'changed';

export const DIFF_STYLES: Record<DiffStatus, { title: string; stroke: string; fill: string }> = {
  added: { title: 'added', stroke: '#15803d', fill: '#86efac' },
  removed: { title: 'removed', stroke: '#b91c1c', fill: '#fca5a5' },
  changed: { title: 'changed', stroke: '#b45309', fill: '#fcd34d' },
};

export function mapHasDiff(g: DataflowGraph): boolean {
  return typeof g.getAttribute('diff') === 'object' && g.getAttribute('diff') !== null;
}

export function diffOf(g: DataflowGraph, id: string): DiffStatus | undefined {
  if (!g.hasNode(id)) return undefined;
  const d = g.getNodeAttribute(id, 'diff');
  return d === 'added' || d === 'removed' || d === 'changed' ? d : undefined;
}

/** An aggregate's status: changed when its members differ in any way. */
export function groupDiff(statuses: Array<DiffStatus | undefined>): DiffStatus | undefined {
  const set = new Set(statuses.filter(Boolean));
  if (set.size === 0) return undefined;
  return set.size === 1 ? [...set][0] : 'changed';
}
