/**
 * Betweenness centrality of the directed map (Brandes 2001, unweighted), on the index's arrays:
 * how often a node lies on the shortest data paths between others. Exact, or estimated from `k`
 * sources drawn with a fixed seed (repeatable) and scaled by n/k. Normalised like networkx
 * `betweenness_centrality(G, normalized=True)` for a directed graph: 1 / ((n-1)(n-2)).
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { seededRandom } from '../../util/seeded-random.js';

export interface BetweennessOptions {
  /** Sample this many sources instead of all (estimate). */
  k?: number;
  /** Seed of the sample (default 42). */
  seed?: number;
  /** Called after each source, for progress on large maps. */
  onProgress?: (done: number, total: number) => void;
}

export interface Betweenness {
  values: Float64Array;
  /** `exact`, or `sampled` from `sources` sources. */
  method: 'exact' | 'sampled';
  sources: number;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: Brandes' two passes per source, kept together as in the paper
export function betweenness(index: FlowIndex, opts: BetweennessOptions = {}): Betweenness {
  const n = index.order;
  const values = new Float64Array(n);
  const sampled = opts.k !== undefined && opts.k < n;
  const sources = sampled
    ? sampleSources(n, opts.k!, opts.seed ?? 42)
    : Int32Array.from({ length: n }, (_, i) => i);
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  const { outStart, outEdge, inStart, inEdge, target, source } = index;
  for (let si = 0; si < sources.length; si++) {
    const s = sources[si]!;
    let tail = 0;
    order[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    for (let head = 0; head < tail; head++) {
      const v = order[head]!;
      const dv = dist[v]! + 1;
      for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
        const w = target[outEdge[i]!]!;
        if (dist[w] === -1) {
          dist[w] = dv;
          order[tail++] = w;
        }
        if (dist[w] === dv) sigma[w]! += sigma[v]!;
      }
    }
    // accumulate dependencies from the farthest nodes back; predecessors are in-neighbours one level up
    for (let j = tail - 1; j > 0; j--) {
      const w = order[j]!;
      const coeff = (1 + delta[w]!) / sigma[w]!;
      const dw = dist[w]! - 1;
      for (let i = inStart[w]!; i < inStart[w + 1]!; i++) {
        const v = source[inEdge[i]!]!;
        if (dist[v] === dw) delta[v]! += sigma[v]! * coeff;
      }
      values[w]! += delta[w]!;
    }
    for (let j = 0; j < tail; j++) {
      const v = order[j]!;
      dist[v] = -1;
      sigma[v] = 0;
      delta[v] = 0;
    }
    if (opts.onProgress && (si & 63) === 0) opts.onProgress(si, sources.length);
  }
  let scale = n > 2 ? 1 / ((n - 1) * (n - 2)) : 1;
  if (sampled) scale *= n / sources.length;
  for (let v = 0; v < n; v++) values[v]! *= scale;
  return { values, method: sampled ? 'sampled' : 'exact', sources: sources.length };
}

/** `k` distinct node numbers, drawn with a seeded generator (partial Fisher–Yates). */
function sampleSources(n: number, k: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const rnd = seededRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rnd() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, k);
}
