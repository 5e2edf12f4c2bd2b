/**
 * Map statistics: nodes by kind, edges by kind and confidence, connected pieces, cycles, the
 * longest data-flow path (cycles condensed), the degree distribution, the hubs, and where data
 * gathers (PageRank).
 */

import type { FlowIndex } from '../graph/flow-index.js';
import type { Confidence, EdgeKind, NodeKind } from '../model/kinds.js';
import { groupBy } from '../util/group-by.js';
import { pagerank } from './algorithms/pagerank.js';
import { stronglyConnectedComponents } from './algorithms/scc.js';
import { connectedComponents, toUndirected } from './algorithms/undirected.js';
import { describeEdge, describeNode, type EdgeRef, type NodeRef } from './describe.js';

export interface Hub extends NodeRef {
  in: number;
  out: number;
}

export interface MapStats {
  nodes: number;
  edges: number;
  nodesByKind: Partial<Record<NodeKind, number>>;
  edgesByKind: Partial<Record<EdgeKind, number>>;
  edgesByConfidence: Partial<Record<Confidence, number>>;
  /** Connected pieces of the undirected view, with the sizes of the largest. */
  components: { count: number; largest: number[]; isolated: number };
  /** Groups of nodes that feed each other in a cycle. */
  cycles: { count: number; nodes: number };
  /** The longest chain of data-flow steps (cycles condensed): its nodes and edges. */
  longestPath: { length: number; nodes: NodeRef[]; edges: EdgeRef[] };
  /** Buckets of total degree: `{ "1": 12, "2": 30, "3-4": 9, ... }`. */
  degreeDistribution: Record<string, number>;
  degree: { mean: number; maxIn: number; maxOut: number };
  hubs: Hub[];
  /** Highest PageRank: where many chains of data end up. */
  pagerank: Array<NodeRef & { rank: number }>;
}

export function mapStats(index: FlowIndex, opts: { top?: number } = {}): MapStats {
  const top = opts.top ?? 10;
  const n = index.order;
  const nodesByKind: MapStats['nodesByKind'] = {};
  for (const a of index.nodes) nodesByKind[a.kind] = (nodesByKind[a.kind] ?? 0) + 1;
  const edgesByKind: MapStats['edgesByKind'] = {};
  const edgesByConfidence: MapStats['edgesByConfidence'] = {};
  for (const a of index.edges) {
    edgesByKind[a.kind] = (edgesByKind[a.kind] ?? 0) + 1;
    edgesByConfidence[a.confidence] = (edgesByConfidence[a.confidence] ?? 0) + 1;
  }
  const cc = connectedComponents(toUndirected(index));
  const sizes = new Int32Array(cc.count);
  for (const c of cc.component) sizes[c]!++;
  const sorted = [...sizes].sort((a, b) => b - a);
  const scc = stronglyConnectedComponents(index);
  let cycles = 0;
  let inCycles = 0;
  for (const s of scc.sizes) {
    if (s <= 1) continue;
    cycles++;
    inCycles += s;
  }
  for (let e = 0; e < index.size; e++) {
    if (index.source[e] !== index.target[e] || scc.sizes[scc.component[index.source[e]!]!] !== 1) continue;
    cycles++;
    inCycles++;
  }

  const degreeDistribution: Record<string, number> = {};
  let maxIn = 0;
  let maxOut = 0;
  const hubs: Hub[] = [];
  const deg = new Int32Array(n);
  const withDegree: number[] = []; // nodes by total degree, then bucketed: not a label per node
  for (let v = 0; v < n; v++) {
    const i = index.inStart[v + 1]! - index.inStart[v]!;
    const o = index.outStart[v + 1]! - index.outStart[v]!;
    deg[v] = i + o;
    maxIn = Math.max(maxIn, i);
    maxOut = Math.max(maxOut, o);
    while (withDegree.length <= i + o) withDegree.push(0);
    withDegree[i + o]!++;
  }
  withDegree.forEach((count, d) => {
    if (count === 0) return;
    const b = bucket(d);
    degreeDistribution[b] = (degreeDistribution[b] ?? 0) + count;
  });
  for (const v of topNodes(n, top, (a, b) => deg[b]! - deg[a]! || a - b)) {
    hubs.push({
      ...describeNode(index, v),
      in: index.inStart[v + 1]! - index.inStart[v]!,
      out: index.outStart[v + 1]! - index.outStart[v]!,
    });
  }
  const pr = pagerank(index).values;
  const byRank = topNodes(n, Math.min(top, 5), (a, b) => pr[b]! - pr[a]! || a - b);
  return {
    nodes: n,
    edges: index.size,
    nodesByKind,
    edgesByKind,
    edgesByConfidence,
    components: {
      count: cc.count,
      largest: sorted.slice(0, 5),
      isolated: sorted.filter((s) => s === 1).length,
    },
    cycles: { count: cycles, nodes: inCycles },
    longestPath: longestPath(index, scc.component, scc.count),
    degreeDistribution: sortBuckets(degreeDistribution),
    degree: { mean: n > 0 ? (2 * index.size) / n : 0, maxIn, maxOut },
    hubs,
    pagerank: byRank.map((v) => ({ ...describeNode(index, v), rank: pr[v]! })),
  };
}

/**
 * The first `k` of nodes 0..n-1 in the order `compare` gives (a total order): what sorting them
 * all and slicing gives, without sorting a million numbers for ten hubs.
 */
function topNodes(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  const top: number[] = [];
  for (let v = 0; v < n && k > 0; v++) {
    if (top.length === k && compare(v, top[k - 1]!) >= 0) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && compare(v, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = v;
  }
  return top;
}

function bucket(d: number): string {
  if (d <= 2) return String(d);
  let lo = 3;
  let hi = 4;
  while (d > hi) {
    lo = hi + 1;
    hi *= 2;
  }
  return `${lo}-${hi}`;
}

function sortBuckets(b: Record<string, number>): Record<string, number> {
  const low = (k: string) => Number(k.split('-')[0]);
  return Object.fromEntries(Object.entries(b).sort((x, y) => low(x[0]) - low(y[0])));
}

/** Longest path over the DAG of strongly connected components, in edges between components. */
function longestPath(index: FlowIndex, component: Int32Array, count: number): MapStats['longestPath'] {
  // components are numbered successors-first, so walking up from 0 sees every successor before its predecessors
  const best = new Int32Array(count);
  const via = new Int32Array(count).fill(-1);
  // the nodes of each component: one counting sort, not an array per component (over 100 MB
  // on a 1M-edge map where most components are single nodes)
  const [first, members] = groupBy(count, component);
  for (let c = 0; c < count; c++) {
    for (let j = first[c]!; j < first[c + 1]!; j++) {
      const v = members[j]!;
      for (let i = index.outStart[v]!; i < index.outStart[v + 1]!; i++) {
        const e = index.outEdge[i]!;
        const d = component[index.target[e]!]!;
        if (d === c) continue;
        if (best[d]! + 1 > best[c]!) {
          best[c] = best[d]! + 1;
          via[c] = e;
        }
      }
    }
  }
  let start = 0;
  for (let c = 1; c < count; c++) if (best[c]! > best[start]!) start = c;
  const steps: number[] = [];
  for (let c = start; count > 0 && via[c]! >= 0; c = component[index.target[via[c]!]!]!) steps.push(via[c]!);
  const nodes = steps.length > 0 ? [index.source[steps[0]!]!, ...steps.map((e) => index.target[e]!)] : [];
  return {
    length: count > 0 ? best[start]! : 0,
    nodes: nodes.map((v) => describeNode(index, v)),
    edges: steps.map((e) => describeEdge(index, e)),
  };
}
