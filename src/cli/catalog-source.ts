/**
 * Where a command reads its map: a map file (`--map`), or the catalog (`--catalog`, or the
 * DFMAP_CATALOG environment variable): the fleet graph of every host's latest snapshot, one host's
 * (`--snapshot HOST`), one snapshot (`--snapshot N`), or as it was at a time (`--as-of`).
 * upstream, downstream, impact, path and ego read only the part of the catalog their question
 * touches; the other commands load the whole graph.
 *
 * The catalog's modules (SQLite's native addon, the PostgreSQL client) and graphology are imported
 * only when a command reads a catalog or a graph: every command that reads a map file imports this
 * module, and loading them cost each start about 40 ms.
 */
import type { Command } from 'commander';
import { selectNodes } from '../analyses/select/select-nodes.js';
import type { AroundOptions, Walk } from '../catalog/load-map.js';
import type { PickOptions } from '../catalog/pick-snapshots.js';
import type { CatalogStore, SnapshotInfo } from '../catalog/types.js';
import { type FlowIndex, type FlowShape, indexNodeLink, type KnownEnds } from '../graph/flow-index.js';
import { type FlowPart, heldPart } from '../graph/flow-part.js';
import type { DataflowGraph } from '../graph/types.js';
import { UsageError } from '../model/errors.js';
import type { NodeLinkData } from '../store/node-link.js';
import { DEFAULT_MAP_FILE } from '../store/read-map-data.js';
import type { Io } from './io.js';
import { catalogShown, type MapHeader, noteMapSource } from './map-header.js';
import { createProgress } from './progress.js';

export interface CatalogFlags {
  catalog?: string;
  asOf?: string;
  snapshot?: string;
}

export const CATALOG_ENV = 'DFMAP_CATALOG';

export function addCatalogOptions(cmd: Command): Command {
  return cmd
    .option(
      '--catalog <where>',
      `read the map from a catalog: a SQLite file or postgres://host/db (env ${CATALOG_ENV})`,
    )
    .option(
      '--snapshot <n|host>',
      'with --catalog: one snapshot by number, or one host (default: every host, joined)',
    )
    .option(
      '--as-of <time>',
      "with --catalog: the map as it was then (each host's last snapshot at or before TIME)",
    );
}

export function catalogOf(flags: CatalogFlags): string | undefined {
  const where = flags.catalog ?? process.env[CATALOG_ENV];
  if (where === undefined || where === '') {
    if (flags.asOf || flags.snapshot)
      throw new UsageError('--as-of and --snapshot read a catalog.', { hint: 'pass --catalog FILE|URL' });
    return undefined;
  }
  return where;
}

/** `--as-of`: ISO time, a date, or `YYYY-MM-DD HH:MM`; returned as ISO UTC. */
export function parseAsOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(value) ? value.replace(' ', 'T') : value;
  const d = new Date(/^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T23:59:59.999` : text);
  if (Number.isNaN(d.getTime())) {
    throw new UsageError(`--as-of '${value}' is not a time.`, {
      hint: "use ISO 8601, e.g. --as-of 2026-03-10 or '2026-03-10 12:00'",
    });
  }
  return d.toISOString();
}

export function pickOptions(flags: CatalogFlags): PickOptions {
  const asOf = parseAsOf(flags.asOf);
  const s = flags.snapshot;
  return {
    ...(asOf ? { asOf } : {}),
    ...(s === undefined ? {} : /^\d+$/.test(s) ? { snapshot: Number(s) } : { host: s }),
  };
}

/** What a focused question reads: the names it starts from and the walks from them. */
export interface Focus {
  names: readonly string[];
  exclude?: string;
  walks: Walk[];
  invokers?: boolean;
  /** The walks start from what fails with the names (AroundOptions.failure); a host's needs the whole map. */
  failure?: boolean;
}

/** Plain names resolve through a few indexed lookups; selectors and graph operators need every node. */
function plainNames(names: readonly string[]): boolean {
  return names.every((n) => !/^(kind|host|path|name|id):|[+@,*\s]/.test(n));
}

export async function withCatalog<T>(
  where: string,
  run: (store: CatalogStore) => Promise<T>,
  readonly = true,
): Promise<T> {
  const { openCatalog } = await import('../catalog/open-catalog.js');
  const store = await openCatalog(where, { readonly });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/** The map data a command asked for, from the catalog. */
export async function catalogMapData(
  where: string,
  flags: CatalogFlags,
  focus?: Focus,
): Promise<NodeLinkData> {
  return (await catalogMap(where, flags, focus)).data;
}

/** The map data, and the snapshots it was assembled from. */
async function catalogMap(
  where: string,
  flags: CatalogFlags,
  focus?: Focus,
): Promise<{ data: NodeLinkData; snaps: SnapshotInfo[]; known?: KnownEnds }> {
  return catalogRead(where, flags, focus, {
    whole: (data) => ({ data }),
    part: async (store, snaps, roots, opts) =>
      (await import('../catalog/load-map.js')).loadPart(store, snaps, roots, opts),
  });
}

/** What a question reads of the catalog, made from the whole map or from the part it reaches. */
interface ReadAs<T> {
  whole(data: NodeLinkData): T;
  part(store: CatalogStore, snaps: SnapshotInfo[], roots: string[], opts: AroundOptions): Promise<T>;
}

async function catalogRead<T>(
  where: string,
  flags: CatalogFlags,
  focus: Focus | undefined,
  as: ReadAs<T>,
): Promise<T & { snaps: SnapshotInfo[] }> {
  return catalogUse(where, flags, focus, as, async (got) => got);
}

/** catalogRead, and `use` of what it read while the catalog is still open. */
async function catalogUse<T, R>(
  where: string,
  flags: CatalogFlags,
  focus: Focus | undefined,
  as: ReadAs<T>,
  use: (got: T & { snaps: SnapshotInfo[] }) => Promise<R>,
): Promise<R> {
  const [{ loadCandidates, loadMap }, { pickSnapshots }] = await Promise.all([
    import('../catalog/load-map.js'),
    import('../catalog/pick-snapshots.js'),
  ]);
  return withCatalog(where, async (store) => {
    const snaps = await pickSnapshots(store, pickOptions(flags));
    if (!focus || !plainNames(focus.names) || (focus.exclude !== undefined && !plainNames([focus.exclude]))) {
      return use({ ...as.whole(await loadMap(store, snaps)), snaps });
    }
    const names = focus.exclude ? [...focus.names, focus.exclude] : focus.names;
    const candidates = indexNodeLink(await loadCandidates(store, snaps, names));
    const chosen = selectNodes(candidates, focus.names, focus.exclude ? { exclude: focus.exclude } : {});
    // everything on a host fails with it: its members are found by their names, not by walking
    if (focus.failure && chosen.some((v) => candidates.nodes[v]!.kind === 'host')) {
      return use({ ...as.whole(await loadMap(store, snaps)), snaps });
    }
    const roots = chosen.map((v) => candidates.keys[v]!);
    const part = await as.part(store, snaps, roots, {
      walks: focus.walks,
      ...(focus.invokers ? { invokers: true } : {}),
      ...(focus.failure ? { failure: true } : {}),
    });
    return use({ ...part, snaps });
  });
}

/** The header of answers read from these snapshots of a catalog. */
function catalogHeader(where: string, flags: CatalogFlags, snaps: SnapshotInfo[]): MapHeader {
  const hosts = [...new Set(snaps.map((s) => s.host))].sort();
  const one = snaps.length === 1 ? snaps[0] : undefined;
  const asOf = parseAsOf(flags.asOf);
  return {
    source: catalogShown(where),
    kind: 'catalog',
    host: hosts.length === 1 ? hosts[0]! : null,
    root: one?.root ?? null,
    hosts,
    snapshots: snaps.map((s) => s.id),
    ...(asOf ? { asOf } : {}),
  };
}

/** The analysis index of the map a command reads: a map file, or (a part of) the catalog. */
export async function loadIndexFrom(
  io: Io,
  flags: CatalogFlags & { map?: string },
  load: (io: Io, file?: string) => FlowIndex,
  focus?: Focus,
): Promise<FlowIndex> {
  return indexFrom(io, flags, load, focus, {
    whole: (data) => ({ index: indexNodeLink(data) }),
    part: async (store, snaps, roots, opts) => {
      const { data, known } = await (await import('../catalog/load-map.js')).loadPart(
        store,
        snaps,
        roots,
        opts,
      );
      return { index: indexNodeLink(data, known) };
    },
  });
}

/**
 * loadIndexFrom for a question that reads only its edges' kinds (impact): from the catalog, a
 * hub's part is read without its edges' evidence.
 */
export async function loadShapeFrom(
  io: Io,
  flags: CatalogFlags & { map?: string },
  load: (io: Io, file?: string) => FlowIndex,
  focus?: Focus,
): Promise<FlowShape> {
  return indexFrom<FlowShape>(io, flags, load, focus, {
    whole: (data) => ({ index: indexNodeLink(data) }),
    part: async (store, snaps, roots, opts) => ({
      index: (await (await import('../catalog/load-map.js')).loadPartShape(store, snaps, roots, opts)).index,
    }),
  });
}

/**
 * The part a flow question reaches, for `use` to print while the catalog is still open: from the
 * catalog, its edges' attributes are read from the store as `use` asks for them.
 */
export async function withFlowPart<R>(
  io: Io,
  flags: CatalogFlags & { map?: string },
  load: (io: Io, file?: string) => FlowIndex,
  focus: Focus,
  use: (part: FlowPart) => Promise<R>,
): Promise<R> {
  const where = catalogOf(flags);
  if (!where) return use(heldPart(load(io, flags.map)));
  const progress = createProgress({ ...io, interactive: false }, 'reading the catalog');
  const as: ReadAs<{ part: FlowPart }> = {
    whole: (data) => ({ part: heldPart(indexNodeLink(data)) }),
    part: async (store, snaps, roots, opts) => ({
      part: await (await import('../catalog/load-map.js')).loadPartShape(store, snaps, roots, opts),
    }),
  };
  return catalogUse(where, flags, focus, as, async ({ part, snaps }) => {
    progress.done();
    noteMapSource(part.index, catalogHeader(where, flags, snaps));
    return use(part);
  });
}

async function indexFrom<I extends FlowShape>(
  io: Io,
  flags: CatalogFlags & { map?: string },
  load: (io: Io, file?: string) => I,
  focus: Focus | undefined,
  as: ReadAs<{ index: I }>,
): Promise<I> {
  const where = catalogOf(flags);
  if (!where) return load(io, flags.map);
  const progress = createProgress({ ...io, interactive: io.interactive && !focus }, 'reading the catalog');
  progress.update(0, 1, 'loading');
  const { index, snaps } = await catalogRead(where, flags, focus, as);
  progress.done();
  noteMapSource(index, catalogHeader(where, flags, snaps));
  return index;
}

/** The map as a graph (export, view): a map file, or the catalog's. */
export async function readGraphFrom(flags: CatalogFlags & { map?: string }): Promise<DataflowGraph> {
  const where = catalogOf(flags);
  if (!where) return (await import('../store/map-file.js')).readMap(flags.map ?? DEFAULT_MAP_FILE);
  const { fromNodeLink } = await import('../store/node-link-graph.js');
  return fromNodeLink(await catalogMapData(where, flags), where);
}
