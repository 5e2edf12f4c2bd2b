/**
 * Selecting a node that the current view does not show (from search, a link or the URL): the
 * smallest change of view state that shows it: open its subsystem, leave a focus that excludes it,
 * drop a filter that hides it.
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import type { ViewState } from '../state/view-state.js';
import type { Groupings } from './grouping.js';
import { hostOf } from './grouping.js';
import type { VisibleGraph } from './types.js';

export function revealPatch(
  g: DataflowGraph,
  vis: VisibleGraph,
  s: ViewState,
  groupings: Groupings,
  id: string,
): Partial<ViewState> {
  if (!g.hasNode(id)) return {};
  const patch: Partial<ViewState> = {};
  const kind = g.getNodeAttribute(id, 'kind');
  if (s.hiddenKinds.includes(kind)) patch.hiddenKinds = s.hiddenKinds.filter((k) => k !== kind);
  if (s.host && hostOf(g, id) !== s.host) patch.host = undefined;
  const community = groupings.get('community').groupOf.get(id);
  if (s.subsystem && community !== s.subsystem) patch.subsystem = undefined;
  if (s.focus && !vis.repOf.has(id)) patch.focus = undefined;
  const inView = vis.repOf.has(id) && Object.keys(patch).length === 0;
  if (inView && !vis.overview) return patch;
  // large maps: open the host and subsystem it belongs to rather than drawing everything
  if (vis.overview || s.group) {
    patch.group = community;
    if (s.groupBy === 'host' && !s.host && groupings.get('host').groups.size > 1) patch.host = hostOf(g, id);
  }
  return patch;
}
