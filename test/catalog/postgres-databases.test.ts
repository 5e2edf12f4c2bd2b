/**
 * The PostgreSQL catalog against a real server (scripts/ci-services.sh starts it on 127.0.0.1:5432
 * with the role dfmap_test; DFMAP_TEST_PG_URL points elsewhere). Each test gets its own database.
 * Skipped, saying so, when no server answers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { readHead, readTexts } from '../../src/catalog/flow-pack.js';
import { loadPart } from '../../src/catalog/load-map.js';
import { pickSnapshots } from '../../src/catalog/pick-snapshots.js';
import { openPostgresCatalog } from '../../src/catalog/postgres-store.js';
import { storeSnapshot } from '../../src/catalog/store-snapshot.js';
import { readMapData } from '../../src/store/read-map-data.js';
import { catalogContract } from './contract.js';
import { fleetMaps, run } from './fleet-maps.js';

const ADMIN = process.env.DFMAP_TEST_PG_URL ?? 'postgres://dfmap_test:dfmap_test@127.0.0.1:5432/postgres';
const made: string[] = [];
let admin: pg.Client | undefined;
let skip: string | false = false;

before(async () => {
  const c = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    admin = c;
  } catch (err) {
    skip = `no PostgreSQL at ${ADMIN.replace(/:[^:@/]*@/, ':***@')} (${(err as Error).message}); run bash scripts/ci-services.sh start`;
  }
});

after(async () => {
  if (!admin) return;
  for (const db of made) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  await admin.end();
});

async function freshDatabase(options = ''): Promise<string> {
  const db = `dfmap_cat_${process.pid}_${made.length + 1}`;
  await admin!.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin!.query(`CREATE DATABASE ${db} ${options}`);
  made.push(db);
  const u = new URL(ADMIN);
  u.pathname = `/${db}`;
  return u.toString();
}

async function onDb(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('PostgreSQL catalog', () => {
  it('has a server to test against', (t) => {
    if (skip) t.skip(skip);
  });

  // first in the file: `pg` warns once a process, so a later test could not see it
  it('sends one query at a time: parts read together raise no deprecation from pg', async (t) => {
    if (skip) return t.skip(skip);
    const warnings: string[] = [];
    const heard = (w: Error) => warnings.push(w.message);
    process.on('warning', heard);
    const where = await freshDatabase();
    const store = await openPostgresCatalog(where);
    try {
      const maps = await fleetMaps();
      await storeSnapshot(store, readMapData(maps.etl01!), { origin: 'import etl01' });
      const [snap] = await pickSnapshots(store);
      const parts = await Promise.all(
        ['head', 'source', 'target', 'ekind', 'nkind'].map((part) => store.flowPack(snap!.id, part)),
      );
      assert.ok(
        parts.every((p) => p.size > 0),
        'every part was read',
      );
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(
        warnings.filter((m) => /already executing a query/.test(m)),
        [],
      );
    } finally {
      process.off('warning', heard);
      await store.close();
    }
  });

  describe('the store contract', () => {
    catalogContract({
      skip: () => skip,
      async fresh() {
        if (skip) throw new Error(skip);
        const where = await freshDatabase();
        return { where, store: await openPostgresCatalog(where) };
      },
      // a write that fails after the snapshot row and its nodes went in: the edges' trigger refuses
      async breakWrites(where) {
        await onDb(
          where,
          `CREATE FUNCTION dfmap_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;
           CREATE TRIGGER dfmap_test_fail BEFORE INSERT ON edges FOR EACH ROW EXECUTE FUNCTION dfmap_test_fail();`,
        );
        return () => onDb(where, 'DROP TRIGGER dfmap_test_fail ON edges; DROP FUNCTION dfmap_test_fail();');
      },
    });
  });

  it("reads a pack's texts as bytes where the server's encoding is not UTF-8, and answers the same", async (t) => {
    if (skip) return t.skip(skip);
    // convert_from(..., 'UTF8') would convert into the server's encoding: only a UTF-8 server gets it
    const where = await freshDatabase("ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
    const maps = await fleetMaps();
    const store = await openPostgresCatalog(where);
    try {
      await storeSnapshot(store, readMapData(maps.etl01!), { origin: 'import etl01' });
      const [snap] = await pickSnapshots(store);
      const head = readHead((await store.flowPack(snap!.id, 'head')).get(0))!;
      const chunks = Array.from({ length: Math.ceil((2 * head.nodes) / head.textChunk) }, (_, i) => i);
      const got = await store.flowTexts(snap!.id, 'nodes', chunks);
      assert.equal(got.size, chunks.length);
      for (const [c, chunk] of got) {
        assert.ok(chunk instanceof Uint8Array, `chunk ${c} as bytes`);
        const want = readTexts((await store.flowPack(snap!.id, 'nodes', [c])).get(c)!);
        assert.equal(readTexts(chunk).text(want.count - 1), want.text(want.count - 1));
      }
      // a walk on the pack gives what the rows give
      const key = (await store.nodes([snap!.id])).find((n) => n.kind === 'database')?.key;
      assert.ok(key, 'etl01 has a database');
      const opts = { walks: [{ direction: 'both' as const }] };
      const packed = await loadPart(store, [snap!], [key], { ...opts, via: 'pack' });
      const rows = await loadPart(store, [snap!], [key], { ...opts, via: 'rows' });
      assert.ok(packed.known, 'walked on the pack');
      assert.deepEqual(packed.data.nodes.map((n) => n.id).sort(), rows.data.nodes.map((n) => n.id).sort());
      assert.ok(packed.data.nodes.length > 1);
    } finally {
      await store.close();
    }
  });

  it('loses nothing when the server drops the connection mid-write', async (t) => {
    if (skip) return t.skip(skip);
    const where = await freshDatabase();
    const maps = await fleetMaps();
    const store = await openPostgresCatalog(where);
    await storeSnapshot(store, readMapData(maps.etl01!), { origin: 'first' });
    // slow the edges down, then end the writer's session from outside while it waits
    await onDb(
      where,
      `CREATE FUNCTION dfmap_test_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$;
       CREATE TRIGGER dfmap_test_slow BEFORE INSERT ON edges FOR EACH STATEMENT EXECUTE FUNCTION dfmap_test_slow();`,
    );
    const writing = storeSnapshot(store, readMapData(maps.etl02!), { origin: 'second' });
    // its failure is expected from now on: it may come while the admin query below is still out
    const failed = assert.rejects(writing, /cannot store the snapshot of etl02; nothing was stored/);
    await new Promise((r) => setTimeout(r, 100));
    await admin!.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [new URL(where).pathname.slice(1)],
    );
    await failed;
    await store.close();
    const again = await openPostgresCatalog(where);
    try {
      assert.deepEqual(
        (await again.listSnapshots()).map((s) => s.host),
        ['etl01'],
      );
    } finally {
      await again.close();
    }
  });

  it('keeps the scan cache: a second scan --catalog of an unchanged server reuses every extraction', async (t) => {
    if (skip) return t.skip(skip);
    const where = await freshDatabase();
    const root = path.resolve('test/fixtures/servers/archive-relay/root');
    const first = await run('scan', root, '--catalog', where, '-o', '-');
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /scan cache: 0 scripts reused, [1-9]\d* extracted/);
    const second = await run('scan', root, '--catalog', where, '-o', '-');
    // the whole stored scan: nothing it read had changed
    assert.match(
      second.err,
      /scan cache: [1-9]\d* scripts reused, 0 extracted \(nothing the scan read had changed\)/,
    );
    const strip = (text: string) => text.replace(/"scannedAt": "[^"]*"/, '');
    assert.equal(strip(second.out), strip(first.out));
  });

  it('scans again, not from the stored scan, once a file the scan read has changed', async (t) => {
    if (skip) return t.skip(skip);
    const where = await freshDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-pg-rescan-'));
    try {
      const root = path.join(dir, 'root');
      fs.cpSync(path.resolve('test/fixtures/servers/archive-relay/root'), root, { recursive: true });
      assert.equal((await run('scan', root, '--catalog', where, '-o', '-')).code, 0);
      const ini = path.join(root, 'opt/relay/relay.ini');
      fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('partner.example', 'mirror.example'));
      const changed = await run('scan', root, '--catalog', where, '-o', '-');
      assert.equal(changed.code, 0, changed.err);
      assert.doesNotMatch(changed.err, /nothing the scan read had changed/);
      assert.match(changed.out, /mirror\.example-freight\.com/);
      const again = await run('scan', root, '--catalog', where, '-o', '-');
      assert.match(again.err, /nothing the scan read had changed/);
      assert.match(again.out, /mirror\.example-freight\.com/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes many writers at once: one snapshot each', async (t) => {
    if (skip) return t.skip(skip);
    const where = await freshDatabase();
    const maps = await fleetMaps();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openPostgresCatalog(where)));
    try {
      await Promise.all(
        stores.map((s, i) =>
          storeSnapshot(s, readMapData(maps[['etl01', 'etl02', 'rpt01', 'etl01'][i]!]!), { origin: `w${i}` }),
        ),
      );
      const snaps = await stores[0]!.listSnapshots();
      assert.equal(snaps.length, 4);
      for (const s of snaps) assert.equal((await stores[0]!.nodes([s.id])).length, s.nodes);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it('never prints the password of a catalog URL, even when the login fails', async (t) => {
    if (skip) return t.skip(skip);
    const u = new URL(ADMIN);
    u.password = 'Wr0ng-s3cret';
    const r = await run('catalog', 'list', '--catalog', u.toString());
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot connect to the catalog/);
    assert.ok(!r.err.includes('Wr0ng-s3cret'), r.err);
    const gone = await run('catalog', 'list', '--catalog', 'postgres://me:Wr0ng-s3cret@127.0.0.1:1/x');
    assert.equal(gone.code, 2);
    assert.match(gone.err, /is the PostgreSQL server running/);
    assert.ok(!gone.err.includes('Wr0ng-s3cret'), gone.err);
  });

  it('serves the same CLI: scan --catalog and upstream across hosts', async (t) => {
    if (skip) return t.skip(skip);
    const where = await freshDatabase();
    for (const h of ['etl01', 'etl02', 'rpt01']) {
      const r = await run('scan', `examples/fleet/${h}`, '--catalog', where, '-q');
      assert.equal(r.code, 0, r.err);
    }
    const up = await run('upstream', 'daily.html', '--catalog', where, '--json');
    assert.equal(up.code, 0, up.err);
    const ids = JSON.parse(up.out).nodes.map((n: { id: string }) => n.id);
    assert.ok(ids.includes('script://etl01/opt/etl/load_orders.py'));
    assert.ok(ids.includes('script://etl02/opt/export/export_stock.sh'));
  });
});
