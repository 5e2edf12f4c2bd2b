/**
 * The layout worker: ELK's layered algorithm (sources left, final outputs right) and ForceAtlas2 for the
 * force option, off the main thread so the page never freezes while a layout runs. Force results
 * stream in batches, so a large map moves into shape while it stays usable.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { DirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import noverlap from 'graphology-layout-noverlap';
import { fastLayered } from './fast-layered.js';
import type { LayoutRequest, LayoutResult } from './protocol.js';
import { seedPositions } from './seed.js';

interface ElkPoint {
  x: number;
  y: number;
}
interface ElkSection {
  startPoint: ElkPoint;
  endPoint: ElkPoint;
  bendPoints?: ElkPoint[];
}
interface ElkOut {
  children?: Array<{ id: string; x?: number; y?: number; width?: number; height?: number }>;
  edges?: Array<{ id: string; sections?: ElkSection[] }>;
}

const elk = new ELK();
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(m: LayoutResult): void;
};

/** Options scale down with size: ELK's thorough crossing minimisation is quadratic-ish. */
function layeredOptions(n: number): Record<string, string> {
  // thoroughness: how many random restarts crossing minimisation gets (ELK's default is 7)
  const large = n > 250;
  const thoroughness = n <= 60 ? 7 : large ? 1 : 4;
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.layered.spacing.nodeNodeBetweenLayers': '40',
    'elk.layered.spacing.edgeNodeBetweenLayers': '12',
    'elk.spacing.nodeNode': '14',
    'elk.spacing.edgeEdge': '6',
    'elk.spacing.componentComponent': '40',
    'elk.layered.nodePlacement.strategy': large ? 'LINEAR_SEGMENTS' : 'BRANDES_KOEPF',
    'elk.layered.thoroughness': String(thoroughness),
    'elk.layered.crossingMinimization.greedySwitch.type': large ? 'OFF' : 'TWO_SIDED',
    'elk.layered.cycleBreaking.strategy': 'GREEDY',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  };
}

/** Above this many nodes the layered layout is our own (fast-layered.ts), not ELK's. */
const ELK_LIMIT = 250;

async function layered(req: LayoutRequest, t0: number): Promise<LayoutResult> {
  if (req.nodes.length > ELK_LIMIT) {
    return { id: req.id, done: true, ...fastLayered(req.nodes, req.edges), ms: performance.now() - t0 };
  }
  const graph = {
    id: 'root',
    layoutOptions: layeredOptions(req.nodes.length),
    children: req.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: req.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = (await elk.layout(graph)) as ElkOut;
  const positions: LayoutResult['positions'] = {};
  for (const c of out.children ?? []) {
    positions[c.id] = [(c.x ?? 0) + (c.width ?? 0) / 2, (c.y ?? 0) + (c.height ?? 0) / 2];
  }
  const routes: LayoutResult['routes'] = {};
  for (const e of out.edges ?? []) {
    const s = e.sections?.[0];
    if (!s) continue;
    const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
    routes[e.id] = pts.flatMap((p) => [p.x, p.y]);
  }
  return { id: req.id, done: true, positions, routes, ms: performance.now() - t0 };
}

let current = 0;

/** ForceAtlas2's units are arbitrary: scale so the median edge is about 90 world units long. */
function edgeScale(g: DirectedGraph): number {
  const lengths: number[] = [];
  g.forEachEdge((_e, _a, _s, _t, sa, ta) => {
    lengths.push(Math.hypot((sa.x as number) - (ta.x as number), (sa.y as number) - (ta.y as number)));
  });
  lengths.sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  return median > 0 ? 90 / median : 1;
}

/** ForceAtlas2 in batches; a newer request cancels an older one between batches. */
async function force(req: LayoutRequest, t0: number): Promise<void> {
  const g = new DirectedGraph();
  const seeds = seedPositions(req.nodes, req.edges);
  for (const n of req.nodes) {
    const [x, y] = seeds.get(n.id) ?? [0, 0];
    g.addNode(n.id, { x, y, size: Math.max(n.width, n.height) / 2 });
  }
  for (const e of req.edges) if (e.source !== e.target) g.mergeEdge(e.source, e.target);
  const settings = { ...forceAtlas2.inferSettings(g), adjustSizes: false, barnesHutOptimize: g.order > 300 };
  const total = g.order > 5000 ? 30 : g.order > 1000 ? 100 : 300;
  const batch = g.order > 2000 ? 10 : 50;
  const post = (done: boolean) => {
    const scale = edgeScale(g);
    if (done && g.order <= 3000) {
      // scaled to world units, then nudged apart so no two glyphs overlap
      g.forEachNode((id, a) =>
        g.mergeNodeAttributes(id, { x: (a.x as number) * scale, y: (a.y as number) * scale }),
      );
      noverlap.assign(g, { maxIterations: 60, settings: { margin: 8, ratio: 1.2 } });
    }
    const k = done && g.order <= 3000 ? 1 : scale;
    const positions: LayoutResult['positions'] = {};
    g.forEachNode((id, a) => {
      positions[id] = [(a.x as number) * k, (a.y as number) * k];
    });
    scope.postMessage({ id: req.id, done, positions, routes: {}, ms: performance.now() - t0 });
  };
  post(false);
  for (let i = 0; i < total; i += batch) {
    forceAtlas2.assign(g, { iterations: batch, settings });
    // yield so a newer request can arrive and cancel this one
    await new Promise((r) => setTimeout(r, 0));
    if (current !== req.id) {
      scope.postMessage({ id: req.id, done: true, positions: {}, routes: {}, ms: 0, error: 'cancelled' });
      return;
    }
    if (i + batch < total) post(false);
  }
  post(true);
}

// Warm ELK up while the page is still loading its map: the first layout otherwise pays for the
// compiled GWT code's first runs (about half a second on a 2-core machine).
const warmUp = elk
  .layout({
    id: 'warm-up',
    layoutOptions: layeredOptions(3),
    children: ['a', 'b', 'c'].map((id) => ({ id, width: 40, height: 20 })),
    edges: [
      { id: 'ab', sources: ['a'], targets: ['b'] },
      { id: 'bc', sources: ['b'], targets: ['c'] },
    ],
  })
  .catch(() => undefined);

// elk.bundled.js installs its own self.onmessage when loaded in a worker; ours replaces it.
scope.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const req = e.data;
  current = req.id;
  const t0 = performance.now();
  const run = warmUp.then(() =>
    req.algorithm === 'force' ? force(req, t0) : layered(req, t0).then((r) => scope.postMessage(r)),
  );
  run.catch((err: unknown) => {
    scope.postMessage({ id: req.id, done: true, positions: {}, routes: {}, ms: 0, error: String(err) });
  });
};
