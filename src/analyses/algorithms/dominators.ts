/**
 * Dominators (Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm", 2001): node d
 * dominates x when every path from the roots to x passes through d. With a virtual root joined to
 * every given root, the immediate dominators match networkx `immediate_dominators(G', root)` on the
 * graph plus that root. A final output's dominators are its single points of failure.
 */
import type { FlowIndex } from '../../graph/flow-index.js';

export interface Dominators {
  /** Immediate dominator of each node; `virtualRoot` for nodes only the root dominates; -1 if unreachable. */
  idom: Int32Array;
  /** Number standing for the virtual root (= index.order). */
  virtualRoot: number;
  /** Reachable nodes in reverse postorder from the virtual root (root first). */
  order: Int32Array;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: iterative DFS and the fixed-point loop of the paper, kept together
export function dominators(
  index: FlowIndex,
  roots: readonly number[],
  edgeFilter?: (e: number) => boolean,
): Dominators {
  const n = index.order;
  const R = n;
  const { outStart, outEdge, inStart, inEdge, target, source } = index;
  const isRoot = new Uint8Array(n);
  for (const r of roots) isRoot[r] = 1;
  // postorder numbers by an iterative DFS from the virtual root
  const post = new Int32Array(n + 1).fill(-1);
  const seen = new Uint8Array(n + 1);
  const postOrder: number[] = [];
  const stackV: number[] = [];
  const stackI: number[] = [];
  seen[R] = 1;
  for (const r of roots) {
    if (seen[r]) continue;
    seen[r] = 1;
    stackV.push(r);
    stackI.push(outStart[r]!);
    while (stackV.length > 0) {
      const top = stackV.length - 1;
      const v = stackV[top]!;
      const i = stackI[top]!;
      if (i < outStart[v + 1]!) {
        stackI[top] = i + 1;
        const e = outEdge[i]!;
        if (edgeFilter && !edgeFilter(e)) continue;
        const w = target[e]!;
        if (!seen[w]) {
          seen[w] = 1;
          stackV.push(w);
          stackI.push(outStart[w]!);
        }
        continue;
      }
      stackV.pop();
      stackI.pop();
      post[v] = postOrder.length;
      postOrder.push(v);
    }
  }
  post[R] = postOrder.length;
  postOrder.push(R);
  const rpo = Int32Array.from(postOrder).reverse();
  const idom = new Int32Array(n + 1).fill(-1);
  idom[R] = R;
  const intersect = (x: number, y: number): number => {
    let a = x;
    let b = y;
    while (a !== b) {
      while (post[a]! < post[b]!) a = idom[a]!;
      while (post[b]! < post[a]!) b = idom[b]!;
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = 1; k < rpo.length; k++) {
      const v = rpo[k]!;
      let best = isRoot[v] ? R : -1;
      for (let i = inStart[v]!; i < inStart[v + 1]!; i++) {
        const e = inEdge[i]!;
        if (edgeFilter && !edgeFilter(e)) continue;
        const p = source[e]!;
        if (idom[p] === -1 || post[p] === -1) continue;
        best = best === -1 ? p : intersect(p, best);
      }
      if (best !== -1 && idom[v] !== best) {
        idom[v] = best;
        changed = true;
      }
    }
  }
  return { idom: idom.subarray(0, n), virtualRoot: R, order: rpo };
}

/**
 * The roots to start from: nodes with no incoming (followed) edge, and one node of every cycle
 * that nothing outside it feeds, so every node is reachable.
 */
export function dominatorRoots(
  index: FlowIndex,
  component: Int32Array,
  edgeFilter?: (e: number) => boolean,
): number[] {
  const fed = new Uint8Array(index.order);
  const compFed = new Set<number>();
  for (let e = 0; e < index.size; e++) {
    if (edgeFilter && !edgeFilter(e)) continue;
    const s = index.source[e]!;
    const t = index.target[e]!;
    if (s === t) continue;
    fed[t] = 1;
    if (component[s] !== component[t]) compFed.add(component[t]!);
  }
  const roots: number[] = [];
  const taken = new Set<number>();
  for (let v = 0; v < index.order; v++) {
    if (!fed[v]) roots.push(v);
    else if (!compFed.has(component[v]!) && !taken.has(component[v]!)) {
      taken.add(component[v]!);
      roots.push(v);
    }
  }
  return roots;
}
