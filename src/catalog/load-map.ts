/**
 * Reading maps out of the catalog: the whole fleet graph (for the analyses that need all of it),
 * or only what a question touches: the nodes a name could mean, and the part of the graph a walk
 * from them reaches, a frontier at a time over the (snapshot, source) and (snapshot, target)
 * indexes. A typical upstream query reads a few hundred rows of a million-edge catalog.
 */
import { indexNodeLink, type KnownEnds } from '../graph/flow-index.js';
import { type FlowPart, heldPart } from '../graph/flow-part.js';
import type { MapAttributes } from '../graph/types.js';
import { isResourceKind } from '../model/kinds.js';
import type { NodeLinkData } from '../store/node-link.js';
import { assembleMap } from './assemble.js';
import { nameTerms } from './name-columns.js';
import type { CatalogStore, EdgeRow, NodeRow, SnapshotInfo } from './types.js';
import { walkPack } from './walk-pack.js';

const ids = (snaps: SnapshotInfo[]) => snaps.map((s) => s.id);

/** Every node and edge of these snapshots, joined into one map, with their warnings. */
export async function loadMap(store: CatalogStore, snaps: SnapshotInfo[]): Promise<NodeLinkData> {
  const [nodes, edges] = [await store.nodes(ids(snaps)), await store.edges(ids(snaps))];
  return assembleMap(snaps, nodes, edges, await metaOf(store, snaps));
}

async function metaOf(store: CatalogStore, snaps: SnapshotInfo[]): Promise<MapAttributes> {
  const warnings: unknown[] = [];
  let root: unknown;
  for (const s of snaps) {
    const meta = await store.snapshotMeta(s.id);
    if (Array.isArray(meta.warnings)) {
      for (const w of meta.warnings) warnings.push(snaps.length > 1 ? { ...(w as object), host: s.host } : w);
    }
    if (snaps.length === 1) root = meta.root;
  }
  return { warnings, ...(typeof root === 'string' ? { root } : {}) } as MapAttributes;
}

/** The nodes each name could mean (a superset: the selection decides), as a map without edges. */
export async function loadCandidates(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  names: readonly string[],
): Promise<NodeLinkData> {
  const rows: NodeRow[] = [];
  for (const name of names) rows.push(...(await store.candidates(ids(snaps), nameTerms(name))));
  return assembleMap(snaps, rows, []);
}

export type WalkDirection = 'upstream' | 'downstream' | 'both';

export interface Walk {
  direction: WalkDirection;
  /** Stop after this many steps. */
  depth?: number;
}

export interface AroundOptions {
  /** Each walk starts from the roots; the part loaded is what any of them reaches. */
  walks: Walk[];
  /** Also load the chain of scripts and jobs that invoke each script reached (impact needs them). */
  invokers?: boolean;
  /**
   * The walks start from what fails with the roots, not from the roots alone (impact of a failure,
   * analyses/failure.ts): what the roots contain (a database's tables) and the scripts that write
   * into any of those, which fail at their next run too but are not downstream of them. A host's
   * members are not found by walking: the caller loads the whole map for a host.
   */
  failure?: boolean;
  /**
   * How to walk: by default the rows until the walk has read ROW_BUDGET edges, then the
   * snapshots' flow packs. Tests force either, to compare them.
   */
  via?: 'rows' | 'pack';
  /** Edges read row by row before turning to the pack (default ROW_BUDGET). */
  rowBudget?: number;
}

/**
 * Edges a walk reads row by row before it turns to the flow packs: a typical
 * answer (a few hundred nodes) is a few indexed lookups, while the pack costs reading its arrays
 * (about 0.2 s at 1M edges) whatever the answer.
 */
const ROW_BUDGET = 10_000;

/**
 * loadAround, and the numbers of every link's ends when it knows them (indexNodeLink need not
 * look them up): a walk that grows past ROW_BUDGET edges is done again on the snapshots' flow
 * packs (walk-pack.ts), when every one has a pack.
 */
export async function loadPart(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
): Promise<{ data: NodeLinkData; known?: KnownEnds }> {
  return partVia(
    store,
    snaps,
    roots,
    opts,
    (data) => ({ data }),
    () => walkPack(store, snaps, roots, opts),
  );
}

/**
 * loadPart for a question that reads edges' kinds (impact), or their attributes only as it prints
 * them (a flow tree's JSON): past the row budget no edge's text is read from the packs until asked.
 * The store must stay open while edgeAttrs is read.
 */
export async function loadPartShape(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
): Promise<FlowPart> {
  return partVia(
    store,
    snaps,
    roots,
    opts,
    (data) => heldPart(indexNodeLink(data)),
    () => walkPack(store, snaps, roots, opts, true),
  );
}

/** The rows while the walk is small, else the packs (when every snapshot has one), else the rows. */
async function partVia<T>(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
  fromRows: (data: NodeLinkData) => T,
  fromPacks: () => Promise<T | undefined>,
): Promise<T> {
  if (snaps.length > 0 && opts.via !== 'rows') {
    const small =
      opts.via === 'pack'
        ? undefined
        : await rowsAround(store, snaps, roots, opts, opts.rowBudget ?? ROW_BUDGET);
    if (small) return fromRows(small);
    const packed = await fromPacks().catch(damaged);
    if (packed) return packed;
  }
  return fromRows((await rowsAround(store, snaps, roots, opts)) as NodeLinkData);
}

/**
 * A pack that cannot be read (damaged on disk, cut short) is walked around: the rows are the
 * snapshot's own record and answer the same, only slower. A catalog that cannot be read at all
 * fails on the rows too, with the store's own message.
 */
function damaged(): undefined {
  return undefined;
}

/**
 * The part of the fleet graph reachable from `roots`: the nodes, and the edges walked. Upstream
 * walks edges into the frontier (reads, writes, invokes all point the way data flows).
 */
export async function loadAround(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
): Promise<NodeLinkData> {
  return (await loadPart(store, snaps, roots, opts)).data;
}

/** loadAround over the rows; undefined once the walks have read more than `budget` edges. */
async function rowsAround(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  opts: AroundOptions,
  budget = Number.POSITIVE_INFINITY,
): Promise<NodeLinkData | undefined> {
  const edges: EdgeRow[] = [];
  const starts = opts.failure ? await failing(store, snaps, roots, edges, budget) : roots;
  if (!starts) return undefined;
  const reached = new Set(starts);
  for (const w of opts.walks) {
    const seen = await walk(store, snaps, starts, w, edges, () => true, budget);
    if (!seen) return undefined;
    for (const k of seen) reached.add(k);
  }
  let nodes = await store.nodes(ids(snaps), [...reached]);
  if (opts.invokers) {
    const scripts = nodes.filter((n) => n.kind === 'script').map((n) => n.key);
    const more = await walk(
      store,
      snaps,
      scripts,
      { direction: 'upstream' },
      edges,
      (e) => e.kind === 'invokes',
    );
    const extra = [...(more ?? [])].filter((k) => !reached.has(k));
    for (const k of extra) reached.add(k);
    nodes = nodes.concat(await store.nodes(ids(snaps), extra));
  }
  // a job is known by its schedule and the scripts it starts (describe.ts): load those too
  const jobs = nodes.filter((n) => n.kind === 'job').map((n) => n.key);
  if (jobs.length > 0) {
    const started = (await store.edges(ids(snaps), jobs, 'out')).filter((e) => e.kind === 'invokes');
    edges.push(...started);
    const extra = [...new Set(started.map((e) => e.target))].filter((k) => !reached.has(k));
    nodes = nodes.concat(await store.nodes(ids(snaps), extra));
  }
  return assembleMap(snaps, nodes, edges);
}

/**
 * Where the walks of a failure start (AroundOptions.failure): the roots, what they contain, and
 * the scripts with an edge (not `invokes`) into a failed resource; appends the edges that lead
 * there. Undefined once more than `budget` edges were read.
 */
async function failing(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  edges: EdgeRow[],
  budget: number,
): Promise<string[] | undefined> {
  const contains = (e: EdgeRow) => e.kind === 'contains';
  const failed = await walk(store, snaps, roots, { direction: 'downstream' }, edges, contains, budget);
  if (!failed) return undefined;
  const resources = (await store.nodes(ids(snaps), [...failed])).filter((n) => isResourceKind(n.kind));
  const into = await store.edges(
    ids(snaps),
    resources.map((n) => n.key),
    'in',
    budget === Number.POSITIVE_INFINITY ? undefined : budget - edges.length + 1,
  );
  const writes = into.filter((e) => e.kind !== 'invokes');
  const scripts = new Set(
    (await store.nodes(ids(snaps), [...new Set(writes.map((e) => e.source))]))
      .filter((n) => n.kind === 'script')
      .map((n) => n.key),
  );
  const starts = new Set(failed);
  for (const e of writes) {
    if (!scripts.has(e.source)) continue;
    edges.push(e);
    starts.add(e.source);
  }
  return edges.length > budget ? undefined : [...starts];
}

/** Breadth-first from `roots`, a frontier per query; returns the keys reached, appends the edges walked. */
async function walk(
  store: CatalogStore,
  snaps: SnapshotInfo[],
  roots: readonly string[],
  w: Walk,
  edges: EdgeRow[],
  follow: (e: EdgeRow) => boolean = () => true,
  budget = Number.POSITIVE_INFINITY,
): Promise<Set<string> | undefined> {
  const seen = new Set(roots);
  let frontier = [...seen];
  for (let step = 0; frontier.length > 0 && (w.depth === undefined || step < w.depth); step++) {
    // a frontier this wide has at least as many edges: stop before reading them
    if (edges.length + frontier.length > budget) return undefined;
    const next: string[] = [];
    const visit = (rows: EdgeRow[], far: 'source' | 'target') => {
      for (const e of rows) {
        if (!follow(e)) continue;
        edges.push(e);
        const k = e[far];
        if (!seen.has(k)) {
          seen.add(k);
          next.push(k);
        }
      }
    };
    // past the budget the walk is given up: read no more than one edge beyond it, and first count
    // them (a hub's frontier is given up without reading its ten thousand rows)
    const room = () => (budget === Number.POSITIVE_INFINITY ? undefined : budget - edges.length + 1);
    const over = async (dir: 'in' | 'out') => {
      const r = room();
      return r !== undefined && (await store.edgeCount(ids(snaps), frontier, dir, r)) >= r;
    };
    if (w.direction !== 'downstream' && (await over('in'))) return undefined;
    if (w.direction !== 'upstream' && (await over('out'))) return undefined;
    if (w.direction !== 'downstream') visit(await store.edges(ids(snaps), frontier, 'in', room()), 'source');
    if (edges.length > budget) return undefined;
    if (w.direction !== 'upstream') visit(await store.edges(ids(snaps), frontier, 'out', room()), 'target');
    if (edges.length > budget) return undefined;
    frontier = next;
  }
  if (w.direction === 'both' && frontier.length > 0) {
    // the walk stopped at its depth: edges between two of the outermost nodes were never walked,
    // and an ego network has them (networkx.ego_graph keeps every edge among the nodes it reaches)
    const outer = new Set(frontier);
    for (const e of await store.edges(ids(snaps), frontier, 'out'))
      if (outer.has(e.target) && follow(e)) edges.push(e);
  }
  return seen;
}
