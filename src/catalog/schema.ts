/**
 * The catalog's schema, one list of versioned migrations for both stores. The catalog records the
 * version it is at; a catalog at a version this dfmap does not know was written by a newer dfmap
 * and is refused (ConfigError) instead of being written in an old layout.
 *
 * Edges are indexed by (snapshot, source) and (snapshot, target): upstream and downstream walk
 * these indexes a frontier at a time and never load the whole map. From version 5 a snapshot also
 * has a flow pack (flow-pack.ts), its graph as numbers: a walk that reaches much of the map reads
 * that instead of a row per edge.
 *
 * A snapshot's rows are its own, or (`rows_of`) those of an earlier snapshot of its host with the
 * same `content`: every read goes through `COALESCE(rows_of, id)` (store-rows.ts), and deleting a
 * snapshot hands its rows to the next one that shares them.
 */

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  why: string;
  sql: (d: Dialect) => string[];
}

const id = (d: Dialect) => (d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY');
const ref = (d: Dialect) => (d === 'sqlite' ? 'INTEGER' : 'BIGINT');

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    why: 'snapshots, their nodes and edges, and who is scanning which host',
    sql: (d) => [
      `CREATE TABLE snapshots (
        id ${id(d)},
        host TEXT NOT NULL,
        scanned_at TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        tool_version TEXT,
        format INTEGER NOT NULL,
        root TEXT,
        origin TEXT NOT NULL,
        options TEXT NOT NULL,
        meta TEXT NOT NULL,
        nodes INTEGER NOT NULL,
        edges INTEGER NOT NULL)`,
      'CREATE INDEX snapshots_host ON snapshots (host, scanned_at)',
      `CREATE TABLE nodes (
        snapshot ${ref(d)} NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        lname TEXT NOT NULL,
        tail TEXT NOT NULL,
        uhost TEXT NOT NULL,
        partial INTEGER NOT NULL,
        attrs TEXT NOT NULL,
        PRIMARY KEY (snapshot, key))`,
      'CREATE INDEX nodes_label ON nodes (snapshot, label)',
      'CREATE INDEX nodes_lname ON nodes (snapshot, lname)',
      'CREATE INDEX nodes_tail ON nodes (snapshot, tail)',
      'CREATE INDEX nodes_uhost ON nodes (snapshot, uhost)',
      'CREATE INDEX nodes_partial ON nodes (snapshot, partial)',
      `CREATE TABLE edges (
        snapshot ${ref(d)} NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,
        attrs TEXT NOT NULL)`,
      'CREATE INDEX edges_source ON edges (snapshot, source)',
      'CREATE INDEX edges_target ON edges (snapshot, target)',
      'CREATE TABLE scan_locks (host TEXT PRIMARY KEY, holder TEXT NOT NULL, since TEXT NOT NULL)',
    ],
  },
  {
    version: 2,
    why: 'the scan cache: extraction facts by content hash, so an unchanged file is not parsed again',
    sql: () => [
      'CREATE TABLE scan_cache (hash TEXT PRIMARY KEY, facts TEXT NOT NULL, stored_at TEXT NOT NULL)',
    ],
  },
  {
    version: 3,
    why: 'whole scans in the scan cache: a finished map by its inputs, with every file access it made, so an unchanged host is re-scanned by reading its files',
    sql: (d) => [
      `CREATE TABLE scan_results (key TEXT PRIMARY KEY, accesses TEXT NOT NULL, result ${d === 'sqlite' ? 'BLOB' : 'BYTEA'} NOT NULL, stored_at TEXT NOT NULL)`,
    ],
  },
  {
    version: 4,
    why: 'snapshots that found what an earlier one of their host found share its rows: an unchanged host re-scanned every day adds a row, not a map',
    sql: (d) => [
      'ALTER TABLE snapshots ADD COLUMN content TEXT',
      `ALTER TABLE snapshots ADD COLUMN rows_of ${ref(d)}`,
      'CREATE INDEX snapshots_content ON snapshots (host, content)',
    ],
  },
  {
    version: 5,
    why: "each snapshot's flow pack (flow-pack.ts): its graph as numbers, so a walk that reaches half the map reads blobs, not a row per edge",
    sql: (d) => [
      `CREATE TABLE flow_packs (
        snapshot ${ref(d)} NOT NULL,
        part TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        data ${d === 'sqlite' ? 'BLOB' : 'BYTEA'} NOT NULL,
        PRIMARY KEY (snapshot, part, chunk))`,
    ],
  },
];

/** The schema version from which snapshots have flow packs. */
export const PACKS_FROM = 5;

/** The schema version from which snapshots may share rows (`rows_of`). */
export const ROWS_SHARED_FROM = 4;

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The table that records the version: created before any migration runs. */
export const VERSION_TABLE =
  'CREATE TABLE IF NOT EXISTS dfmap_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, why TEXT NOT NULL)';
