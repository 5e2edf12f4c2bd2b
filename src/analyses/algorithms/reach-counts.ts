/**
 * For every node, how many distinct labels it can reach downstream (a label sits on one or more
 * nodes: a final output labels itself, a job labels the scripts it runs). Exact: cycles are
 * condensed, then bitsets of labels flow back along the DAG of components, 32 labels per word,
 * a batch of words per pass; O((n + m) * labels / 32). Above a work budget the labels are
 * sampled with a fixed seed and the counts scaled (then `exact` is false).
 */

import type { FlowIndex } from '../../graph/flow-index.js';
import { seededRandom } from '../../util/seeded-random.js';
import type { Components } from './scc.js';

export interface ReachCounts {
  counts: Float64Array;
  exact: boolean;
}

export interface ReachOptions {
  /** Word operations allowed before sampling labels (default 4e8, about a second). */
  budget?: number;
  edgeFilter?: (e: number) => boolean;
}

/** `seeds[i] = [node, label]`; labels are 0 .. labelCount-1. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the bitset passes are one algorithm; splitting costs speed in the hot loop
export function countReachableLabels(
  index: FlowIndex,
  scc: Components,
  seeds: ReadonlyArray<readonly [number, number]>,
  labelCount: number,
  opts: ReachOptions = {},
): ReachCounts {
  const budget = opts.budget ?? 4e8;
  const work = (index.order + index.size) * Math.ceil(labelCount / 32);
  let kept = labelCount;
  let labelMap: Int32Array | undefined;
  if (work > budget && labelCount > 0) {
    kept = Math.max(32, Math.floor((budget / (index.order + index.size)) * 32));
    labelMap = sampleLabels(labelCount, kept, 7);
  }
  // condensation edges (component -> component), from the index
  const { component, count } = scc;
  const cStart = new Int32Array(count + 1);
  const pairs: number[] = [];
  for (let e = 0; e < index.size; e++) {
    if (opts.edgeFilter && !opts.edgeFilter(e)) continue;
    const a = component[index.source[e]!]!;
    const b = component[index.target[e]!]!;
    if (a === b) continue;
    pairs.push(a, b);
    cStart[a + 1]!++;
  }
  for (let c = 0; c < count; c++) cStart[c + 1]! += cStart[c]!;
  const cAdj = new Int32Array(pairs.length / 2);
  const fill = cStart.slice(0, count);
  for (let i = 0; i < pairs.length; i += 2) cAdj[fill[pairs[i]!]!++] = pairs[i + 1]!;

  // seeds per component, by kept label
  const bySeedLabel: Array<[number, number]> = [];
  for (const [v, label] of seeds) {
    const l = labelMap ? labelMap[label]! : label;
    if (l >= 0) bySeedLabel.push([l, component[v]!]);
  }
  bySeedLabel.sort((x, y) => x[0] - y[0]);

  const compCounts = new Float64Array(count);
  const W = Math.max(1, Math.min(16, Math.ceil(kept / 32)));
  const bits = new Uint32Array(count * W);
  let si = 0;
  for (let base = 0; base < kept; base += 32 * W) {
    bits.fill(0);
    while (si < bySeedLabel.length && bySeedLabel[si]![0] < base + 32 * W) {
      const [l, c] = bySeedLabel[si++]!;
      const off = l - base;
      bits[c * W + (off >>> 5)]! |= 1 << (off & 31);
    }
    // Tarjan numbers components successors-first: component c's targets are all < c
    for (let c = 0; c < count; c++) {
      const row = c * W;
      for (let i = cStart[c]!; i < cStart[c + 1]!; i++) {
        const other = cAdj[i]! * W;
        for (let w = 0; w < W; w++) bits[row + w]! |= bits[other + w]!;
      }
      let pop = 0;
      for (let w = 0; w < W; w++) pop += popcount(bits[row + w]!);
      compCounts[c]! += pop;
    }
  }
  const scale = labelMap ? labelCount / kept : 1;
  const counts = new Float64Array(index.order);
  for (let v = 0; v < index.order; v++) counts[v] = compCounts[component[v]!]! * scale;
  return { counts, exact: labelMap === undefined };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Keep `k` of `n` labels at random (fixed seed): new number per label, -1 for dropped ones. */
function sampleLabels(n: number, k: number, seed: number): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const rnd = seededRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rnd() * (n - i));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const map = new Int32Array(n).fill(-1);
  for (let i = 0; i < k; i++) map[perm[i]!] = i;
  return map;
}
