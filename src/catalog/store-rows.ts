/**
 * What the SQLite and PostgreSQL stores share, written once: the columns they read and write, a
 * snapshot's row, the snapshot filter, when a host's scan mark still holds, and the refusal of a
 * newer schema. Each store keeps only what its driver does differently (placeholders, batching,
 * transactions).
 */
import os from 'node:os';
import { CatalogError } from './errors.js';
import { ROWS_SHARED_FROM } from './schema.js';
import type { NewSnapshot, SnapshotFilter, SnapshotInfo } from './types.js';

export const NODE_COLUMNS = 'snapshot, key, kind, label, lname, tail, uhost, partial, attrs';
export const EDGE_COLUMNS = 'snapshot, source, target, kind, attrs';
/** The columns a snapshot is listed by (its meta is read on its own: it can be large). */
export const SNAPSHOT_COLUMNS =
  'id, host, scanned_at, stored_at, tool_version, format, root, origin, options, nodes, edges';
export const NEW_SNAPSHOT_COLUMNS =
  'host, scanned_at, stored_at, tool_version, format, root, origin, options, meta, nodes, edges, content';

/**
 * Rows of the snapshots asked for, whoever holds them: `s` is the snapshot asked for (its id is
 * the rows' `snapshot`), `n` and `e` the rows it owns or shares (`rows_of`). A catalog from
 * before rows were shared (schema 3, opened to read, so not migrated) has no `rows_of`: each
 * snapshot holds its own.
 */
export function snapshotRows(schema: number): { nodes: string; edges: string } {
  const holder = schema >= ROWS_SHARED_FROM ? 'COALESCE(s.rows_of, s.id)' : 's.id';
  return {
    nodes: `SELECT s.id AS snapshot, n.key, n.kind, n.label, n.lname, n.tail, n.uhost, n.partial, n.attrs FROM snapshots s JOIN nodes n ON n.snapshot = ${holder}`,
    edges: `SELECT s.id AS snapshot, e.source, e.target, e.kind, e.attrs FROM snapshots s JOIN edges e ON e.snapshot = ${holder}`,
  };
}

/** The snapshot whose rows a new snapshot of `host` with `content` would share (the latest such). */
export const SHARED_ROWS =
  'SELECT COALESCE(rows_of, id) AS owner, nodes, edges FROM snapshots WHERE host = {host} AND content = {content} ORDER BY id DESC LIMIT 1';

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
