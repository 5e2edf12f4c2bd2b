/**
 * The filters every export shares with the viewer: dbt-style `--select`/`--exclude`, an ego network
 * (`--focus NODE --radius K`), `--kind` and `--community`. Each filter picks a set of nodes from the
 * analyses; this module intersects them. The export is then the subgraph induced by the nodes kept
 * (graph/subgraph.ts).
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { UsageError } from '../../model/errors.js';
import type { NodeKind } from '../../model/kinds.js';
import { communities } from '../communities.js';
import { egoNetwork } from '../ego.js';
import { resolveNode } from './resolve-node.js';
import { selectNodeKeys } from './select-nodes.js';

export interface MapFilters {
  /** A node as people name it (resolveNode): key, path, basename, table name, URL. */
  focus?: string;
  /** With focus: steps either way (default 1, as networkx.ego_graph). */
  radius?: number;
  kinds?: NodeKind[];
  community?: string;
  /** dbt selection syntax (src/analyses/select). */
  select?: string;
  exclude?: string;
}

export function hasFilters(f: MapFilters): boolean {
  return Boolean(f.focus || f.kinds?.length || f.community !== undefined || f.select || f.exclude);
}

function intersect(a: Set<string> | undefined, b: Iterable<string>): Set<string> {
  const next = new Set(b);
  return a === undefined ? next : new Set([...a].filter((x) => next.has(x)));
}

/** The nodes each given filter keeps, intersected; undefined when no filter is given. */
export function filterNodeKeys(index: FlowIndex, f: MapFilters): Set<string> | undefined {
  if (!hasFilters(f)) return undefined;
  let keep: Set<string> | undefined;
  if (f.select)
    keep = intersect(keep, selectNodeKeys(index, f.select, f.exclude ? { exclude: f.exclude } : {}));
  else if (f.exclude) {
    const dropped = new Set(selectNodeKeys(index, f.exclude));
    keep = intersect(
      keep,
      index.keys.filter((n) => !dropped.has(n)),
    );
  }
  if (f.focus) {
    const center = index.keys[resolveNode(index, f.focus)]!;
    keep = intersect(
      keep,
      egoNetwork(index, center, { radius: f.radius ?? 1 }).nodes.map((n) => n.id),
    );
  }
  if (f.kinds?.length) {
    const kinds = new Set<string>(f.kinds);
    keep = intersect(
      keep,
      index.keys.filter((_n, v) => kinds.has(index.nodes[v]!.kind)),
    );
  }
  if (f.community !== undefined) keep = intersect(keep, communityMembers(index, f.community));
  return keep ?? new Set<string>();
}

/**
 * Members of one community of the whole map (src/analyses/communities.ts: seeded Louvain, numbered
 * largest first), named by its number or its name, as `dfmap communities` and the viewer show them.
 */
function communityMembers(index: FlowIndex, wanted: string): string[] {
  const all = communities(index).communities;
  const c = all.find((x) => String(x.id) === wanted) ?? all.find((x) => x.name === wanted);
  if (c === undefined) {
    const shown = all.slice(0, 8).map((x) => `${x.id} (${x.name}, ${x.size} nodes)`);
    throw new UsageError(`--community: no community '${wanted}' in the map.`, {
      hint: `communities: ${shown.join(', ')}${all.length > 8 ? ', ...' : ''}`,
    });
  }
  return Object.values(c.members).flatMap((refs) => (refs ?? []).map((r) => r.id));
}
