/**
 * Critical pieces: nodes ranked by measured criticality, each score explained in one line.
 *   impact       final outputs and jobs its failure reaches: downstream, and for a database, file,
 *                endpoint or host also every script that touches it (failure.ts; algorithms/reach-counts.ts,
 *                exact, or sampled on huge maps)
 *   dominance    final outputs it is a single point of failure for (dominators over data edges)
 *   betweenness  share of shortest data paths through it (exact on small maps, sampled with a
 *                fixed seed on large ones; the result says which)
 *   articulation the undirected map falls apart without it (and bridges: connections that do)
 * score = 0.4 impact + 0.25 dominance + 0.25 betweenness + 0.1 articulation (weighted by how many
 * nodes it cuts off), each scaled to the largest in the map: 1.0 would top every measure.
 */

import type { FlowIndex } from '../graph/flow-index.js';
import { findCutStructure } from './algorithms/articulation.js';
import { betweenness } from './algorithms/betweenness.js';
import { dominatorRoots, dominators } from './algorithms/dominators.js';
import { countReachableLabels } from './algorithms/reach-counts.js';
import { stronglyConnectedComponents } from './algorithms/scc.js';
import { walkLocal } from './algorithms/traverse.js';
import { toUndirected } from './algorithms/undirected.js';
import { describeNode, isLogFile, type NodeRef } from './describe.js';
import { forEachFailureStep, isResource, withFailureLayer } from './failure.js';

export interface CriticalOptions {
  /** How many to return (default 10). */
  top?: number;
  /** Exact betweenness while n * m stays under this (default 5e7); sampled above. */
  exactBudget?: number;
  seed?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface CriticalNode extends NodeRef {
  score: number;
  outputs: number;
  jobs: number;
  /** Final outputs this node is a single point of failure for. */
  dominates: string[];
  betweenness: number;
  articulation: boolean;
  /** Nodes cut off from the rest of the map if it goes (articulation points only). */
  separates: number;
  /** Bridges (undirected connections whose loss splits the map) at this node. */
  bridges: number;
  /** One line saying why it ranks here. */
  why: string;
}

export interface CriticalResult {
  nodes: CriticalNode[];
  betweenness: { method: 'exact' | 'sampled'; sources: number };
  impactExact: boolean;
  outputs: number;
  jobs: number;
  articulationPoints: number;
  bridges: Array<{ a: string; b: string }>;
}

const WEIGHTS = { impact: 0.4, dominance: 0.25, betweenness: 0.25, articulation: 0.1 };

/** Final outputs: data nothing reads (not log files, not scripts or jobs). */
export function finalOutputs(index: FlowIndex): number[] {
  const out: number[] = [];
  for (let v = 0; v < index.order; v++) {
    const k = index.nodes[v]!.kind;
    if (index.outStart[v + 1]! > index.outStart[v]! || k === 'job' || k === 'script' || k === 'host')
      continue;
    if (index.inStart[v + 1]! === index.inStart[v]!) continue; // isolated: nothing makes it
    if (!isLogFile(index, v)) out.push(v);
  }
  return out;
}

/** Data edges for dominance: everything but a job starting a script (a schedule is not data). */
export function dataEdge(index: FlowIndex): (e: number) => boolean {
  return (e) => !(index.edges[e]!.kind === 'invokes' && index.nodes[index.source[e]!]!.kind === 'job');
}

export function critical(index: FlowIndex, opts: CriticalOptions = {}): CriticalResult {
  const n = index.order;
  const progress = opts.onProgress ?? (() => {});
  const outputs = finalOutputs(index);

  progress('impact', 0, 4);
  const seeds: Array<[number, number]> = outputs.map((v, i) => [v, i]);
  const jobs: number[] = [];
  const invokes = (e: number) => index.edges[e]!.kind === 'invokes';
  for (let v = 0; v < n; v++) {
    if (index.nodes[v]!.kind !== 'job') continue;
    const label = outputs.length + jobs.length;
    jobs.push(v);
    for (const s of walkLocal(index, [v], 'out', invokes)) seeds.push([s, label]);
  }
  const isOutput = new Uint8Array(n);
  for (const v of outputs) isOutput[v] = 1;
  // what each node's failure reaches: counted on the map with its failure layer
  const layer = withFailureLayer(index);
  const layerScc = stronglyConnectedComponents(layer.index);
  const outputReach = countReachableLabels(
    layer.index,
    layerScc,
    seeds.filter(([, l]) => l < outputs.length),
    outputs.length,
  );
  const jobReach = countReachableLabels(
    layer.index,
    layerScc,
    seeds.filter(([, l]) => l >= outputs.length).map(([v, l]) => [v, l - outputs.length] as const),
    jobs.length,
  );

  progress('dominators', 1, 4);
  const data = dataEdge(index);
  const dataScc = stronglyConnectedComponents(index, data);
  const dom = dominators(index, dominatorRoots(index, dataScc.component, data), data);
  const dominated: number[][] = Array.from({ length: n }, () => []);
  for (const o of outputs) {
    for (let d = dom.idom[o]!; d >= 0 && d !== dom.virtualRoot; d = dom.idom[d]!) dominated[d]!.push(o);
  }
  // a resource whose failure hits a single point of failure is one too (MySQL down fails 5.py)
  const failDominated = failureDominance(index, dominated);

  progress('betweenness', 2, 4);
  const budget = opts.exactBudget ?? 5e7;
  const exact = n * Math.max(1, index.size) <= budget;
  const k = exact
    ? undefined
    : Math.min(n - 1, Math.max(Math.min(64, n - 1), Math.floor(budget / Math.max(1, index.size))));
  const btw = betweenness(index, {
    ...(k !== undefined ? { k } : {}),
    seed: opts.seed ?? 42,
    onProgress: (d, t) => progress('betweenness', 2 + d / t, 4),
  });

  progress('articulation', 3, 4);
  const und = toUndirected(index);
  const cut = findCutStructure(und);
  const bridgeCount = new Int32Array(n);
  for (const e of cut.bridges) {
    bridgeCount[und.a[e]!]!++;
    bridgeCount[und.b[e]!]!++;
  }

  const outputsOf = (v: number) => outputReach.counts[layer.failNode[v]!]! - (isOutput[v] ? 1 : 0);
  const jobsOf = (v: number) =>
    jobReach.counts[layer.failNode[v]!]! - (index.nodes[v]!.kind === 'job' ? 1 : 0);
  const impactOf = (v: number) => outputsOf(v) + jobsOf(v);
  const max = { impact: 0, dominance: 0, betweenness: 0, separates: 0 };
  for (let v = 0; v < n; v++) {
    max.separates = Math.max(max.separates, cut.separates[v]!);
    max.impact = Math.max(max.impact, impactOf(v));
    max.dominance = Math.max(max.dominance, failDominated[v]!.length);
    max.betweenness = Math.max(max.betweenness, btw.values[v]!);
  }
  const ratio = (x: number, m: number) => (m > 0 ? x / m : 0);
  const scored: Array<[number, number]> = [];
  for (let v = 0; v < n; v++) {
    const s =
      WEIGHTS.impact * ratio(impactOf(v), max.impact) +
      WEIGHTS.dominance * ratio(failDominated[v]!.length, max.dominance) +
      WEIGHTS.betweenness * ratio(btw.values[v]!, max.betweenness) +
      WEIGHTS.articulation * ratio(cut.separates[v]!, max.separates);
    if (s > 0) scored.push([v, s]);
  }
  scored.sort((a, b) => b[1] - a[1] || (index.keys[a[0]]! < index.keys[b[0]]! ? -1 : 1));
  const nodes = scored.slice(0, opts.top ?? 10).map(([v, score]) => {
    const c: CriticalNode = {
      ...describeNode(index, v),
      score: Math.round(score * 1000) / 1000,
      outputs: Math.round(outputsOf(v)),
      jobs: Math.round(jobsOf(v)),
      dominates: failDominated[v]!.map((o) => index.keys[o]!).sort(),
      betweenness: btw.values[v]!,
      articulation: cut.articulation[v] === 1,
      separates: cut.separates[v]!,
      bridges: bridgeCount[v]!,
      why: '',
    };
    c.why = explain(index, c, btw.method, outputReach.exact && jobReach.exact);
    return c;
  });
  progress('done', 4, 4);
  let articulationPoints = 0;
  for (let v = 0; v < n; v++) articulationPoints += cut.articulation[v]!;
  return {
    nodes,
    betweenness: { method: btw.method, sources: btw.sources },
    impactExact: outputReach.exact && jobReach.exact,
    outputs: outputs.length,
    jobs: jobs.length,
    articulationPoints,
    bridges: cut.bridges.map((e) => ({ a: index.keys[und.a[e]!]!, b: index.keys[und.b[e]!]! })),
  };
}

/**
 * Outputs each node's failure leaves without fresh input: its own dominated outputs, and for a
 * resource those of every node that fails with it or is hit by it (failure.ts).
 */
function failureDominance(
  index: FlowIndex,
  dominated: readonly number[][],
): ReadonlyArray<readonly number[]> {
  const out: Array<readonly number[]> = dominated.slice();
  for (let v = 0; v < index.order; v++) {
    if (!isResource(index, v)) continue;
    const seen = new Set<number>([v]);
    const queue = [v];
    const outputs = new Set<number>(dominated[v]);
    for (let head = 0; head < queue.length; head++) {
      forEachFailureStep(index, queue[head]!, (w, fails) => {
        if (seen.has(w)) return;
        seen.add(w);
        for (const o of dominated[w]!) outputs.add(o);
        if (fails) queue.push(w);
      });
    }
    if (outputs.size > dominated[v]!.length) out[v] = [...outputs];
  }
  return out;
}

function explain(index: FlowIndex, c: CriticalNode, method: string, impactExact: boolean): string {
  const parts: string[] = [];
  const approx = impactExact ? '' : '~';
  if (c.outputs > 0 || c.jobs > 0)
    parts.push(
      `failure reaches ${approx}${c.outputs} final output${c.outputs === 1 ? '' : 's'} and ${approx}${c.jobs} job${c.jobs === 1 ? '' : 's'}`,
    );
  if (c.dominates.length > 0) {
    const names = c.dominates.slice(0, 2).map((k) => describeNode(index, index.indexOf(k)).label);
    const more = c.dominates.length > 2 ? ` +${c.dominates.length - 2}` : '';
    parts.push(`single point of failure for ${names.join(', ')}${more}`);
  }
  if (c.betweenness > 0) parts.push(`betweenness ${c.betweenness.toFixed(3)} (${method})`);
  if (c.articulation)
    parts.push(`articulation point: cuts off ${c.separates} node${c.separates === 1 ? '' : 's'}`);
  if (c.bridges > 0) parts.push(`${c.bridges} bridge${c.bridges === 1 ? '' : 's'}`);
  return parts.join('; ');
}
