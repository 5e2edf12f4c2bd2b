/**
 * Strongly connected components (Tarjan, iterative) and the condensation order: cycles in the
 * data flow (a state file appended and read back, two jobs feeding each other) collapse into one
 * component, and the components form a DAG that reach counts and longest paths walk.
 */
import type { FlowIndex } from '../../graph/flow-index.js';

export interface Components {
  /** Component number of each node. */
  component: Int32Array;
  count: number;
  /** Number of nodes in each component. */
  sizes: Int32Array;
  /**
   * Components in reverse topological order: every edge between components goes from a later
   * one to an earlier one (Tarjan finishes sinks first).
   */
  order: Int32Array;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: Tarjan's algorithm with an explicit call stack
export function stronglyConnectedComponents(
  index: FlowIndex,
  edgeFilter?: (e: number) => boolean,
): Components {
  const n = index.order;
  const num = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callV = new Int32Array(n);
  const callI = new Int32Array(n);
  let sp = 0;
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (num[root]! !== -1) continue;
    let depth = 0;
    callV[0] = root;
    callI[0] = index.outStart[root]!;
    num[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callV[depth]!;
      const i = callI[depth]!;
      if (i < index.outStart[v + 1]!) {
        callI[depth] = i + 1;
        const e = index.outEdge[i]!;
        if (edgeFilter && !edgeFilter(e)) continue;
        const w = index.target[e]!;
        if (num[w]! === -1) {
          num[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callV[depth] = w;
          callI[depth] = index.outStart[w]!;
        } else if (onStack[w]! && num[w]! < low[v]!) {
          low[v] = num[w]!;
        }
        continue;
      }
      if (low[v]! === num[v]!) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          component[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callV[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  const sizes = new Int32Array(count);
  for (let v = 0; v < n; v++) sizes[component[v]!]!++;
  // Tarjan numbers components in reverse topological order already
  const order = new Int32Array(count);
  for (let c = 0; c < count; c++) order[c] = c;
  return { component, count, sizes, order };
}
