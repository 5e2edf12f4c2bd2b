/**
 * The overview reads as a flow between named subsystems, not a hairball: of the aggregate edges
 * between groups only the strongest are drawn (each group's strongest flow, then the heaviest
 * others up to `limit`); the rest wait behind the "show all flows" control. On the 6,799-node map
 * of issue 11, 23 groups were joined by 225 routed edges.
 */
import type { VEdge } from './types.js';

/** How many flows the overview draws by default for `groups` groups. */
export function flowLimit(groups: number): number {
  return Math.max(12, groups);
}

const heavier = (a: VEdge, b: VEdge) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The ids of the strongest flows: every group's heaviest one, then the heaviest others up to `limit`. */
export function strongestFlows(edges: readonly VEdge[], limit: number): Set<string> {
  const ordered = [...edges].sort(heavier);
  const keep = new Set<string>();
  const served = new Set<string>();
  for (const e of ordered) {
    if (served.has(e.source) && served.has(e.target)) continue;
    keep.add(e.id);
    served.add(e.source);
    served.add(e.target);
  }
  for (const e of ordered) {
    if (keep.size >= limit) break;
    keep.add(e.id);
  }
  return keep;
}
