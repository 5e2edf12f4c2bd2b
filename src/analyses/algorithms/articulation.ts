/**
 * Articulation points and bridges of the undirected view (Hopcroft–Tarjan, iterative): a node
 * or a connection whose loss splits the map into more pieces. Same answers as networkx
 * `articulation_points(G.to_undirected())` and `bridges(G.to_undirected())`. For each we also
 * say how many nodes it cuts off (all but the largest remaining piece): a script that is the only
 * link to its own log file is an articulation point too, but it cuts off one node, not a subsystem.
 */
import type { UndirectedIndex } from './undirected.js';

export interface CutStructure {
  /** 1 where the node is an articulation point. */
  articulation: Uint8Array;
  /** Nodes cut off from the largest piece if this node goes (0 for non-articulation points). */
  separates: Int32Array;
  /** Undirected edge numbers that are bridges. */
  bridges: number[];
  /** Nodes each bridge (same position) cuts off: the smaller side. */
  bridgeSeparates: number[];
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: iterative DFS with explicit stacks; splitting it would hide the algorithm
export function findCutStructure(u: UndirectedIndex): CutStructure {
  const n = u.order;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const size = new Int32Array(n);
  const parentEdge = new Int32Array(n).fill(-1);
  const articulation = new Uint8Array(n);
  const cutSum = new Int32Array(n);
  const cutMax = new Int32Array(n);
  const separates = new Int32Array(n);
  const bridges: number[] = [];
  const bridgeChild: number[] = [];
  const bridgeSeparates: number[] = [];
  const stackV = new Int32Array(n);
  const stackI = new Int32Array(n);
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    const treeNodes: number[] = [];
    const firstBridge = bridges.length;
    let sp = 0;
    stackV[0] = root;
    stackI[0] = u.start[root]!;
    disc[root] = low[root] = time++;
    size[root] = 1;
    while (sp >= 0) {
      const v = stackV[sp]!;
      const i = stackI[sp]!;
      if (i < u.start[v + 1]!) {
        stackI[sp] = i + 1;
        const w = u.adj[i]!;
        const e = u.edgeOf[i]!;
        if (e === parentEdge[v]) continue;
        if (disc[w] === -1) {
          parentEdge[w] = e;
          disc[w] = low[w] = time++;
          size[w] = 1;
          sp++;
          stackV[sp] = w;
          stackI[sp] = u.start[w]!;
        } else if (disc[w]! < low[v]!) {
          low[v] = disc[w]!;
        }
        continue;
      }
      treeNodes.push(v);
      sp--;
      if (sp < 0) break;
      const p = stackV[sp]!;
      size[p]! += size[v]!;
      if (low[v]! < low[p]!) low[p] = low[v]!;
      if (low[v]! > disc[p]!) {
        bridges.push(parentEdge[v]!);
        bridgeChild.push(v);
      }
      // v's subtree hangs on p alone (for the root, every child subtree does)
      if (low[v]! >= disc[p]!) {
        cutSum[p]! += size[v]!;
        if (size[v]! > cutMax[p]!) cutMax[p] = size[v]!;
        if (p !== root) articulation[p] = 1;
      }
    }
    const total = size[root]!;
    if (cutSum[root]! > cutMax[root]!) articulation[root] = 1;
    for (const v of treeNodes) {
      if (!articulation[v]) continue;
      const rest = total - 1 - cutSum[v]!;
      separates[v] = total - 1 - Math.max(cutMax[v]!, rest);
    }
    for (let b = firstBridge; b < bridges.length; b++) {
      const below = size[bridgeChild[b]!]!;
      bridgeSeparates.push(Math.min(below, total - below));
    }
  }
  return { articulation, separates, bridges, bridgeSeparates };
}
