/**
 * The team catalog: PostgreSQL through `pg`, the same schema as SQLite. Many scans write at once:
 * each snapshot is one transaction (rows go in as arrays through unnest, 5,000 at a time), so a
 * scan whose connection drops leaves nothing behind; migrations take an advisory lock so two
 * first runs do not race. The URL's password is used to connect and never printed or stored.
 */
import pg from 'pg';
import { redactUrl } from '../util/redact.js';
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

const BATCH = 5000;

export async function openPostgresCatalog(
  url: string,
  opts: { readonly?: boolean } = {},
): Promise<CatalogStore> {
  const where = redactUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a server gone mid-query fails that query; this only stops a crash
  try {
    await client.connect();
  } catch (err) {
    throw pgError(where, 'cannot connect to the catalog', err);
  }
  const store = new PostgresCatalog(client, where);
  try {
    if (!opts.readonly) await store.migrate();
    await store.checkVersion(opts.readonly === true);
  } catch (err) {
    await client.end().catch(() => {});
    throw err instanceof CatalogError ? err : pgError(where, 'cannot prepare the catalog', err);
  }
  return store;
}

function pgError(where: string, what: string, err: unknown): CatalogError {
  const e = err as { code?: string; message?: string };
  // the message of a failed connection can quote the URL; keep only what is not a credential
  const why = redactUrl(e.message ?? String(err)).replace(/password[^,;]*/gi, 'password ***');
  const gone =
    e.code === 'ECONNREFUSED' ||
    e.code === 'ECONNRESET' ||
    e.code === '57P01' ||
    /terminat|Connection/i.test(why);
  return new CatalogError(`${where}: ${what} (${why}).`, {
    hint: gone
      ? 'is the PostgreSQL server running and reachable? nothing was stored'
      : "check the catalog URL and the role's rights",
    cause: err,
  });
}

class PostgresCatalog implements CatalogStore {
  readonly dialect = 'postgres' as const;
  /** The catalog's schema version (checkVersion): before 4, no snapshot shares rows. */
  private schema = SCHEMA_VERSION;
  constructor(
    private readonly c: pg.Client,
    readonly where: string,
  ) {}

  async migrate(): Promise<void> {
    await this.c.query('BEGIN');
    try {
      await this.c.query("SELECT pg_advisory_xact_lock(hashtext('dfmap_schema'))");
      await this.c.query(VERSION_TABLE);
      const at = await this.version();
      for (const m of MIGRATIONS) {
        if (m.version <= at) continue;
        for (const stmt of m.sql('postgres')) await this.c.query(stmt);
        await this.c.query('INSERT INTO dfmap_schema (version, applied_at, why) VALUES ($1, $2, $3)', [
          m.version,
          new Date().toISOString(),
          m.why,
        ]);
      }
      await this.c.query('COMMIT');
    } catch (err) {
      await this.c.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  private async version(): Promise<number> {
    const r = await this.c.query("SELECT to_regclass('dfmap_schema') AS t");
    if (!r.rows[0]?.t) return 0;
    const v = await this.c.query('SELECT MAX(version) AS v FROM dfmap_schema');
    return Number(v.rows[0]?.v ?? 0);
  }

  async checkVersion(readonly: boolean): Promise<void> {
    const v = await this.version();
    if (v === 0 && readonly) {
      throw new CatalogError(`${this.where}: no catalog there.`, {
        hint: 'store a scan first: dfmap scan ROOT --catalog URL',
      });
    }
    if (v > SCHEMA_VERSION) throw newerSchema(this.where, v, SCHEMA_VERSION);
    this.schema = v;
  }

  async writeSnapshot(
    snap: NewSnapshot,
    nodes: Omit<NodeRow, 'snapshot'>[],
    edges: Omit<EdgeRow, 'snapshot'>[],
    pack: Iterable<PackChunk> = [],
  ): Promise<number> {
    const c = this.c;
    try {
      await c.query('BEGIN');
      const values = newSnapshotValues(snap, nodes, edges);
      const r = await c.query(
        `INSERT INTO snapshots (${NEW_SNAPSHOT_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        values,
      );
      const id = Number(r.rows[0].id);
      for (let i = 0; i < nodes.length; i += BATCH) {
        const part = nodes.slice(i, i + BATCH);
        await c.query(
          `INSERT INTO nodes (${NODE_COLUMNS})
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
           ON CONFLICT DO NOTHING`,
          [
            id,
            part.map((n) => n.key),
            part.map((n) => n.kind),
            part.map((n) => n.label),
            part.map((n) => n.lname),
            part.map((n) => n.tail),
            part.map((n) => n.uhost),
            part.map((n) => (n.partial ? 1 : 0)),
            part.map((n) => n.attrs),
          ],
        );
      }
      for (let i = 0; i < edges.length; i += BATCH) {
        const part = edges.slice(i, i + BATCH);
        await c.query(
          `INSERT INTO edges (${EDGE_COLUMNS})
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
          [
            id,
            part.map((e) => e.source),
            part.map((e) => e.target),
            part.map((e) => e.kind),
            part.map((e) => e.attrs),
          ],
        );
      }
      for (const p of pack) {
        await c.query('INSERT INTO flow_packs (snapshot, part, chunk, data) VALUES ($1, $2, $3, $4)', [
          id,
          p.part,
          p.chunk,
          Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength),
        ]);
      }
      await c.query('COMMIT');
      return id;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw pgError(this.where, `cannot store the snapshot of ${snap.host}; nothing was stored`, err);
    }
  }

  async shareSnapshot(snap: NewSnapshot & { content: string }): Promise<SharedSnapshot | undefined> {
    const c = this.c;
    try {
      await c.query('BEGIN');
      // the owner row locked: a prune handing its rows on waits for this snapshot, and sees it
      const found = await c.query(
        sharedRowsSql((n) => `$${n}`),
        [snap.host, snap.content],
      );
      const owner = found.rows[0] as { owner: string; nodes: number; edges: number } | undefined;
      const locked = owner
        ? await c.query('SELECT id FROM snapshots WHERE id = $1 FOR UPDATE', [owner.owner])
        : undefined;
      if (!owner || locked?.rowCount !== 1) {
        await c.query('ROLLBACK');
        return undefined;
      }
      const values = [
        ...newSnapshotValues(snap, { length: Number(owner.nodes) }, { length: Number(owner.edges) }),
        owner.owner,
      ];
      const r = await c.query(
        `INSERT INTO snapshots (${NEW_SNAPSHOT_COLUMNS}, rows_of) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        values,
      );
      await c.query('COMMIT');
      return {
        id: Number(r.rows[0].id),
        nodes: Number(owner.nodes),
        edges: Number(owner.edges),
        rowsOf: Number(owner.owner),
      };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw pgError(this.where, `cannot store the snapshot of ${snap.host}; nothing was stored`, err);
    }
  }

  /**
   * Reads one after another: a connection runs one query at a time, and `pg` deprecates being
   * handed the next while one runs (a pack's parts read together, the next chunks asked for early).
   * Each read is sent as the one before it ends, as `pg`'s own queue would send it.
   */
  private reads: Promise<unknown> = Promise.resolve();

  private async q<T>(sql: string, args: unknown[] = []): Promise<T[]> {
    const run = this.reads.then(() => this.c.query(sql, args));
    this.reads = run.catch(() => undefined);
    try {
      return (await run).rows as T[];
    } catch (err) {
      throw pgError(this.where, 'cannot read the catalog', err);
    }
  }

  async listSnapshots(filter: SnapshotFilter = {}): Promise<SnapshotInfo[]> {
    const { where, args } = snapshotWhere(filter, (n) => `$${n}`);
    const rows = await this.q<SnapshotRowShape>(
      `SELECT ${snapshotColumns(this.schema)} FROM snapshots ${where} ORDER BY scanned_at, id`,
      args,
    );
    return rows.map(snapshotFromRow);
  }

  async snapshotMeta(id: number): Promise<Record<string, unknown>> {
    const rows = await this.q<{ meta: string }>('SELECT meta FROM snapshots WHERE id = $1', [id]);
    return rows[0] ? (JSON.parse(rows[0].meta) as Record<string, unknown>) : {};
  }

  async deleteSnapshots(ids: number[]): Promise<void> {
    try {
      await this.c.query('BEGIN');
      // locked first, so a snapshot being stored to share their rows is either seen here or waits
      await this.c.query('SELECT id FROM snapshots WHERE id = ANY($1::bigint[]) FOR UPDATE', [ids]);
      const heirs = await this.c.query(
        `SELECT rows_of AS owner, MIN(id) AS heir FROM snapshots
         WHERE rows_of = ANY($1::bigint[]) AND NOT (id = ANY($1::bigint[])) GROUP BY rows_of`,
        [ids],
      );
      for (const { owner, heir } of heirs.rows as Array<{ owner: string; heir: string }>) {
        for (const t of rowTables(this.schema))
          await this.c.query(`UPDATE ${t} SET snapshot = $1 WHERE snapshot = $2`, [heir, owner]);
        await this.c.query('UPDATE snapshots SET rows_of = NULL WHERE id = $1', [heir]);
        await this.c.query('UPDATE snapshots SET rows_of = $1 WHERE rows_of = $2', [heir, owner]);
      }
      for (const t of rowTables(this.schema))
        await this.c.query(`DELETE FROM ${t} WHERE snapshot = ANY($1::bigint[])`, [ids]);
      await this.c.query('DELETE FROM snapshots WHERE id = ANY($1::bigint[])', [ids]);
      await this.c.query('COMMIT');
    } catch (err) {
      await this.c.query('ROLLBACK').catch(() => {});
      throw pgError(this.where, 'cannot delete snapshots; nothing was deleted', err);
    }
  }

  async flowPack(snapshot: number, part: string, chunks?: number[]): Promise<Map<number, Uint8Array>> {
    const out = new Map<number, Uint8Array>();
    if (this.schema < PACKS_FROM) return out;
    const [holder] = (await this.holders([snapshot])).ids;
    if (holder === undefined) return out;
    const rows = chunks
      ? await this.q<{ chunk: number; data: Buffer }>(
          'SELECT chunk, data FROM flow_packs WHERE snapshot = $1 AND part = $2 AND chunk = ANY($3::int[])',
          [holder, part, chunks],
        )
      : await this.q<{ chunk: number; data: Buffer }>(
          'SELECT chunk, data FROM flow_packs WHERE snapshot = $1 AND part = $2 ORDER BY chunk',
          [holder, part],
        );
    for (const r of rows) out.set(Number(r.chunk), r.data);
    return out;
  }

  /**
   * Where the server's text is UTF-8, the texts of each chunk are sent as text: a bytea comes as
   * hex, twice its bytes, decoded twice. The head (count, flags, offsets: flow-pack.ts) stays bytes.
   */
  async flowTexts(
    snapshot: number,
    part: 'nodes' | 'edges',
    chunks: number[],
  ): Promise<Map<number, TextChunk>> {
    if (this.schema < PACKS_FROM || !(await this.utf8())) return this.flowPack(snapshot, part, chunks);
    // a text chunk's texts start after its count, flags and count + 1 offsets, 4 bytes each
    const start = '4 * (get_byte(data, 0) + (get_byte(data, 1) << 8) + (get_byte(data, 2) << 16) + 3)';
    const rows = await this.q<{ chunk: number; head: Buffer; text: string }>(
      `SELECT chunk, substring(data FROM 1 FOR h) AS head, convert_from(substring(data FROM h + 1), 'UTF8') AS text
         FROM (SELECT chunk, data, ${start} AS h FROM flow_packs
                WHERE snapshot = (SELECT holder FROM (${holdersSql(this.schema, '= $1')}) s)
                  AND part = $2 AND chunk = ANY($3::int[])) c`,
      [snapshot, part, chunks],
    );
    return new Map(rows.map((r) => [Number(r.chunk), { head: r.head, text: r.text }]));
  }

  private encoding?: Promise<boolean>;
  /** Is the server's encoding UTF-8 (convert_from to it loses nothing)? */
  private utf8(): Promise<boolean> {
    this.encoding ??= this.q<{ server_encoding: string }>('SHOW server_encoding').then(
      (r) => r[0]?.server_encoding === 'UTF8',
    );
    return this.encoding;
  }

  /** The snapshots holding the rows of these (store-rows.ts). */
  private async holders(snapshots: number[]): Promise<{ holders: Map<number, number[]>; ids: number[] }> {
    const rows = await this.q<{ id: string; holder: string }>(
      holdersSql(this.schema, '= ANY($1::bigint[])'),
      [snapshots],
    );
    const holders = holdersOf(rows);
    return { holders, ids: [...holders.keys()] };
  }

  async nodes(snapshots: number[], keys?: string[]): Promise<NodeRow[]> {
    const { holders, ids } = await this.holders(snapshots);
    const cols = NODE_COLUMNS;
    const rows = keys
      ? await this.q<NodeRow>(
          `SELECT ${cols} FROM nodes WHERE snapshot = ANY($1::bigint[]) AND key = ANY($2::text[])`,
          [ids, keys],
        )
      : await this.q<NodeRow>(`SELECT ${cols} FROM nodes WHERE snapshot = ANY($1::bigint[])`, [ids]);
    return labelRows(rows.map(fixNode), holders);
  }

  async candidates(snapshots: number[], t: NameTerms): Promise<NodeRow[]> {
    const { holders, ids } = await this.holders(snapshots);
    const rows = await this.q<NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE snapshot = ANY($1::bigint[]) AND (
        key = $2 OR lname = $3 OR label = $4 OR tail = ANY($5::text[]) OR uhost = $6 OR partial = 1)`,
      [ids, t.key, t.lname, t.label, t.tails, t.uhost],
    );
    return labelRows(rows.map(fixNode), holders);
  }

  async edges(
    snapshots: number[],
    keys?: string[],
    direction: 'in' | 'out' = 'out',
    limit?: number,
  ): Promise<EdgeRow[]> {
    const { holders, ids } = await this.holders(snapshots);
    const cols = EDGE_COLUMNS;
    const col = direction === 'out' ? 'source' : 'target';
    const rows = keys
      ? await this.q<EdgeRow>(
          `SELECT ${cols} FROM edges WHERE snapshot = ANY($1::bigint[]) AND ${col} = ANY($2::text[])${limit === undefined ? '' : ' LIMIT $3'}`,
          limit === undefined ? [ids, keys] : [ids, keys, limit],
        )
      : await this.q<EdgeRow>(`SELECT ${cols} FROM edges WHERE snapshot = ANY($1::bigint[])`, [ids]);
    for (const r of rows) r.snapshot = Number(r.snapshot);
    return labelRows(rows, holders);
  }

  async edgeCount(
    snapshots: number[],
    keys: string[],
    direction: 'in' | 'out',
    cap: number,
  ): Promise<number> {
    const { ids } = await this.holders(snapshots);
    const col = direction === 'out' ? 'source' : 'target';
    const [row] = await this.q<{ n: string }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM edges WHERE snapshot = ANY($1::bigint[]) AND ${col} = ANY($2::text[]) LIMIT $3) AS hits`,
      [ids, keys, cap],
    );
    return Number(row?.n ?? 0);
  }

  async lockHost(host: string, holder: string, staleAfterMs: number) {
    try {
      await this.c.query('BEGIN');
      await this.c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dfmap-host:${host}`]);
      const r = await this.c.query('SELECT holder, since FROM scan_locks WHERE host = $1', [host]);
      const row = r.rows[0] as { holder: string; since: string } | undefined;
      if (markHolds(row, staleAfterMs)) {
        await this.c.query('COMMIT');
        return { ok: false as const, holder: row.holder, since: row.since };
      }
      await this.c.query(
        'INSERT INTO scan_locks (host, holder, since) VALUES ($1, $2, $3) ON CONFLICT (host) DO UPDATE SET holder = $2, since = $3',
        [host, holder, new Date().toISOString()],
      );
      await this.c.query('COMMIT');
      return { ok: true as const };
    } catch (err) {
      await this.c.query('ROLLBACK').catch(() => {});
      throw pgError(this.where, `cannot mark ${host} as being scanned`, err);
    }
  }

  async unlockHost(host: string, holder: string): Promise<void> {
    await this.q('DELETE FROM scan_locks WHERE host = $1 AND holder = $2', [host, holder]);
  }

  async cacheGet(hashes: string[]): Promise<Map<string, string>> {
    const rows = await this.q<{ hash: string; facts: string }>(
      'SELECT hash, facts FROM scan_cache WHERE hash = ANY($1::text[])',
      [hashes],
    );
    return new Map(rows.map((r) => [r.hash, r.facts]));
  }

  async cachePut(entries: Array<[string, string]>): Promise<void> {
    const now = new Date().toISOString();
    for (let i = 0; i < entries.length; i += BATCH) {
      const part = entries.slice(i, i + BATCH);
      await this.q(
        `INSERT INTO scan_cache (hash, facts, stored_at) SELECT h, f, $3 FROM unnest($1::text[], $2::text[]) AS x(h, f)
         ON CONFLICT (hash) DO UPDATE SET facts = excluded.facts, stored_at = excluded.stored_at`,
        [part.map((e) => e[0]), part.map((e) => e[1]), now],
      );
    }
  }

  async scanAccessesGet(key: string): Promise<string | undefined> {
    const rows = await this.q<{ v: string }>('SELECT accesses AS v FROM scan_results WHERE key = $1', [key]);
    return rows[0]?.v;
  }

  async scanResultGet(key: string): Promise<Uint8Array | undefined> {
    const rows = await this.q<{ v: Buffer }>('SELECT result AS v FROM scan_results WHERE key = $1', [key]);
    return rows[0]?.v;
  }

  async scanResultPut(key: string, row: StoredScanRow): Promise<void> {
    await this.q(
      `INSERT INTO scan_results (key, accesses, result, stored_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET accesses = excluded.accesses, result = excluded.result, stored_at = excluded.stored_at`,
      [key, row.accesses, Buffer.from(row.result), new Date().toISOString()],
    );
  }

  async close(): Promise<void> {
    await this.c.end().catch(() => {});
  }
}

function fixNode(r: NodeRow): NodeRow {
  r.snapshot = Number(r.snapshot);
  r.partial = Number(r.partial) === 1;
  return r;
}
