/**
 * loadAround on the snapshots' flow packs (flow-pack.ts): the same walks, on typed arrays, and
 * then only the text of the nodes and edges reached is read and parsed, a chunk at a time. The
 * part it returns is what loadAround's frontier walk over the rows returns (the same nodes and
 * edges, several snapshots joined the same way), in the order the snapshots stored them, with
 * every end already numbered.
 */
import { assembleFlowIndex, type EdgeKindOnly, type KnownEnds } from '../graph/flow-index.js';
import type { FlowPart } from '../graph/flow-part.js';
import { isResourceKind } from '../model/kinds.js';
import type { EdgeAttributes } from '../model/node.js';
import type { NodeLinkData } from '../store/node-link.js';
import { fleetGraph, isHostLocal, withFirst } from './assemble.js';
import { CatalogError } from './errors.js';
import {
  nodesWithHash,
  type PackHead,
  readHead,
  readInt32,
  readTexts,
  readUint8,
  type TextChunk,
} from './flow-pack.js';
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

/**
 * The part of these snapshots reachable from `roots`, or undefined when one has no flow pack.
 * Several snapshots (the fleet graph) are joined as the rows are (assemble.ts): a node several
 * hosts know is one node, taken from its own host's snapshot when there is one, else from the
 * first snapshot (by id) that has it; an edge several snapshots share is kept once.
 */
export async function walkPack(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
): Promise<{ data: NodeLinkData; known: KnownEnds } | undefined>;
/** The same part, its edges with their kind alone: no edge's text is read until asked for. */
export async function walkPack(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
  kindsOnly: true,
): Promise<FlowPart | undefined>;
export async function walkPack(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
  kindsOnly?: boolean,
): Promise<{ data: NodeLinkData; known: KnownEnds } | FlowPart | undefined> {
  const ordered = [...snaps].sort((a, b) => a.id - b.id);
  const packs: Packed[] = [];
  for (const snap of ordered) {
    const p = await readPacked(store, snap.id);
    if (!p) return undefined;
    packs.push(p);
  }
  const f = ordered.length === 1 ? one(store, ordered[0]!, packs[0]!) : await join(store, ordered, packs);
  const p = f.graph;
  const starts = await f.starts(roots);
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
  const from = opts.failure ? failing(p, adjacency, starts, walked, reached) : starts;
  for (const w of opts.walks) walkFrom(from, w, () => true);
  for (const v of from) reached[v] = 1;
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
  return kindsOnly
    ? assembleShape(f, store, ordered, reached, walked)
    : assemble(f, store, ordered, reached, walked);
}

/** load-map.ts's `failing`, on numbers: the roots, what they contain, the scripts writing into them. */
function failing(
  p: Packed,
  adjacency: (dir: 'in' | 'out') => Adjacency,
  roots: readonly number[],
  walked: Uint8Array,
  reached: Uint8Array,
): number[] {
  const contains = p.head.edgeKinds.indexOf('contains');
  const invokes = p.head.edgeKinds.indexOf('invokes');
  const script = p.head.nodeKinds.indexOf('script');
  const failed = new Uint8Array(p.head.nodes);
  walk(p, adjacency, roots, { direction: 'downstream' }, (e) => p.ekind[e] === contains, walked, failed);
  const starts: number[] = [];
  const [start, edge] = adjacency('in');
  for (let v = 0; v < failed.length; v++) {
    if (!failed[v]) continue;
    reached[v] = 1;
    starts.push(v);
    if (!isResourceKind(p.head.nodeKinds[p.nkind[v]!])) continue;
    for (let i = start[v]!; i < start[v + 1]!; i++) {
      const e = edge[i]!;
      const s = p.source[e]!;
      if (p.ekind[e] === invokes || p.nkind[s] !== script || failed[s]) continue;
      walked[e] = 1;
      if (!reached[s]) starts.push(s);
      reached[s] = 1;
    }
  }
  return starts;
}

/**
 * Snapshots' packs as one graph: global node and edge numbers, and where each lives. A node's
 * occurrences are the snapshots (by index in id order) and local numbers that have its key.
 */
interface Fleet {
  graph: Packed;
  /** Each snapshot's pack, and the global number of its first edge. */
  packs: Packed[];
  edgeBase: number[];
  /** The rows the reached nodes are taken from: local numbers per snapshot, ascending. */
  choose(reached: Uint8Array): number[][];
  /** The global number of snapshot s's node v. */
  globalOf(s: number, v: number): number;
  /** The snapshot and local number of a global edge (one several snapshots share is walked once). */
  edgeAt(ge: number): [snap: number, local: number];
  starts(roots: readonly string[]): Promise<number[]>;
}

function one(store: CatalogStore, snap: SnapshotInfo, p: Packed): Fleet {
  return {
    graph: p,
    packs: [p],
    edgeBase: [0],
    choose(reached) {
      let n = 0;
      for (let v = 0; v < reached.length; v++) n += reached[v]!;
      const ords = new Array<number>(n);
      for (let v = 0, i = 0; v < reached.length; v++) if (reached[v]) ords[i++] = v;
      return [ords];
    },
    globalOf: (_s, v) => v,
    edgeAt: (e) => [0, e],
    async starts(roots) {
      const out: number[] = [];
      for (const key of roots)
        for (const v of nodesWithHash(p.hash, key))
          if ((await keyAt(store, snap.id, p.head, v)) === key) out.push(v);
      return out;
    },
  };
}

/** Several snapshots joined by key: every snapshot's keys are read (only for a walk past the row budget). */
async function join(store: CatalogStore, snaps: SnapshotInfo[], packs: Packed[]): Promise<Fleet> {
  const global = new Map<string, number>();
  const first: Array<[number, number]> = [];
  const more = new Map<number, Array<[number, number]>>();
  const local: Int32Array[] = [];
  // which rows are placeholders, read with the keys (a node several hosts know is taken from its owner's)
  const placeholder: Uint8Array[] = [];
  for (let s = 0; s < snaps.length; s++) {
    const p = packs[s]!;
    const map = new Int32Array(p.head.nodes);
    const marks = new Uint8Array(p.head.nodes);
    const all = Array.from({ length: p.head.nodes }, (_, v) => v);
    for await (const [c, batch] of chunkTexts(store, snaps[s]!.id, 'nodes', p.head, all)) {
      for (const v of batch) {
        const quoted = c.text(2 * (v % p.head.textChunk));
        const attrs = c.text(2 * (v % p.head.textChunk) + 1);
        // the text test is cheap; the parse confirms the mark is the node's own, not a nested one
        if (attrs.includes('"placeholder":true'))
          marks[v] = (JSON.parse(attrs) as { placeholder?: unknown }).placeholder === true ? 1 : 0;
        let g = global.get(quoted);
        if (g === undefined) {
          g = first.length;
          global.set(quoted, g);
          first.push([s, v]);
        } else more.set(g, [...(more.get(g) ?? [first[g]!]), [s, v]]);
        map[v] = g;
      }
    }
    local.push(map);
    placeholder.push(marks);
  }
  const nodeKinds: string[] = [];
  const edgeKinds: string[] = [];
  const code = (names: string[], name: string) => {
    const i = names.indexOf(name);
    return i >= 0 ? i : names.push(name) - 1;
  };
  const n = first.length;
  const nkind = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const [s, v] = first[g]!;
    nkind[g] = code(nodeKinds, packs[s]!.head.nodeKinds[packs[s]!.nkind[v]!] ?? '');
  }
  const bases: number[] = [];
  let m = 0;
  for (const p of packs) {
    bases.push(m);
    m += p.head.edges;
  }
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const ekind = new Uint8Array(m);
  const kept = new Set<string>();
  packs.forEach((p, s) => {
    for (let e = 0; e < p.head.edges; e++) {
      const ge = bases[s]! + e;
      const [a, b] = [p.source[e]!, p.target[e]!];
      const kind = code(edgeKinds, p.head.edgeKinds[p.ekind[e]!] ?? '');
      ekind[ge] = kind;
      const id = a < 0 || b < 0 ? '' : `${local[s]![a]} ${local[s]![b]} ${kind}`;
      // an edge another snapshot has already, or with an end that is no node, is not walked
      if (id === '' || kept.has(id)) {
        source[ge] = -1;
        target[ge] = -1;
        continue;
      }
      kept.add(id);
      source[ge] = local[s]![a]!;
      target[ge] = local[s]![b]!;
    }
  });
  const head: PackHead = { ...packs[0]!.head, nodes: n, edges: m, nodeKinds, edgeKinds };
  // as assemble.ts: its own host's row (not a placeholder), else the first
  const ownRow = (all: Array<[number, number]>): [number, number] =>
    all.find(([s, v]) => !placeholder[s]![v]) ?? all[0]!;
  return {
    graph: { head, source, target, ekind, nkind, hash: new Int32Array(0) },
    packs,
    edgeBase: bases,
    choose(reached) {
      const ords: number[][] = snaps.map(() => []);
      for (let g = 0; g < reached.length; g++) {
        if (!reached[g]) continue;
        const [s, v] = more.has(g) ? ownRow(more.get(g)!) : first[g]!;
        ords[s]!.push(v);
      }
      for (const o of ords) o.sort((a, b) => a - b);
      return ords;
    },
    globalOf: (s, v) => local[s]![v]!,
    edgeAt(ge) {
      let s = bases.length - 1;
      while (bases[s]! > ge) s--;
      return [s, ge - bases[s]!];
    },
    async starts(roots) {
      return roots.map((k) => global.get(JSON.stringify(k))).filter((g): g is number => g !== undefined);
    },
  };
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
  // the frontiers, one after another in one array: [from, to) is the current one
  const queue = new Int32Array(p.head.nodes);
  let to = 0;
  for (const v of roots) {
    if (seen[v]) continue;
    seen[v] = 1;
    queue[to++] = v;
  }
  let from = 0;
  const visit = (dir: 'in' | 'out', end: number) => {
    const [start, edge] = adjacency(dir);
    const far = dir === 'out' ? p.target : p.source;
    for (let q = from; q < end; q++) {
      const v = queue[q]!;
      for (let i = start[v]!; i < start[v + 1]!; i++) {
        const e = edge[i]!;
        if (!follow(e)) continue;
        walked[e] = 1;
        const u = far[e]!;
        if (!seen[u]) {
          seen[u] = 1;
          queue[to++] = u;
        }
      }
    }
  };
  for (let step = 0; from < to && (w.depth === undefined || step < w.depth); step++) {
    const end = to;
    if (w.direction !== 'downstream') visit('in', end);
    if (w.direction !== 'upstream') visit('out', end);
    from = end;
  }
  const frontier = queue.subarray(from, to);
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

/** The reached nodes and walked edges as node-link data, in the snapshots' order. */
async function assemble(
  f: Fleet,
  store: CatalogStore,
  snaps: SnapshotInfo[],
  reached: Uint8Array,
  walked: Uint8Array,
): Promise<{ data: NodeLinkData; known: KnownEnds }> {
  const { nodes, number, ids } = await partNodes(f, store, snaps, reached);
  const edgeOrds = partEdges(f, snaps, walked);
  const quoted = nodes.map((n) => JSON.stringify(n.id));
  const links: NodeLinkData['links'] = [];
  const count = edgeOrds.reduce((a, o) => a + o.length, 0);
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  let ends = 0;
  for (let s = 0; s < snaps.length; s++) {
    const h = f.packs[s]!.head;
    const base = f.edgeBase[s]!;
    for await (const [c, batch] of chunkTexts(store, snaps[s]!.id, 'edges', h, edgeOrds[s]!)) {
      const text = batch.map((e) => {
        const [a, b] = [number[f.graph.source[base + e]!]!, number[f.graph.target[base + e]!]!];
        source[ends] = a;
        target[ends++] = b;
        return withFirst(`"source":${quoted[a]},"target":${quoted[b]}`, c.text(e % h.textChunk));
      });
      for (const link of JSON.parse(`[${text.join(',')}]`) as NodeLinkData['links']) links.push(link);
    }
  }
  const data: NodeLinkData = { directed: true, multigraph: false, graph: fleetGraph(snaps), nodes, links };
  return { data, known: { ids, source, target } };
}

/** The reached nodes and walked edges as an index whose edges carry their kind alone. */
async function assembleShape(
  f: Fleet,
  store: CatalogStore,
  snaps: SnapshotInfo[],
  reached: Uint8Array,
  walked: Uint8Array,
): Promise<FlowPart> {
  const { nodes, number } = await partNodesOnly(f, store, snaps, reached);
  const edgeOrds = partEdges(f, snaps, walked);
  const kinds = f.graph.head.edgeKinds.map((kind) => ({ kind }) as EdgeKindOnly);
  const count = edgeOrds.reduce((a, o) => a + o.length, 0);
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  // where each edge's text is: its snapshot (by index) and number there
  const snapOf = new Int32Array(count);
  const localOf = new Int32Array(count);
  const edges = new Array<EdgeKindOnly>(count);
  let i = 0;
  for (let s = 0; s < snaps.length; s++) {
    const base = f.edgeBase[s]!;
    for (const e of edgeOrds[s]!) {
      source[i] = number[f.graph.source[base + e]!]!;
      target[i] = number[f.graph.target[base + e]!]!;
      edges[i] = kinds[f.graph.ekind[base + e]!]!;
      snapOf[i] = s;
      localOf[i++] = e;
    }
  }
  const keys = nodes.map((n) => n.id);
  const index = assembleFlowIndex(keys, nodes, keyFinder(keys), edges, source, target, fleetGraph(snaps));
  return {
    index,
    edgeAttrs: (which, size) =>
      edgeTexts(store, snaps, f.packs, which, size, (e) => [snapOf[e]!, localOf[e]!]),
  };
}

/**
 * The attributes of edges `which` (in that order), `size` at a time: the chunks a window of them
 * needs are read at once and let go after it. Edges in the pack's order (an answer in id order)
 * need a chunk or two per window; any order is answered, at the cost of more chunks.
 */
async function* edgeTexts(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  packs: Packed[],
  which: ArrayLike<number>,
  size: number,
  at: (e: number) => [snap: number, local: number],
): AsyncGenerator<EdgeAttributes[]> {
  const per = packs[0]?.head.textChunk ?? 1;
  const window = READ_CHUNKS * per;
  // the chunks of window w, by `snapshot chunk`
  const read = async (w: number) => {
    const need = new Map<number, Set<number>>();
    for (let i = w; i < Math.min(which.length, w + window); i++) {
      const [s, e] = at(which[i]!);
      let chunks = need.get(s);
      if (!chunks) {
        chunks = new Set();
        need.set(s, chunks);
      }
      chunks.add(Math.floor(e / packs[s]!.head.textChunk));
    }
    const texts: Array<[snap: number, chunk: number, TextChunk]> = [];
    for (const [s, chunks] of need) {
      const numbers = [...chunks];
      for (let c = 0; c < numbers.length; c += READ_CHUNKS) {
        const got = await store.flowTexts(snaps[s]!.id, 'edges', numbers.slice(c, c + READ_CHUNKS));
        for (const [n, data] of got) texts.push([s, n, data]);
      }
    }
    return texts;
  };
  let w = 0;
  for await (const got of readAhead(store, Math.ceil(which.length / window), (i) => read(i * window))) {
    const end = Math.min(which.length, w + window);
    const texts = new Map<string, ReturnType<typeof readTexts>>();
    for (const [s, n, data] of got)
      texts.set(
        `${s} ${n}`,
        damagedIf(snaps[s]!.id, n, () => readTexts(data)),
      );
    for (let b = w; b < end; b += size) {
      const batch: string[] = [];
      for (let i = b; i < Math.min(end, b + size); i++) {
        const [s, e] = at(which[i]!);
        const per = packs[s]!.head.textChunk;
        const chunk = texts.get(`${s} ${Math.floor(e / per)}`);
        if (!chunk)
          throw new CatalogError(
            `the flow pack of snapshot ${snaps[s]!.id} has lost its edges chunk ${Math.floor(e / per)}.`,
          );
        batch.push(chunk.text(e % per));
      }
      const [s] = at(which[b]!);
      yield damagedIf(snaps[s]!.id, -1, () => JSON.parse(`[${batch.join(',')}]`) as EdgeAttributes[]);
    }
    w = end;
  }
}

/**
 * `read(0)`, `read(1)`, ... `read(count - 1)` in turn. From a server (PostgreSQL), each is asked for
 * before the one before it is used, so the server reads the next chunks while these are parsed. In
 * process (SQLite) that would only hold two batches at once: 13,000 more page faults on a hub. A
 * read that fails throws when its turn comes, and never unhandled if that turn does not come.
 */
async function* readAhead<T>(
  store: CatalogStore,
  count: number,
  read: (i: number) => Promise<T>,
): AsyncGenerator<T> {
  if (store.dialect !== 'postgres') {
    for (let i = 0; i < count; i++) yield await read(i);
    return;
  }
  const ask = (i: number) => {
    const p = read(i);
    p.catch(() => {});
    return p;
  };
  let next = count > 0 ? ask(0) : undefined;
  for (let i = 0; i < count; i++) {
    const got = await next!;
    next = i + 1 < count ? ask(i + 1) : undefined;
    yield got;
  }
}

/**
 * `read`, or a CatalogError naming the snapshot whose pack cannot be read: its edges are read as
 * they are printed, after the walk, so a damaged chunk is found there, not before.
 */
function damagedIf<T>(snapshot: number, chunk: number, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof CatalogError) throw err;
    throw new CatalogError(
      `the flow pack of snapshot ${snapshot} is damaged${chunk >= 0 ? ` (its edges chunk ${chunk})` : ''}: ${(err as Error).message}`,
      { hint: 'scan the host into the catalog again, or read its map file with --map' },
    );
  }
}

/**
 * A key's number: a binary search where the keys are sorted (a part of one snapshot's pack, which
 * numbers nodes by key), else a map of them made on first use.
 */
function keyFinder(keys: readonly string[]): (key: string) => number {
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (sorted)
    return (key) => {
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      return lo < keys.length && keys[lo] === key ? lo : -1;
    };
  let ids: Map<string, number> | undefined;
  return (key) => {
    ids ??= new Map(keys.map((k, i) => [k, i]));
    return ids.get(key) ?? -1;
  };
}

/** The walked edges' local numbers, per snapshot, ascending. */
function partEdges(f: Fleet, snaps: SnapshotInfo[], walked: Uint8Array): number[][] {
  const edgeOrds: Array<number[]> = snaps.map(() => []);
  // the snapshots' edges are numbered one after another: each snapshot's are a range
  for (let s = 0; s < snaps.length; s++) {
    const base = f.edgeBase[s]!;
    const end = s + 1 < snaps.length ? f.edgeBase[s + 1]! : walked.length;
    const ords = edgeOrds[s]!;
    for (let e = base; e < end; e++) if (walked[e]) ords.push(e - base);
  }
  return edgeOrds;
}

/** The reached nodes, parsed, in the snapshots' order, with the part's number of each global one and of each id. */
async function partNodes(
  f: Fleet,
  store: CatalogStore,
  snaps: SnapshotInfo[],
  reached: Uint8Array,
): Promise<{ nodes: NodeLinkData['nodes']; number: Int32Array; ids: Map<string, number> }> {
  const { nodes, number } = await partNodesOnly(f, store, snaps, reached);
  const ids = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) ids.set(nodes[i]!.id, i);
  return { nodes, number, ids };
}

/** partNodes without the map of ids (a FlowShape part finds a key by searching its sorted keys). */
async function partNodesOnly(
  f: Fleet,
  store: CatalogStore,
  snaps: SnapshotInfo[],
  reached: Uint8Array,
): Promise<{ nodes: NodeLinkData['nodes']; number: Int32Array }> {
  const nodeOrds = f.choose(reached);
  const nodes: NodeLinkData['nodes'] = [];
  const number = new Int32Array(reached.length).fill(-1);
  for (let s = 0; s < snaps.length; s++) {
    const h = f.packs[s]!.head;
    // each chunk's text is parsed and let go: a decoded chunk kept alive is promoted and copied
    for await (const [c, batch] of chunkTexts(store, snaps[s]!.id, 'nodes', h, nodeOrds[s]!)) {
      const rel = (v: number) => 2 * (v % h.textChunk);
      const parsed = JSON.parse(
        `[${batch.map((v) => withFirst(`"id":${c.text(rel(v))}`, c.text(rel(v) + 1))).join(',')}]`,
      ) as NodeLinkData['nodes'];
      batch.forEach((v, i) => {
        const node = parsed[i]!;
        if (node.host === undefined && isHostLocal(node.kind)) node.host = snaps[s]!.host;
        number[f.globalOf(s, v)] = nodes.length;
        nodes.push(node);
      });
    }
  }
  return { nodes, number };
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
  const reads = Math.ceil(batches.length / READ_CHUNKS);
  let i = 0;
  for await (const chunks of readAhead(store, reads, (r) =>
    store.flowTexts(id, part, numbers.slice(r * READ_CHUNKS, (r + 1) * READ_CHUNKS)),
  )) {
    for (let j = i; j < Math.min(batches.length, i + READ_CHUNKS); j++) {
      const c = chunks.get(numbers[j]!);
      if (!c)
        throw new CatalogError(`the flow pack of snapshot ${id} has lost its ${part} chunk ${numbers[j]}.`);
      yield [readTexts(c), batches[j]!];
    }
    i += READ_CHUNKS;
  }
}

/**
 * Chunks read by one query: a few hundred KB. Reading 64 at a time (5 MB) cost three times as many
 * page faults on this VM: the memory of a batch that large was not used again for the next.
 */
const READ_CHUNKS = 8;

/** Node v's key, from its chunk of the pack. */
async function keyAt(store: CatalogStore, id: number, head: PackHead, v: number): Promise<string> {
  const chunk = Math.floor(v / head.textChunk);
  const c = (await store.flowTexts(id, 'nodes', [chunk])).get(chunk);
  if (!c) throw new CatalogError(`the flow pack of snapshot ${id} has lost its nodes chunk ${chunk}.`);
  return JSON.parse(readTexts(c).text(2 * (v % head.textChunk))) as string;
}
