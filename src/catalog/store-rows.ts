/**
 * What the SQLite and PostgreSQL stores share, written once: the columns they read and write, a
 * snapshot's row, the snapshot filter, when a host's scan mark still holds, and the refusal of a
 * newer schema. Each store keeps only what its driver does differently (placeholders, batching,
 * transactions).
 */
import os from 'node:os';
import { CatalogError } from './errors.js';
import { PACKS_FROM, ROWS_SHARED_FROM } from './schema.js';
import type { NewSnapshot, SnapshotFilter, SnapshotInfo } from './types.js';

export const NODE_COLUMNS = 'snapshot, key, kind, label, lname, tail, uhost, partial, attrs';
export const EDGE_COLUMNS = 'snapshot, source, target, kind, attrs';
/**
 * The columns a snapshot is listed by (its meta is read on its own: it can be large); from schema
 * 4, which snapshot holds its rows.
 */
export function snapshotColumns(schema: number): string {
  const base = 'id, host, scanned_at, stored_at, tool_version, format, root, origin, options, nodes, edges';
  return schema >= ROWS_SHARED_FROM ? `${base}, rows_of` : base;
}
export const NEW_SNAPSHOT_COLUMNS =
  'host, scanned_at, stored_at, tool_version, format, root, origin, options, meta, nodes, edges, content';

/** The tables holding a snapshot's rows, handed on or deleted with them (flow packs from schema 5). */
export function rowTables(schema: number): string[] {
  return schema >= PACKS_FROM ? ['edges', 'nodes', 'flow_packs'] : ['edges', 'nodes'];
}

/**
 * Which snapshot holds the rows of each snapshot asked for: itself, or (`rows_of`) an earlier one
 * of its host that found the same map. A catalog from before rows were shared (schema 3, opened to
 * read, so not migrated) has no `rows_of`: each snapshot holds its own. The rows are then read by
 * their holders with the plain indexed queries, and labelled here with the snapshots asked for.
 */
export function holdersSql(schema: number, ids: string): string {
  const holder = schema >= ROWS_SHARED_FROM ? 'COALESCE(rows_of, id)' : 'id';
  return `SELECT id, ${holder} AS holder FROM snapshots WHERE id ${ids}`;
}

/** Each holder's snapshots, from holdersSql's rows (PostgreSQL's BIGINT ids arrive as strings). */
export function holdersOf(
  rows: Array<{ id: number | string; holder: number | string }>,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const h = Number(r.holder);
    out.set(h, [...(out.get(h) ?? []), Number(r.id)]);
  }
  return out;
}

/** Rows read by their holders, labelled with the snapshots asked for (a row once per snapshot sharing it). */
export function labelRows<T extends { snapshot: number }>(rows: T[], holders: Map<number, number[]>): T[] {
  const out: T[] = [];
  for (const r of rows) {
    const ids = holders.get(Number(r.snapshot)) ?? [];
    if (ids.length === 1) {
      r.snapshot = ids[0] as number;
      out.push(r);
    } else for (const id of ids) out.push({ ...r, snapshot: id });
  }
  return out;
}

/** The snapshot whose rows a new snapshot of a host with a content would share (the latest such); `mark(n)` is the n-th placeholder. */
export function sharedRowsSql(mark: (n: number) => string): string {
  return `SELECT COALESCE(rows_of, id) AS owner, nodes, edges FROM snapshots WHERE host = ${mark(1)} AND content = ${mark(2)} ORDER BY id DESC LIMIT 1`;
}

/** The values of NEW_SNAPSHOT_COLUMNS for a snapshot about to be written. */
export function newSnapshotValues(
  snap: NewSnapshot,
  nodes: { length: number },
  edges: { length: number },
): unknown[] {
  return [
    snap.host,
    snap.scannedAt,
    new Date().toISOString(),
    snap.toolVersion ?? null,
    snap.format,
    snap.root ?? null,
    snap.origin,
    JSON.stringify(snap.options),
    JSON.stringify(snap.meta),
    nodes.length,
    edges.length,
    snap.content ?? null,
  ];
}

/** `WHERE ...` (or nothing) for a snapshot filter; `mark(n)` writes the driver's n-th placeholder. */
export function snapshotWhere(
  filter: SnapshotFilter,
  mark: (n: number) => string,
): { where: string; args: string[] } {
  const terms: string[] = [];
  const args: string[] = [];
  if (filter.host) terms.push(`host = ${mark(args.push(filter.host))}`);
  if (filter.asOf) terms.push(`scanned_at <= ${mark(args.push(filter.asOf))}`);
  return { where: terms.length ? `WHERE ${terms.join(' AND ')}` : '', args };
}

/** A snapshots row as both stores return it (PostgreSQL's BIGINT ids arrive as strings). */
export interface SnapshotRowShape {
  id: number | string;
  host: string;
  scanned_at: string;
  stored_at: string;
  tool_version: string | null;
  format: number;
  root: string | null;
  origin: string;
  options: string;
  nodes: number | string;
  edges: number | string;
  rows_of?: number | string | null;
}

export function snapshotFromRow(r: SnapshotRowShape): SnapshotInfo {
  return {
    id: Number(r.id),
    host: r.host,
    scannedAt: r.scanned_at,
    storedAt: r.stored_at,
    ...(r.tool_version ? { toolVersion: r.tool_version } : {}),
    format: Number(r.format),
    ...(r.root ? { root: r.root } : {}),
    origin: r.origin,
    options: JSON.parse(r.options) as Record<string, unknown>,
    nodes: Number(r.nodes),
    edges: Number(r.edges),
    ...(r.rows_of !== undefined && r.rows_of !== null ? { rowsOf: Number(r.rows_of) } : {}),
  };
}

/** Does a host's scan mark still hold: recent enough, and not left by a process of this machine that is gone? */
export function markHolds(
  row: { holder: string; since: string } | undefined,
  staleAfterMs: number,
): row is { holder: string; since: string } {
  return (
    row !== undefined && Date.now() - Date.parse(row.since) < staleAfterMs && !deadLocalHolder(row.holder)
  );
}

/** A holder `pid@machine` on this machine whose process is gone left its mark behind (a crash). */
function deadLocalHolder(holder: string): boolean {
  const m = /^(\d+)@(.+)$/.exec(holder);
  if (!m || m[2] !== os.hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function newerSchema(where: string, version: number, known: number): CatalogError {
  return new CatalogError(
    `${where}: the catalog is at schema version ${version}, newer than this dfmap knows (${known}).`,
    { hint: 'upgrade dfmap to read it; nothing was changed' },
  );
}
