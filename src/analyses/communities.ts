/**
 * Subsystems: Louvain communities (algorithms/louvain.ts, on the index's arrays) of the undirected view,
 * seeded so the same map gives the same answer. Each gets a readable name (the directory most
 * of its files and scripts share, else its best-connected node), its members by kind, its share
 * of the modularity, and the edges that cross to other subsystems: the interfaces to test when
 * it moves.
 *   Q = sum over c of [ L_c / m - resolution * (d_c / 2m)^2 ]   (L_c internal edges, d_c degree sum)
 */

import type { FlowIndex } from '../graph/flow-index.js';
import type { NodeKind } from '../model/kinds.js';
import { seededRandom } from '../util/seeded-random.js';
import { louvain } from './algorithms/louvain.js';
import { toUndirected, type UndirectedIndex } from './algorithms/undirected.js';
import { describeEdge, describeNode, type EdgeRef, type NodeRef, nodePath } from './describe.js';

export interface CommunitiesOptions {
  /** Louvain resolution: above 1 gives more, smaller subsystems (default 1). */
  resolution?: number;
  seed?: number;
}

export interface Community {
  id: number;
  name: string;
  /** The member with the most connections inside the community. */
  center: NodeRef;
  size: number;
  members: Partial<Record<NodeKind, NodeRef[]>>;
  /** This community's term of the modularity sum. */
  modularity: number;
  /** Edges between a member and a node of another community. */
  interfaces: Array<EdgeRef & { other: number }>;
}

export interface CommunitiesResult {
  modularity: number;
  resolution: number;
  seed: number;
  communities: Community[];
}

export function communities(index: FlowIndex, opts: CommunitiesOptions = {}): CommunitiesResult {
  const resolution = opts.resolution ?? 1;
  const seed = opts.seed ?? 42;
  const und = toUndirected(index);
  const assignment = louvainPartition(und, resolution, seed);
  // renumber communities by size (largest first), ties by smallest member
  // a loop, not Math.max(...assignment): spreading 1M arguments overflows the stack
  let count = 0;
  for (const c of assignment) if (c + 1 > count) count = c + 1;
  const sizes = new Int32Array(count);
  for (const c of assignment) sizes[c]!++;
  const rank = [...Array(count).keys()].sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const renumber = new Int32Array(count);
  rank.forEach((c, i) => {
    renumber[c] = i;
  });
  const community = Int32Array.from(assignment, (c) => renumber[c]!);
  return {
    modularity: terms(und, community, count, resolution).reduce((s, x) => s + x, 0),
    resolution,
    seed,
    communities: describeCommunities(index, und, community, count, resolution),
  };
}

function louvainPartition(und: UndirectedIndex, resolution: number, seed: number): number[] {
  return Array.from(louvain(und, resolution, seededRandom(seed)));
}

/** Modularity term of each community (networkx `modularity` on the undirected view). */
export function terms(
  und: UndirectedIndex,
  community: Int32Array,
  count: number,
  resolution: number,
): number[] {
  const m = und.size;
  const internal = new Float64Array(count);
  const degree = new Float64Array(count);
  for (let e = 0; e < m; e++) {
    const a = community[und.a[e]!]!;
    const b = community[und.b[e]!]!;
    degree[a]!++;
    degree[b]!++;
    if (a === b) internal[a]!++;
  }
  if (m === 0) return Array.from({ length: count }, () => 0);
  return Array.from({ length: count }, (_, c) => internal[c]! / m - resolution * (degree[c]! / (2 * m)) ** 2);
}

function describeCommunities(
  index: FlowIndex,
  und: UndirectedIndex,
  community: Int32Array,
  count: number,
  resolution: number,
): Community[] {
  const q = terms(und, community, count, resolution);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < index.order; v++) members[community[v]!]!.push(v);
  const inside = new Int32Array(index.order);
  for (let e = 0; e < und.size; e++) {
    if (community[und.a[e]!] === community[und.b[e]!]) {
      inside[und.a[e]!]!++;
      inside[und.b[e]!]!++;
    }
  }
  const interfaces: Array<Community['interfaces']> = Array.from({ length: count }, () => []);
  for (let e = 0; e < index.size; e++) {
    const a = community[index.source[e]!]!;
    const b = community[index.target[e]!]!;
    if (a === b) continue;
    const ref = describeEdge(index, e);
    interfaces[a]!.push({ ...ref, other: b });
    interfaces[b]!.push({ ...ref, other: a });
  }
  return members.map((list, c) => {
    let center = list[0]!;
    for (const v of list)
      if (inside[v]! > inside[center]! || (inside[v] === inside[center] && v < center)) center = v;
    const byKind: Community['members'] = {};
    for (const v of list) {
      const kind = index.nodes[v]!.kind;
      const kindList = byKind[kind] ?? [];
      kindList.push(describeNode(index, v));
      byKind[kind] = kindList;
    }
    for (const l of Object.values(byKind)) l.sort((x, y) => (x.id < y.id ? -1 : 1));
    const centerRef = describeNode(index, center);
    const prefix = commonDirectory(index, list);
    return {
      id: c,
      name: prefix ? `${prefix}/` : centerRef.label,
      center: centerRef,
      size: list.length,
      members: byKind,
      modularity: q[c]!,
      interfaces: interfaces[c]!,
    };
  });
}

/** The deepest directory (two levels or more) holding at least 60% of the members that have paths. */
function commonDirectory(index: FlowIndex, list: number[]): string | undefined {
  const counts = new Map<string, number>();
  let withPath = 0;
  for (const v of list) {
    const p = nodePath(index, v);
    if (!p) continue;
    withPath++;
    const parts = p.split('/');
    for (let i = 3; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      counts.set(dir, (counts.get(dir) ?? 0) + 1);
    }
  }
  if (withPath < 2) return undefined;
  let best: string | undefined;
  for (const [dir, n] of counts) {
    if (n < 0.6 * withPath) continue;
    if (!best || dir.length > best.length) best = dir;
  }
  return best;
}
