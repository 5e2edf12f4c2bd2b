/**
 * A layered layout for views too large for ELK to lay out while someone waits (a drilled-into
 * subsystem of 500-1,000 nodes took ELK 10-30 s on a 2-core machine): the same picture, sources
 * left and outputs right, in milliseconds. The classic Sugiyama steps, each in its cheapest form:
 * cycles broken by depth-first search, layers by longest path (sources pulled next to what reads
 * them), long edges through dummy points, crossings reduced by barycentre sweeps, and each node
 * moved towards its neighbours without changing the order of its layer.
 */
import type { LayoutEdge, LayoutNode, LayoutResult } from './protocol.js';

const LAYER_GAP = 80;
const NODE_GAP = 14;
const COLUMN_GAP = 24;
/** The width to height the picture aims at (a browser window's). */
const RATIO = 1.4;
const SWEEPS = 6;

interface Item {
  /** Index into the input nodes, or -1 for a dummy point of a long edge. */
  node: number;
  layer: number;
  height: number;
  width: number;
  x: number;
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

/**
 * Coordinates. A layer is one column in its order; a layer taller than the picture should be wraps
 * into several columns side by side (row by row, so the order still runs top to bottom), which
 * keeps a subsystem of 600 nodes about as wide as it is tall instead of one very tall strip.
 * Nodes of a one-column layer are then pulled towards their neighbours, order kept.
 */
function place(items: Item[], byLayer: number[][], adj: number[][]): number[] {
  const real = byLayer.map((l) => l.filter((j) => (items[j] as Item).node >= 0));
  let area = 0;
  for (const it of items) if (it.node >= 0) area += (it.width + COLUMN_GAP) * (it.height + NODE_GAP);
  const limit = Math.max(400, Math.sqrt(area / RATIO));
  const centres: number[] = [];
  const single: number[][] = [];
  let x = 0;
  for (const l of real) {
    const colW = l.reduce((m, j) => Math.max(m, (items[j] as Item).width), 0);
    const stacked = l.reduce((sum, j) => sum + (items[j] as Item).height + NODE_GAP, 0);
    const cols = Math.max(1, Math.ceil(stacked / limit));
    if (cols === 1) {
      let y = -stacked / 2;
      for (const j of l) {
        const it = items[j] as Item;
        it.x = x + colW / 2;
        it.y = y + it.height / 2;
        y += it.height + NODE_GAP;
      }
      single.push(l);
    } else {
      const rowH = l.reduce((m, j) => Math.max(m, (items[j] as Item).height), 0) + NODE_GAP;
      const rows = Math.ceil(l.length / cols);
      l.forEach((j, i) => {
        const it = items[j] as Item;
        it.x = x + (i % cols) * (colW + COLUMN_GAP) + colW / 2;
        it.y = (Math.floor(i / cols) - (rows - 1) / 2) * rowH;
      });
    }
    const band = cols * colW + (cols - 1) * COLUMN_GAP;
    centres.push(x + band / 2);
    x += band + LAYER_GAP;
  }
  for (let pass = 0; pass < 4; pass++) {
    const seq = pass % 2 === 0 ? single : [...single].reverse();
    for (const l of seq) pull(items, l, adj);
  }
  return centres;
}

/** Move a one-column layer's nodes towards the mean height of their neighbours, order kept. */
function pull(items: Item[], l: number[], adj: number[][]): void {
  const want = l.map((j) => {
    const nb = adj[j] ?? [];
    const it = items[j] as Item;
    return nb.length ? nb.reduce((sum, k) => sum + (items[k] as Item).y, 0) / nb.length : it.y;
  });
  let prev = Number.NEGATIVE_INFINITY;
  const ys = l.map((j, i) => {
    const it = items[j] as Item;
    const y = Math.max(want[i] as number, prev + it.height / 2 + NODE_GAP);
    prev = y + it.height / 2;
    return y;
  });
  // the block keeps its order; shift it by its mean error
  const shift = ys.reduce((sum, y, i) => sum + ((want[i] as number) - y), 0) / Math.max(1, ys.length);
  l.forEach((j, i) => {
    (items[j] as Item).y = (ys[i] as number) + shift;
  });
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
    x: 0,
    y: 0,
    up: [],
    down: [],
  }));
  // each edge as a chain of items from its upper to its lower layer
  const chains = pairs.map((p, k) => {
    const [a, b] = dag[k] as [number, number];
    const chain = [a];
    for (let l = (layer[a] as number) + 1; l < (layer[b] as number); l++) {
      items.push({ node: -1, layer: l, height: 0, width: 0, x: 0, y: 0, up: [], down: [] });
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
  const adj: number[][] = Array.from({ length: items.length }, () => []);
  for (const c of chains) {
    const a = c.chain[0] as number;
    const b = c.chain[c.chain.length - 1] as number;
    adj[a]?.push(b);
    adj[b]?.push(a);
  }
  const centres = place(items, byLayer, adj);
  const positions: LayoutResult['positions'] = {};
  for (const it of items) {
    if (it.node >= 0) positions[(nodes[it.node] as LayoutNode).id] = [it.x, it.y];
  }
  const routes: LayoutResult['routes'] = {};
  for (const c of chains) {
    const a = items[c.chain[0] as number] as Item;
    const b = items[c.chain[c.chain.length - 1] as number] as Item;
    // leave a node by its right side, cross each layer between at its centre, enter by the left side
    const pts = [a.x + a.width / 2, a.y];
    for (let l = a.layer + 1; l < b.layer; l++) {
      pts.push(centres[l] as number, a.y + ((b.y - a.y) * (l - a.layer)) / (b.layer - a.layer));
    }
    pts.push(b.x - b.width / 2, b.y);
    if (c.reversed) {
      const flipped: number[] = [];
      for (let i = pts.length - 2; i >= 0; i -= 2) flipped.push(pts[i] as number, pts[i + 1] as number);
      routes[c.id] = flipped;
    } else routes[c.id] = pts;
  }
  return { positions, routes };
}
