/**
 * loadAround on a snapshot's flow pack (flow-pack.ts): the same walks, on typed arrays, and then
 * only the text of the nodes and edges reached is read and parsed, a chunk at a time. The part it
 * returns is what loadAround's frontier walk over the rows returns (the same nodes and edges), in
 * the order the snapshot stored them, with every end already numbered.
 */
import type { KnownEnds } from '../graph/flow-index.js';
import type { NodeLinkData } from '../store/node-link.js';
import { fleetGraph, isHostLocal, withFirst } from './assemble.js';
import { CatalogError } from './errors.js';
import { nodesWithHash, type PackHead, readHead, readInt32, readTexts, readUint8 } from './flow-pack.js';
import type { AroundOptions, Walk } from './load-map.js';
import type { CatalogStore, SnapshotInfo } from './types.js';

interface Packed {
  head: PackHead;
  source: Int32Array;
  target: Int32Array;
  ekind: Uint8Array;
  nkind: Uint8Array;
  hash: Int32Array;
}

type Adjacency = [start: Int32Array, edge: Int32Array];

/** The part of one snapshot reachable from `roots`, or undefined when it has no flow pack. */
export async function walkPack(
  store: CatalogStore,
  snap: SnapshotInfo,
  roots: readonly string[],
  opts: AroundOptions,
): Promise<{ data: NodeLinkData; known: KnownEnds } | undefined> {
  const p = await readPacked(store, snap.id);
  if (!p) return undefined;
  const starts: number[] = [];
  for (const key of roots) {
    for (const v of nodesWithHash(p.hash, key)) {
      if ((await keyAt(store, snap.id, p.head, v)) === key) starts.push(v);
    }
  }
  const n = p.head.nodes;
  const reached = new Uint8Array(n);
  const walked = new Uint8Array(p.head.edges);
  const built: Partial<Record<'in' | 'out', Adjacency>> = {};
  const adjacency = (dir: 'in' | 'out'): Adjacency => {
    built[dir] ??= dir === 'out' ? adjacencyOf(n, p.source, p.target) : adjacencyOf(n, p.target, p.source);
    return built[dir];
  };
  const invokes = p.head.edgeKinds.indexOf('invokes');
  const walkFrom = (from: readonly number[], w: Walk, follow: (e: number) => boolean) =>
    walk(p, adjacency, from, w, follow, walked, reached);
  for (const w of opts.walks) walkFrom(starts, w, () => true);
  for (const v of starts) reached[v] = 1;
  if (opts.invokers) {
    const scripts = nodesOfKind(p, reached, 'script');
    walkFrom(scripts, { direction: 'upstream' }, (e) => p.ekind[e] === invokes);
  }
  // a job is known by its schedule and the scripts it starts (describe.ts): load those too
  const [start, edge] = adjacency('out');
  for (const v of nodesOfKind(p, reached, 'job')) {
    for (let i = start[v]!; i < start[v + 1]!; i++) {
      const e = edge[i]!;
      if (p.ekind[e] !== invokes) continue;
      walked[e] = 1;
      reached[p.target[e]!] = 1;
    }
  }
  return assemble(p, store, snap, reached, walked);
}

function nodesOfKind(p: Packed, reached: Uint8Array, kind: string): number[] {
  const code = p.head.nodeKinds.indexOf(kind);
  const out: number[] = [];
  if (code < 0) return out;
  for (let v = 0; v < reached.length; v++) if (reached[v] && p.nkind[v] === code) out.push(v);
  return out;
}

async function readPacked(store: CatalogStore, id: number): Promise<Packed | undefined> {
  const head = readHead((await store.flowPack(id, 'head')).get(0));
  if (!head) return undefined;
  const [source, target, ekind, nkind, hash] = await Promise.all(
    ['source', 'target', 'ekind', 'nkind', 'hash'].map(async (part) => [
      ...(await store.flowPack(id, part)).values(),
    ]),
  );
  return {
    head,
    source: readInt32(source!, head.edges),
    target: readInt32(target!, head.edges),
    ekind: readUint8(ekind!, head.edges),
    nkind: readUint8(nkind!, head.nodes),
    hash: readInt32(hash!, 2 * head.nodes),
  };
}

/** Edges grouped by one end (an edge with an end that is no node is left out). */
function adjacencyOf(n: number, from: Int32Array, to: Int32Array): Adjacency {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) if (from[e]! >= 0 && to[e]! >= 0) start[from[e]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const edge = new Int32Array(start[n]!);
  for (let e = 0; e < from.length; e++) if (from[e]! >= 0 && to[e]! >= 0) edge[fill[from[e]!]!++] = e;
  return [start, edge];
}

/** load-map.ts's walk, on numbers: marks the nodes it reaches and the edges it walks. */
function walk(
  p: Packed,
  adjacency: (dir: 'in' | 'out') => Adjacency,
  roots: readonly number[],
  w: Walk,
  follow: (e: number) => boolean,
  walked: Uint8Array,
  reached: Uint8Array,
): void {
  const seen = new Uint8Array(p.head.nodes);
  for (const v of roots) seen[v] = 1;
  let frontier = [...new Set(roots)];
  const visit = (dir: 'in' | 'out', next: number[]) => {
    const [start, edge] = adjacency(dir);
    const far = dir === 'out' ? p.target : p.source;
    for (const v of frontier) {
      for (let i = start[v]!; i < start[v + 1]!; i++) {
        const e = edge[i]!;
        if (!follow(e)) continue;
        walked[e] = 1;
        const u = far[e]!;
        if (!seen[u]) {
          seen[u] = 1;
          next.push(u);
        }
      }
    }
  };
  for (let step = 0; frontier.length > 0 && (w.depth === undefined || step < w.depth); step++) {
    const next: number[] = [];
    if (w.direction !== 'downstream') visit('in', next);
    if (w.direction !== 'upstream') visit('out', next);
    frontier = next;
  }
  if (w.direction === 'both' && frontier.length > 0) {
    // as load-map.ts: the edges among the outermost nodes (an ego network has them)
    const outer = new Uint8Array(p.head.nodes);
    for (const v of frontier) outer[v] = 1;
    const [start, edge] = adjacency('out');
    for (const v of frontier)
      for (let i = start[v]!; i < start[v + 1]!; i++) {
        const e = edge[i]!;
        if (outer[p.target[e]!] && follow(e)) walked[e] = 1;
      }
  }
  for (let v = 0; v < seen.length; v++) if (seen[v]) reached[v] = 1;
}

/** The reached nodes and walked edges as node-link data, in the snapshot's order. */
async function assemble(
  p: Packed,
  store: CatalogStore,
  snap: SnapshotInfo,
  reached: Uint8Array,
  walked: Uint8Array,
): Promise<{ data: NodeLinkData; known: KnownEnds }> {
  const nodeOrds: number[] = [];
  for (let v = 0; v < reached.length; v++) if (reached[v]) nodeOrds.push(v);
  const edgeOrds: number[] = [];
  for (let e = 0; e < walked.length; e++) if (walked[e]) edgeOrds.push(e);
  const nodes: NodeLinkData['nodes'] = [];
  const number = new Int32Array(reached.length).fill(-1);
  const ids = new Map<string, number>();
  // each chunk's text is parsed and let go: a decoded chunk kept alive is promoted and copied
  for await (const [c, batch] of chunkTexts(store, snap.id, 'nodes', p.head, nodeOrds)) {
    const rel = (v: number) => 2 * (v % p.head.textChunk);
    const parsed = JSON.parse(
      `[${batch.map((v) => withFirst(`"id":${c.text(rel(v))}`, c.text(rel(v) + 1))).join(',')}]`,
    ) as NodeLinkData['nodes'];
    batch.forEach((v, i) => {
      const node = parsed[i]!;
      if (node.host === undefined && isHostLocal(node.kind)) node.host = snap.host;
      number[v] = nodes.length;
      ids.set(node.id, nodes.length);
      nodes.push(node);
    });
  }
  const quoted = nodes.map((n) => JSON.stringify(n.id));
  const links: NodeLinkData['links'] = [];
  const source = new Int32Array(edgeOrds.length);
  const target = new Int32Array(edgeOrds.length);
  let ends = 0;
  for await (const [c, batch] of chunkTexts(store, snap.id, 'edges', p.head, edgeOrds)) {
    const text = batch.map((e) => {
      const [s, t] = [number[p.source[e]!]!, number[p.target[e]!]!];
      source[ends] = s;
      target[ends++] = t;
      return withFirst(`"source":${quoted[s]},"target":${quoted[t]}`, c.text(e % p.head.textChunk));
    });
    for (const link of JSON.parse(`[${text.join(',')}]`) as NodeLinkData['links']) links.push(link);
  }
  const data: NodeLinkData = { directed: true, multigraph: false, graph: fleetGraph([snap]), nodes, links };
  return { data, known: { ids, source, target } };
}

/** Numbers (ascending) split where their chunk changes. */
function byChunk(ords: readonly number[], size: number): number[][] {
  const out: number[][] = [];
  for (const v of ords) {
    const last = out.at(-1);
    if (last && Math.floor(last[0]! / size) === Math.floor(v / size)) last.push(v);
    else out.push([v]);
  }
  return out;
}

/**
 * The chunks of a text part holding these entries (ascending), each decoded with its entries, a
 * few dozen read at a time: the blobs of a hub's answer are hundreds of MB, and memory used again
 * costs no page faults.
 */
async function* chunkTexts(
  store: CatalogStore,
  id: number,
  part: 'nodes' | 'edges',
  head: PackHead,
  ords: readonly number[],
): AsyncGenerator<[ReturnType<typeof readTexts>, number[]]> {
  const batches = byChunk(ords, head.textChunk);
  const numbers = batches.map((b) => Math.floor(b[0]! / head.textChunk));
  for (let i = 0; i < batches.length; i += READ_CHUNKS) {
    const chunks = await store.flowPack(id, part, numbers.slice(i, i + READ_CHUNKS));
    for (let j = i; j < Math.min(batches.length, i + READ_CHUNKS); j++) {
      const c = chunks.get(numbers[j]!);
      if (!c)
        throw new CatalogError(`the flow pack of snapshot ${id} has lost its ${part} chunk ${numbers[j]}.`);
      yield [readTexts(c), batches[j]!];
    }
  }
}

const READ_CHUNKS = 64;

/** Node v's key, from its chunk of the pack. */
async function keyAt(
  store: CatalogStore,
  id: number,
  head: PackHead,
  v: number,
): Promise<string | undefined> {
  const c = (await store.flowPack(id, 'nodes', [Math.floor(v / head.textChunk)])).values().next().value;
  return c ? (JSON.parse(readTexts(c).text(2 * (v % head.textChunk))) as string) : undefined;
}
