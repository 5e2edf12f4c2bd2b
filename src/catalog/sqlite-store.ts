/**
 * The embedded catalog: one SQLite file (better-sqlite3), no set-up. WAL mode lets readers go on
 * while a scan writes; writers queue behind SQLite's lock for `busy_timeout` and then fail with a
 * CatalogError, their transaction rolled back (no half-written snapshot).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { CatalogError } from './errors.js';
import type { PackChunk, TextChunk } from './flow-pack.js';
import { MIGRATIONS, PACKS_FROM, SCHEMA_VERSION, VERSION_TABLE } from './schema.js';
import {
  EDGE_COLUMNS,
  holdersOf,
  holdersSql,
  labelRows,
  markHolds,
  NEW_SNAPSHOT_COLUMNS,
  NODE_COLUMNS,
  newerSchema,
  newSnapshotValues,
  rowTables,
  type SnapshotRowShape,
  sharedRowsSql,
  snapshotColumns,
  snapshotFromRow,
  snapshotWhere,
} from './store-rows.js';
import type {
  CatalogStore,
  EdgeRow,
  NameTerms,
  NewSnapshot,
  NodeRow,
  SharedSnapshot,
  SnapshotFilter,
  SnapshotInfo,
  StoredScanRow,
} from './types.js';

/** SQLite allows 32766 host parameters; stay well under, with room for the snapshot ids. */
const CHUNK = 900;

export interface SqliteOptions {
  /** How long a writer waits for another writer's lock, in ms (default 10 s). */
  busyMs?: number;
  readonly?: boolean;
}

export function openSqliteCatalog(file: string, opts: SqliteOptions = {}): CatalogStore {
  if (opts.readonly && !fs.existsSync(file)) {
    throw new CatalogError(`${file}: no catalog there.`, {
      hint: 'store a scan first: dfmap scan ROOT --catalog FILE, or dfmap catalog import MAP --catalog FILE',
    });
  }
  let db: Database.Database;
  try {
    db = new Database(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
    db.pragma(`busy_timeout = ${opts.busyMs ?? 10_000}`);
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    // a reader maps the file: a flow pack's blobs are read at twice the speed of read() calls
    else db.pragma('mmap_size = 2147418112');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    throw wrap(file, 'cannot open the catalog', err);
  }
  if (!opts.readonly) migrate(db, file);
  return new SqliteCatalog(db, file, checkVersion(db, file));
}

function migrate(db: Database.Database, file: string): void {
  try {
    db.exec(VERSION_TABLE);
    const run = db.transaction(() => {
      const at = currentVersion(db);
      for (const m of MIGRATIONS) {
        if (m.version <= at) continue;
        for (const stmt of m.sql('sqlite')) db.exec(stmt);
        db.prepare('INSERT INTO dfmap_schema (version, applied_at, why) VALUES (?, ?, ?)').run(
          m.version,
          new Date().toISOString(),
          m.why,
        );
      }
    });
    run.immediate();
  } catch (err) {
    throw wrap(file, 'cannot prepare the catalog', err);
  }
}

function currentVersion(db: Database.Database): number {
  try {
    const row = db.prepare('SELECT MAX(version) AS v FROM dfmap_schema').get() as { v: number | null };
    return row.v ?? 0;
  } catch {
    return 0;
  }
}

/** The catalog's schema version, refused when newer than this dfmap knows. */
function checkVersion(db: Database.Database, file: string): number {
  const v = currentVersion(db);
  if (v > SCHEMA_VERSION) throw newerSchema(file, v, SCHEMA_VERSION);
  return v;
}

export function wrap(where: string, what: string, err: unknown): CatalogError {
  const e = err as { code?: string; message?: string };
  const busy = e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED';
  return new CatalogError(
    `${where}: ${what} (${busy ? 'the catalog is locked by another writer' : (e.message ?? String(err))}).`,
    {
      hint: busy
        ? 'another scan is writing; try again when it has finished'
        : 'check the catalog file and its directory',
      cause: err,
    },
  );
}

function chunks<T>(xs: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

class SqliteCatalog implements CatalogStore {
  readonly dialect = 'sqlite' as const;
  constructor(
    private readonly db: Database.Database,
    readonly where: string,
    private readonly schema: number,
  ) {}

  async writeSnapshot(
    snap: NewSnapshot,
    nodes: Omit<NodeRow, 'snapshot'>[],
    edges: Omit<EdgeRow, 'snapshot'>[],
    pack: Iterable<PackChunk> = [],
  ): Promise<number> {
    const db = this.db;
    const insertPack = db.prepare('INSERT INTO flow_packs (snapshot, part, chunk, data) VALUES (?, ?, ?, ?)');
    const insertSnap = db.prepare(
      `INSERT INTO snapshots (${NEW_SNAPSHOT_COLUMNS}) VALUES (${marks(NEW_SNAPSHOT_COLUMNS.split(',').length)})`,
    );
    const insertNode = db.prepare(`INSERT OR REPLACE INTO nodes (${NODE_COLUMNS}) VALUES (${marks(9)})`);
    const insertEdge = db.prepare(`INSERT INTO edges (${EDGE_COLUMNS}) VALUES (${marks(5)})`);
    const write = db.transaction(() => {
      const r = insertSnap.run(...newSnapshotValues(snap, nodes, edges));
      const id = Number(r.lastInsertRowid);
      for (const n of nodes)
        insertNode.run(id, n.key, n.kind, n.label, n.lname, n.tail, n.uhost, n.partial ? 1 : 0, n.attrs);
      for (const e of edges) insertEdge.run(id, e.source, e.target, e.kind, e.attrs);
      for (const p of pack) insertPack.run(id, p.part, p.chunk, p.data);
      return id;
    });
    try {
      return write.immediate();
    } catch (err) {
      throw wrap(this.where, `cannot store the snapshot of ${snap.host}; nothing was stored`, err);
    }
  }

  async shareSnapshot(snap: NewSnapshot & { content: string }): Promise<SharedSnapshot | undefined> {
    const db = this.db;
    const share = db.transaction(() => {
      const owner = db.prepare(sharedRowsSql(() => '?')).get(snap.host, snap.content) as
        | { owner: number; nodes: number; edges: number }
        | undefined;
      if (!owner) return undefined;
      const values = newSnapshotValues(snap, { length: owner.nodes }, { length: owner.edges });
      const r = db
        .prepare(
          `INSERT INTO snapshots (${NEW_SNAPSHOT_COLUMNS}, rows_of) VALUES (${marks(values.length + 1)})`,
        )
        .run(...values, owner.owner);
      return { id: Number(r.lastInsertRowid), nodes: owner.nodes, edges: owner.edges, rowsOf: owner.owner };
    });
    try {
      return share.immediate();
    } catch (err) {
      throw wrap(this.where, `cannot store the snapshot of ${snap.host}; nothing was stored`, err);
    }
  }

  async listSnapshots(filter: SnapshotFilter = {}): Promise<SnapshotInfo[]> {
    const { where, args } = snapshotWhere(filter, () => '?');
    const rows = this.db
      .prepare(`SELECT ${snapshotColumns(this.schema)} FROM snapshots ${where} ORDER BY scanned_at, id`)
      .all(...args) as SnapshotRowShape[];
    return rows.map(snapshotFromRow);
  }

  async snapshotMeta(id: number): Promise<Record<string, unknown>> {
    const row = this.db.prepare('SELECT meta FROM snapshots WHERE id = ?').get(id) as
      | { meta: string }
      | undefined;
    return row ? (JSON.parse(row.meta) as Record<string, unknown>) : {};
  }

  async deleteSnapshots(ids: number[]): Promise<void> {
    const db = this.db;
    const del = db.transaction(() => {
      // rows another snapshot shares go to the first of those that stays
      const gone = JSON.stringify(ids);
      const heirs = db
        .prepare(
          `SELECT rows_of AS owner, MIN(id) AS heir FROM snapshots
           WHERE rows_of IN (SELECT value FROM json_each(?)) AND id NOT IN (SELECT value FROM json_each(?))
           GROUP BY rows_of`,
        )
        .all(gone, gone) as Array<{ owner: number; heir: number }>;
      for (const { owner, heir } of heirs) {
        for (const table of rowTables(this.schema))
          db.prepare(`UPDATE ${table} SET snapshot = ? WHERE snapshot = ?`).run(heir, owner);
        db.prepare('UPDATE snapshots SET rows_of = NULL WHERE id = ?').run(heir);
        db.prepare('UPDATE snapshots SET rows_of = ? WHERE rows_of = ?').run(heir, owner);
      }
      for (const part of chunks(ids)) {
        for (const table of rowTables(this.schema))
          this.db.prepare(`DELETE FROM ${table} WHERE snapshot IN (${marks(part.length)})`).run(...part);
        this.db.prepare(`DELETE FROM snapshots WHERE id IN (${marks(part.length)})`).run(...part);
      }
    });
    try {
      del.immediate();
    } catch (err) {
      throw wrap(this.where, 'cannot delete snapshots; nothing was deleted', err);
    }
  }

  flowTexts(snapshot: number, part: 'nodes' | 'edges', chunks: number[]): Promise<Map<number, TextChunk>> {
    return this.flowPack(snapshot, part, chunks);
  }

  async flowPack(snapshot: number, part: string, chunks?: number[]): Promise<Map<number, Uint8Array>> {
    const out = new Map<number, Uint8Array>();
    if (this.schema < PACKS_FROM) return out;
    const [holder] = this.holders([snapshot]).holders.keys();
    if (holder === undefined) return out;
    const rows = (
      chunks
        ? this.stmt(
            'SELECT chunk, data FROM flow_packs WHERE snapshot = ? AND part = ? AND chunk IN (SELECT value FROM json_each(?))',
          ).all(holder, part, JSON.stringify(chunks))
        : this.stmt('SELECT chunk, data FROM flow_packs WHERE snapshot = ? AND part = ? ORDER BY chunk').all(
            holder,
            part,
          )
    ) as Array<{ chunk: number; data: Uint8Array }>;
    for (const r of rows) out.set(r.chunk, r.data);
    return out;
  }

  /** A prepared statement per SQL text: a walk asks the same few questions many times. */
  private readonly statements = new Map<string, Database.Statement>();
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** The snapshots holding the rows of these (store-rows.ts), and their ids as one JSON array. */
  private holders(snapshots: number[]): { holders: Map<number, number[]>; ids: string } {
    const rows = this.stmt(holdersSql(this.schema, 'IN (SELECT value FROM json_each(?))')).all(
      JSON.stringify(snapshots),
    ) as Array<{ id: number; holder: number }>;
    const holders = holdersOf(rows);
    return { holders, ids: JSON.stringify([...holders.keys()]) };
  }

  // key lists go in as one JSON array (json_each): one statement for any number of keys
  async nodes(snapshots: number[], keys?: string[]): Promise<NodeRow[]> {
    const { holders, ids } = this.holders(snapshots);
    const snaps = 'snapshot IN (SELECT value FROM json_each(?))';
    const rows = keys
      ? this.stmt(
          `SELECT ${NODE_COLUMNS} FROM nodes WHERE ${snaps} AND key IN (SELECT value FROM json_each(?))`,
        ).all(ids, JSON.stringify(keys))
      : this.stmt(`SELECT ${NODE_COLUMNS} FROM nodes WHERE ${snaps}`).all(ids);
    return labelRows(rows as NodeRow[], holders);
  }

  async candidates(snapshots: number[], t: NameTerms): Promise<NodeRow[]> {
    // one indexed lookup per term (an OR across columns would scan every node of the snapshot)
    const base = `SELECT ${NODE_COLUMNS} FROM nodes WHERE snapshot IN (SELECT value FROM json_each(?)) AND`;
    const sql = [
      `${base} key = ?`,
      `${base} lname = ?`,
      `${base} label = ?`,
      `${base} tail IN (SELECT value FROM json_each(?))`,
      `${base} uhost = ?`,
      `${base} partial = 1`,
    ].join(' UNION ALL ');
    const { holders, ids: s } = this.holders(snapshots);
    const rows = this.stmt(sql).all(
      s,
      t.key,
      s,
      t.lname,
      s,
      t.label,
      s,
      JSON.stringify(t.tails),
      s,
      t.uhost,
      s,
    ) as NodeRow[];
    return labelRows(rows, holders);
  }

  async edges(
    snapshots: number[],
    keys?: string[],
    direction: 'in' | 'out' = 'out',
    limit?: number,
  ): Promise<EdgeRow[]> {
    const { holders, ids } = this.holders(snapshots);
    const snaps = 'snapshot IN (SELECT value FROM json_each(?))';
    const col = direction === 'out' ? 'source' : 'target';
    const rows = keys
      ? this.stmt(
          `SELECT ${EDGE_COLUMNS} FROM edges WHERE ${snaps} AND ${col} IN (SELECT value FROM json_each(?)) LIMIT ?`,
        ).all(ids, JSON.stringify(keys), limit ?? -1)
      : this.stmt(`SELECT ${EDGE_COLUMNS} FROM edges WHERE ${snaps}`).all(ids);
    return labelRows(rows as EdgeRow[], holders);
  }

  async edgeCount(
    snapshots: number[],
    keys: string[],
    direction: 'in' | 'out',
    cap: number,
  ): Promise<number> {
    const { ids } = this.holders(snapshots);
    const col = direction === 'out' ? 'source' : 'target';
    const row = this.stmt(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM edges WHERE snapshot IN (SELECT value FROM json_each(?)) AND ${col} IN (SELECT value FROM json_each(?)) LIMIT ?)`,
    ).get(ids, JSON.stringify(keys), cap) as { n: number };
    return row.n;
  }

  async lockHost(host: string, holder: string, staleAfterMs: number) {
    const take = this.db.transaction(() => {
      const row = this.db.prepare('SELECT holder, since FROM scan_locks WHERE host = ?').get(host) as
        | { holder: string; since: string }
        | undefined;
      if (markHolds(row, staleAfterMs)) return { ok: false as const, holder: row.holder, since: row.since };
      this.db
        .prepare('INSERT OR REPLACE INTO scan_locks (host, holder, since) VALUES (?, ?, ?)')
        .run(host, holder, new Date().toISOString());
      return { ok: true as const };
    });
    try {
      return take.immediate();
    } catch (err) {
      throw wrap(this.where, `cannot mark ${host} as being scanned`, err);
    }
  }

  async unlockHost(host: string, holder: string): Promise<void> {
    this.db.prepare('DELETE FROM scan_locks WHERE host = ? AND holder = ?').run(host, holder);
  }

  async cacheGet(hashes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(hashes)) {
      const rows = this.db
        .prepare(`SELECT hash, facts FROM scan_cache WHERE hash IN (${marks(part.length)})`)
        .all(...part) as Array<{
        hash: string;
        facts: string;
      }>;
      for (const r of rows) out.set(r.hash, r.facts);
    }
    return out;
  }

  async cachePut(entries: Array<[string, string]>): Promise<void> {
    const now = new Date().toISOString();
    const put = this.db.prepare(
      'INSERT OR REPLACE INTO scan_cache (hash, facts, stored_at) VALUES (?, ?, ?)',
    );
    const all = this.db.transaction(() => {
      for (const [h, f] of entries) put.run(h, f, now);
    });
    try {
      all.immediate();
    } catch (err) {
      throw wrap(this.where, 'cannot store the scan cache', err);
    }
  }

  async scanAccessesGet(key: string): Promise<string | undefined> {
    const row = this.stmt('SELECT accesses FROM scan_results WHERE key = ?').get(key) as
      | { accesses: string }
      | undefined;
    return row?.accesses;
  }

  async scanResultGet(key: string): Promise<Uint8Array | undefined> {
    const row = this.stmt('SELECT result FROM scan_results WHERE key = ?').get(key) as
      | { result: Buffer }
      | undefined;
    return row?.result;
  }

  async scanResultPut(key: string, row: StoredScanRow): Promise<void> {
    try {
      this.db
        .prepare('INSERT OR REPLACE INTO scan_results (key, accesses, result, stored_at) VALUES (?, ?, ?, ?)')
        .run(key, row.accesses, row.result, new Date().toISOString());
    } catch (err) {
      throw wrap(this.where, 'cannot store the scan cache', err);
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
