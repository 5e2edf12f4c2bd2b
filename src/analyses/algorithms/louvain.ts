/**
 * Louvain community detection (Blondel et al. 2008) on typed arrays. graphology's
 * implementation needs the map copied into a graphology graph first (about 500 MB and seconds at
 * 1M edges); this works on the undirected view's arrays and keeps a few numbers per node.
 * Each level moves nodes, in a seeded random order, to the neighbouring community with the best
 * modularity gain  k_v,in(c) - resolution * tot(c) * k_v / 2m  until no move helps, then folds
 * communities into nodes and repeats.
 */
import { groupBy } from '../../util/group-by.js';
import type { UndirectedIndex } from './undirected.js';

interface Level {
  n: number;
  start: Int32Array;
  adj: Int32Array;
  weight: Float64Array;
  /** Weight of each node's self-loop (edges folded inside it). */
  loop: Float64Array;
}

/** Community number of every node (numbers are arbitrary; communities.ts renumbers them). */
export function louvain(und: UndirectedIndex, resolution: number, random: () => number): Int32Array {
  let level: Level = {
    n: und.order,
    start: und.start,
    adj: und.adj,
    weight: new Float64Array(und.adj.length).fill(1),
    loop: new Float64Array(und.order),
  };
  const membership = Int32Array.from({ length: und.order }, (_, v) => v);
  for (;;) {
    const comm = moveNodes(level, resolution, random);
    const { count, renumbered } = renumber(comm);
    for (let v = 0; v < membership.length; v++) membership[v] = renumbered[membership[v]!]!;
    if (count === level.n) return membership;
    level = fold(level, renumbered, count);
  }
}

function moveNodes(g: Level, resolution: number, random: () => number): Int32Array {
  const { n, start, adj, weight, loop } = g;
  const k = new Float64Array(n);
  let m2 = 0;
  for (let v = 0; v < n; v++) {
    let s = 2 * loop[v]!;
    for (let i = start[v]!; i < start[v + 1]!; i++) s += weight[i]!;
    k[v] = s;
    m2 += s;
  }
  const comm = Int32Array.from({ length: n }, (_, v) => v);
  if (m2 === 0) return comm;
  const tot = Float64Array.from(k);
  const order = Int32Array.from({ length: n }, (_, v) => v);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const toComm = new Float64Array(n);
  const touched = new Int32Array(n);
  for (let moved = 1, passes = 0; moved > 0 && passes < 100; passes++) {
    moved = 0;
    for (let o = 0; o < n; o++) {
      const v = order[o]!;
      const own = comm[v]!;
      let t = 0;
      for (let i = start[v]!; i < start[v + 1]!; i++) {
        const c = comm[adj[i]!]!;
        if (toComm[c] === 0) touched[t++] = c;
        toComm[c]! += weight[i]!;
      }
      tot[own]! -= k[v]!;
      const scale = (resolution * k[v]!) / m2;
      let best = own;
      let bestGain = toComm[own]! - scale * tot[own]!;
      for (let x = 0; x < t; x++) {
        const c = touched[x]!;
        const gain = toComm[c]! - scale * tot[c]!;
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      tot[best]! += k[v]!;
      if (best !== own) {
        comm[v] = best;
        moved++;
      }
      for (let x = 0; x < t; x++) toComm[touched[x]!] = 0;
      toComm[own] = 0;
    }
  }
  return comm;
}

function renumber(comm: Int32Array): { count: number; renumbered: Int32Array } {
  const map = new Int32Array(comm.length).fill(-1);
  let count = 0;
  const renumbered = new Int32Array(comm.length);
  for (let v = 0; v < comm.length; v++) {
    const c = comm[v]!;
    if (map[c] === -1) map[c] = count++;
    renumbered[v] = map[c]!;
  }
  return { count, renumbered };
}

/** Communities become nodes: weights between them summed, weights inside them become self-loops. */
function fold(g: Level, comm: Int32Array, count: number): Level {
  // typed arrays throughout: on a 1M-edge map an array per community and growing JS arrays of
  // neighbours were most of this command's peak memory
  const [first, members] = groupBy(count, comm);
  const loop = new Float64Array(count);
  const start = new Int32Array(count + 1);
  const adj = new Int32Array(g.adj.length); // never more neighbours than the level below has
  const weight = new Float64Array(g.adj.length);
  const acc = new Float64Array(count);
  const touched = new Int32Array(count);
  let m = 0;
  for (let c = 0; c < count; c++) {
    let t = 0;
    for (let j = first[c]!; j < first[c + 1]!; j++) {
      const v = members[j]!;
      loop[c]! += g.loop[v]!;
      for (let i = g.start[v]!; i < g.start[v + 1]!; i++) {
        const d = comm[g.adj[i]!]!;
        // an edge inside the community is seen from both ends: half each time makes one loop weight
        if (d === c) loop[c]! += g.weight[i]! / 2;
        else {
          if (acc[d] === 0) touched[t++] = d;
          acc[d]! += g.weight[i]!;
        }
      }
    }
    for (let x = 0; x < t; x++) {
      const d = touched[x]!;
      adj[m] = d;
      weight[m++] = acc[d]!;
      acc[d] = 0;
    }
    start[c + 1] = m;
  }
  return { n: count, start, adj: adj.slice(0, m), weight: weight.slice(0, m), loop };
}
