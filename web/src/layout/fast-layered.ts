/**
 * A layered layout for views too large for ELK to lay out while someone waits (a drilled-into
 * subsystem of 500-1,000 nodes took ELK 10-30 s on a 2-core machine): the same picture, sources
 * left and outputs right, in milliseconds. The classic Sugiyama steps, each in its cheapest form:
 * cycles broken by depth-first search, layers by longest path (sources pulled next to what reads
 * them), long edges through dummy points, crossings reduced by barycentre sweeps, and each node
 * moved towards its neighbours without changing the order of its layer.
 */
import type { LayoutEdge, LayoutNode, LayoutResult } from './protocol.js';

const LAYER_GAP = 60;
const NODE_GAP = 14;
const DUMMY_HEIGHT = 6;
const SWEEPS = 6;

interface Item {
  /** Index into the input nodes, or -1 for a dummy point of a long edge. */
  node: number;
  layer: number;
  height: number;
  width: number;
  y: number;
  up: number[];
  down: number[];
}

/** Edges that close a cycle, found by an iterative depth-first search (no recursion limit). */
function backEdges(n: number, out: number[][]): Set<string> {
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done
  const back = new Set<string>();
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1] as [number, number];
      const [v, i] = top;
      const next = out[v]?.[i];
      if (next === undefined) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      if (state[next] === 1) back.add(`${v},${next}`);
      else if (state[next] === 0) {
        state[next] = 1;
        stack.push([next, 0]);
      }
    }
  }
  return back;
}

/** Longest-path layers on the acyclic edges; a source sits one layer before its first reader. */
function layers(n: number, dag: Array<[number, number]>): Int32Array {
  const layer = new Int32Array(n);
  const indeg = new Int32Array(n);
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [s, t] of dag) {
    succ[s]?.push(t);
    indeg[t] = (indeg[t] as number) + 1;
  }
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  const sources = [...queue];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q] as number;
    for (const t of succ[v] ?? []) {
      layer[t] = Math.max(layer[t] as number, (layer[v] as number) + 1);
      indeg[t] = (indeg[t] as number) - 1;
      if (indeg[t] === 0) queue.push(t);
    }
  }
  for (const v of sources) {
    const next = succ[v] ?? [];
    if (next.length) layer[v] = Math.max(0, Math.min(...next.map((t) => layer[t] as number)) - 1);
  }
  return layer;
}

function barycentre(of: number[], pos: Int32Array): number {
  if (of.length === 0) return Number.NaN;
  let sum = 0;
  for (const j of of) sum += pos[j] as number;
  return sum / of.length;
}

/** Reorder every layer by the mean position of its neighbours, sweeping down and up. */
function order(items: Item[], byLayer: number[][]): void {
  const pos = new Int32Array(items.length);
  const number = () => {
    for (const l of byLayer) {
      l.forEach((j, i) => {
        pos[j] = i;
      });
    }
  };
  number();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const seq = down ? byLayer.slice(1) : byLayer.slice(0, -1).reverse();
    for (const l of seq) {
      const key = new Map<number, number>();
      for (const j of l) {
        const b = barycentre(down ? (items[j] as Item).up : (items[j] as Item).down, pos);
        key.set(j, Number.isNaN(b) ? (pos[j] as number) : b);
      }
      l.sort(
        (a, b) => (key.get(a) as number) - (key.get(b) as number) || (pos[a] as number) - (pos[b] as number),
      );
      l.forEach((j, i) => {
        pos[j] = i;
      });
    }
  }
}

/** Stack each layer in its order, then pull nodes towards their neighbours, order kept. */
function place(items: Item[], byLayer: number[][]): void {
  for (const l of byLayer) {
    let y = 0;
    for (const j of l) {
      const it = items[j] as Item;
      it.y = y + it.height / 2;
      y += it.height + NODE_GAP;
    }
    const mid = y / 2;
    for (const j of l) (items[j] as Item).y -= mid;
  }
  for (let pass = 0; pass < 4; pass++) {
    const seq = pass % 2 === 0 ? byLayer : [...byLayer].reverse();
    for (const l of seq) {
      const want = l.map((j) => {
        const it = items[j] as Item;
        const nb = [...it.up, ...it.down];
        return nb.length ? nb.reduce((s, k) => s + (items[k] as Item).y, 0) / nb.length : it.y;
      });
      // keep the order: each node at least a gap below the one before it, then centre the block's error
      let prev = Number.NEGATIVE_INFINITY;
      const ys = l.map((j, i) => {
        const it = items[j] as Item;
        const y = Math.max(want[i] as number, prev + it.height / 2 + NODE_GAP);
        prev = y + it.height / 2;
        return y;
      });
      const shift = ys.reduce((s, y, i) => s + ((want[i] as number) - y), 0) / Math.max(1, ys.length);
      l.forEach((j, i) => {
        (items[j] as Item).y = (ys[i] as number) + shift;
      });
    }
  }
}

export function fastLayered(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Pick<LayoutResult, 'positions' | 'routes'> {
  const n = nodes.length;
  const index = new Map(nodes.map((x, i) => [x.id, i]));
  const out: number[][] = Array.from({ length: n }, () => []);
  const pairs: Array<{ id: string; s: number; t: number }> = [];
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    out[s]?.push(t);
    pairs.push({ id: e.id, s, t });
  }
  const back = backEdges(n, out);
  const dag = pairs.map((p): [number, number] => (back.has(`${p.s},${p.t}`) ? [p.t, p.s] : [p.s, p.t]));
  const layer = layers(n, dag);
  const items: Item[] = nodes.map((x, i) => ({
    node: i,
    layer: layer[i] as number,
    height: x.height,
    width: x.width,
    y: 0,
    up: [],
    down: [],
  }));
  // each edge as a chain of items from its upper to its lower layer
  const chains = pairs.map((p, k) => {
    const [a, b] = dag[k] as [number, number];
    const chain = [a];
    for (let l = (layer[a] as number) + 1; l < (layer[b] as number); l++) {
      items.push({ node: -1, layer: l, height: DUMMY_HEIGHT, width: 0, y: 0, up: [], down: [] });
      chain.push(items.length - 1);
    }
    chain.push(b);
    for (let i = 1; i < chain.length; i++) {
      (items[chain[i - 1] as number] as Item).down.push(chain[i] as number);
      (items[chain[i] as number] as Item).up.push(chain[i - 1] as number);
    }
    return { id: p.id, chain, reversed: a !== p.s };
  });
  const depth = items.reduce((m, it) => Math.max(m, it.layer), 0) + 1;
  const byLayer: number[][] = Array.from({ length: depth }, () => []);
  items.forEach((it, j) => {
    byLayer[it.layer]?.push(j);
  });
  order(items, byLayer);
  place(items, byLayer);
  const widths = byLayer.map((l) => l.reduce((m, j) => Math.max(m, (items[j] as Item).width), 0));
  const xs: number[] = [];
  let x = 0;
  for (const w of widths) {
    xs.push(x + w / 2);
    x += w + LAYER_GAP;
  }
  const positions: LayoutResult['positions'] = {};
  items.forEach((it) => {
    if (it.node >= 0) positions[(nodes[it.node] as LayoutNode).id] = [xs[it.layer] as number, it.y];
  });
  const routes: LayoutResult['routes'] = {};
  for (const c of chains) {
    const pts: number[] = [];
    c.chain.forEach((j, i) => {
      const it = items[j] as Item;
      const cx = xs[it.layer] as number;
      // leave a node by its right side and enter the next by its left
      const edge = i === 0 ? it.width / 2 : i === c.chain.length - 1 ? -it.width / 2 : 0;
      pts.push(cx + edge, it.y);
    });
    if (c.reversed) {
      const flipped: number[] = [];
      for (let i = pts.length - 2; i >= 0; i -= 2) flipped.push(pts[i] as number, pts[i + 1] as number);
      routes[c.id] = flipped;
    } else routes[c.id] = pts;
  }
  return { positions, routes };
}
