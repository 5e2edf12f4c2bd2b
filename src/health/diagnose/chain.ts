/**
 * The path told as a story, from the symptom back to a cause: among the shortest upstream paths, the
 * one through the most unhealthy nodes (so "6.py ran fine" shows up only where it sits on the way).
 * Breadth-first by levels, keeping for each node the best parent of the level before.
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { forEachInNeighbor } from '../../graph/keyed.js';
import { isUnhealthy, type NodeHealth } from '../types.js';

export function chainTo(
  g: FlowIndex,
  health: Map<string, NodeHealth>,
  from: string,
  to: string,
  allowed: Set<string>,
): string[] | undefined {
  const score = new Map<string, number>([[from, isBad(health, from)]]);
  const parent = new Map<string, string>();
  let level = [from];
  while (level.length && !score.has(to)) {
    const next = new Map<string, { p: string; s: number }>();
    for (const n of level) {
      forEachInNeighbor(g, n, (p) => {
        if (score.has(p) || !allowed.has(p)) return;
        const s = score.get(n)! + isBad(health, p);
        const cur = next.get(p);
        if (!cur || s > cur.s) next.set(p, { p: n, s });
      });
    }
    for (const [n, { p, s }] of next) {
      score.set(n, s);
      parent.set(n, p);
    }
    level = [...next.keys()];
  }
  if (!score.has(to)) return undefined;
  const path = [to];
  for (let n = to; n !== from; ) {
    n = parent.get(n)!;
    path.push(n);
  }
  return path.reverse();
}

function isBad(health: Map<string, NodeHealth>, n: string): number {
  const h = health.get(n);
  return h && isUnhealthy(h.status) ? 1 : 0;
}
