/**
 * The undirected view of the map (networkx `G.to_undirected()` of a DiGraph): one edge per
 * connected pair whatever the direction or count, no self-loops. Articulation points, bridges,
 * components and communities are about this view: what is connected, not which way data flows.
 */
import type { FlowIndex } from '../../graph/flow-index.js';

export interface UndirectedIndex {
  order: number;
  /** Number of undirected edges. */
  size: number;
  /** Neighbours of v are adj[start[v] .. start[v + 1]). */
  start: Int32Array;
  adj: Int32Array;
  /** Undirected edge number of each adjacency slot (both slots of an edge share it). */
  edgeOf: Int32Array;
  /** Ends of each undirected edge (a < b). */
  a: Int32Array;
  b: Int32Array;
}

export function toUndirected(index: FlowIndex): UndirectedIndex {
  const n = index.order;
  const keys = new Float64Array(index.size);
  let k = 0;
  for (let e = 0; e < index.size; e++) {
    const s = index.source[e]!;
    const t = index.target[e]!;
    if (s === t) continue;
    keys[k++] = s < t ? s * n + t : t * n + s;
  }
  const sorted = keys.subarray(0, k).sort();
  // the two ends of each distinct pair, in typed arrays sized for the worst case (no duplicates)
  const ends = [new Int32Array(k), new Int32Array(k)] as const;
  let m = 0;
  for (let i = 0; i < k; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const x = sorted[i]!;
    ends[0][m] = Math.floor(x / n);
    ends[1][m++] = x % n;
  }
  const a = ends[0].slice(0, m);
  const b = ends[1].slice(0, m);
  const start = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    start[a[i]! + 1]!++;
    start[b[i]! + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const adj = new Int32Array(2 * m);
  const edgeOf = new Int32Array(2 * m);
  for (let i = 0; i < m; i++) {
    const x = a[i]!;
    const y = b[i]!;
    adj[fill[x]!] = y;
    edgeOf[fill[x]!++] = i;
    adj[fill[y]!] = x;
    edgeOf[fill[y]!++] = i;
  }
  return { order: n, size: m, start, adj, edgeOf, a, b };
}

/** Connected components of the undirected view: component number per node, and their count. */
export function connectedComponents(u: UndirectedIndex): { component: Int32Array; count: number } {
  const component = new Int32Array(u.order).fill(-1);
  const queue = new Int32Array(u.order);
  let count = 0;
  for (let s = 0; s < u.order; s++) {
    if (component[s] !== -1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    component[s] = count;
    while (head < tail) {
      const v = queue[head++]!;
      for (let i = u.start[v]!; i < u.start[v + 1]!; i++) {
        const w = u.adj[i]!;
        if (component[w] === -1) {
          component[w] = count;
          queue[tail++] = w;
        }
      }
    }
    count++;
  }
  return { component, count };
}
