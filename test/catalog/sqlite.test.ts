import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE } from '../../src/catalog/schema.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite-store.js';
import { catalogContract, triangleMap } from './contract.js';
import { run } from './fleet-maps.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-catalog-'));
let n = 0;
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A catalog as a dfmap at schema `version` made it, open. */
function catalogAt(version: number, where: string): Database.Database {
  const db = new Database(where);
  db.exec(VERSION_TABLE);
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
    for (const stmt of m.sql('sqlite')) db.exec(stmt);
    db.prepare('INSERT INTO dfmap_schema VALUES (?, ?, ?)').run(m.version, 'then', m.why);
  }
  return db;
}

describe('SQLite catalog', () => {
  catalogContract({
    async fresh() {
      const where = path.join(dir, `c${++n}.db`);
      return { where, store: openSqliteCatalog(where, { busyMs: 200 }) };
    },
    // another writer holds SQLite's write lock longer than our busy timeout
    async breakWrites(where) {
      const other = new Database(where);
      other.exec('BEGIN IMMEDIATE');
      return async () => {
        other.exec('ROLLBACK');
        other.close();
      };
    },
  });

  it('refuses a catalog from a newer dfmap without touching it', () => {
    const where = path.join(dir, 'newer.db');
    openSqliteCatalog(where);
    const db = new Database(where);
    db.prepare("INSERT INTO dfmap_schema VALUES (99, 'later', 'a future dfmap')").run();
    db.close();
    assert.throws(() => openSqliteCatalog(where), /schema version 99, newer than this dfmap knows/);
  });

  it('brings a catalog made at schema version 2 up to date, keeping its scan cache', async () => {
    const where = path.join(dir, 'v2.db');
    const old = catalogAt(2, where);
    old.prepare("INSERT INTO scan_cache VALUES ('k1', '{}', 'then')").run();
    old.close();
    const store = openSqliteCatalog(where);
    try {
      assert.deepEqual([...(await store.cacheGet(['k1']))], [['k1', '{}']]);
      await store.scanResultPut('s', { accesses: '[]', result: Buffer.from('{}') });
      assert.equal(await store.scanAccessesGet('s'), '[]');
    } finally {
      await store.close();
    }
    const db = new Database(where, { readonly: true });
    const v = db.prepare('SELECT MAX(version) AS v FROM dfmap_schema').get() as { v: number };
    db.close();
    assert.equal(v.v, SCHEMA_VERSION);
  });

  it('answers from a catalog at schema version 3 opened to read (not migrated), and migrates it on the next write', async () => {
    const where = path.join(dir, 'v3.db');
    // stored by a dfmap of schema 3: every snapshot with rows of its own
    const legacy = catalogAt(3, where);
    legacy
      .prepare(
        `INSERT INTO snapshots (id, host, scanned_at, stored_at, format, origin, options, meta, nodes, edges)
       VALUES (1, 'tri01', '2026-03-01T00:00:00.000Z', 'then', 1, 'import', '{}', '{}', 3, 3)`,
      )
      .run();
    const m = triangleMap();
    for (const x of m.nodes as Array<{ id: string; kind: string; label: string }>)
      legacy
        .prepare("INSERT INTO nodes VALUES (1, ?, ?, ?, ?, ?, '', 0, ?)")
        .run(x.id, x.kind, x.label, x.id.toLowerCase(), x.label.toLowerCase(), JSON.stringify(x));
    for (const e of m.links as Array<{ source: string; target: string; kind: string }>)
      legacy
        .prepare('INSERT INTO edges VALUES (1, ?, ?, ?, ?)')
        .run(e.source, e.target, e.kind, JSON.stringify(e));
    legacy.close();
    const up = await run('upstream', 'load.sh', '--catalog', where, '--json');
    assert.equal(up.code, 0, up.err);
    assert.deepEqual(
      JSON.parse(up.out)
        .nodes.map((x: { id: string }) => x.id)
        .sort(),
      ['file:/data/tri/out.csv', 'script:/opt/tri/run.sh'],
    );
    const version = () => {
      const db = new Database(where, { readonly: true });
      const v = (db.prepare('SELECT MAX(version) AS v FROM dfmap_schema').get() as { v: number }).v;
      db.close();
      return v;
    };
    assert.equal(version(), 3, 'reading changed nothing');
    const store = openSqliteCatalog(where);
    await store.close();
    assert.equal(version(), SCHEMA_VERSION);
  });

  it('scan --catalog, then upstream --catalog crosses hosts (the fleet example, end to end)', async () => {
    const where = path.join(dir, 'fleet.db');
    for (const h of ['etl01', 'etl02', 'rpt01']) {
      const r = await run('scan', path.resolve('examples/fleet', h), '--catalog', where, '-q');
      assert.equal(r.code, 0, r.err);
    }
    const list = await run('catalog', 'list', '--catalog', where, '--json');
    assert.deepEqual(
      JSON.parse(list.out).snapshots.map((s: { host: string }) => s.host),
      ['etl01', 'etl02', 'rpt01'],
    );
    const up = await run('upstream', 'daily.html', '--catalog', where, '--json');
    assert.equal(up.code, 0, up.err);
    const keys = JSON.parse(up.out).nodes.map((x: { id: string }) => x.id);
    assert.ok(keys.includes('script://etl01/opt/etl/load_orders.py'), keys.join(' '));
    assert.ok(keys.includes('script://etl02/opt/export/export_stock.sh'));
    const one = await run('upstream', 'daily.html', '--catalog', where, '--snapshot', 'rpt01', '--json');
    const local = JSON.parse(one.out).nodes.map((x: { id: string }) => x.id);
    assert.ok(!local.some((k: string) => k.includes('etl0')), 'one host alone does not see the writers');
    const impact = await run('impact', 'sales.orders', '--catalog', where, '--json');
    assert.deepEqual(JSON.parse(impact.out).hosts.includes('rpt01'), true);
    const exported = await run('catalog', 'export', '--catalog', where);
    assert.equal(JSON.parse(exported.out).graph.host, 'fleet');
    const twice = await run('scan', path.resolve('examples/fleet/etl01'), '--catalog', where, '-q');
    assert.equal(twice.code, 0);
    const missing = await run('upstream', 'daily.html', '--catalog', path.join(dir, 'none.db'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no catalog there/);
  });

  it('ego --catalog gives the same network as ego --map on the same map, at every radius', async () => {
    const map = path.join(dir, 'triangle.json');
    fs.writeFileSync(map, JSON.stringify(triangleMap()));
    const where = path.join(dir, 'triangle.db');
    assert.equal((await run('catalog', 'import', map, '--catalog', where)).code, 0);
    const shape = (out: string) => {
      const ego = JSON.parse(out) as {
        nodes: Array<{ distance: number; kind: string }>;
        edges: Array<{ kind: string }>;
      };
      return {
        nodes: ego.nodes.map((n) => `${n.distance} ${n.kind}`).sort(),
        edges: ego.edges.map((e) => e.kind).sort(),
      };
    };
    for (const radius of ['1', '2']) {
      const fromMap = await run('ego', 'run.sh', '--radius', radius, '--json', '--map', map);
      const fromCatalog = await run('ego', 'run.sh', '--radius', radius, '--json', '--catalog', where);
      assert.equal(fromCatalog.code, 0, fromCatalog.err);
      assert.deepEqual(shape(fromCatalog.out), shape(fromMap.out));
      // out.csv -> load.sh, both one step from run.sh
      assert.equal(shape(fromMap.out).edges.length, 3);
    }
  });

  it('impact --catalog of a database and of a host gives what impact --map does: the scripts writing into them too', async () => {
    const ev = [{ file: '/opt/h/load.py', line: 3, construct: 'cursor.execute', method: 'static' }];
    const link = (source: string, target: string, kind: string) => ({
      source,
      target,
      kind,
      confidence: 'exact',
      evidence: ev,
    });
    const data = {
      directed: true,
      multigraph: false,
      graph: { schemaVersion: 1, tool: 'dfmap', host: 'h1', scannedAt: '2026-03-01T00:00:00.000Z' },
      nodes: [
        { id: 'host:db9', kind: 'host', name: 'db9', label: 'db9' },
        {
          id: 'database:mysql://db9:3306',
          kind: 'database',
          url: 'mysql://db9:3306',
          name: 'mysql',
          label: 'mysql',
        },
        {
          id: 'table:mysql://db9:3306/s.t',
          kind: 'table',
          name: 's.t',
          label: 's.t',
          namespace: 'mysql://db9:3306',
        },
        { id: 'script:/opt/h/load.py', kind: 'script', path: '/opt/h/load.py', label: 'load.py' },
        { id: 'script:/opt/h/report.py', kind: 'script', path: '/opt/h/report.py', label: 'report.py' },
        { id: 'file:/data/in.csv', kind: 'file', path: '/data/in.csv', label: 'in.csv' },
        { id: 'file:/data/report.csv', kind: 'file', path: '/data/report.csv', label: 'report.csv' },
      ],
      links: [
        link('file:/data/in.csv', 'script:/opt/h/load.py', 'reads'),
        link('script:/opt/h/load.py', 'table:mysql://db9:3306/s.t', 'writes'),
        link('database:mysql://db9:3306', 'table:mysql://db9:3306/s.t', 'contains'),
        link('table:mysql://db9:3306/s.t', 'script:/opt/h/report.py', 'reads'),
        link('script:/opt/h/report.py', 'file:/data/report.csv', 'writes'),
      ],
    };
    const map = path.join(dir, 'db9.json');
    fs.writeFileSync(map, JSON.stringify(data));
    const where = path.join(dir, 'db9.db');
    assert.equal((await run('catalog', 'import', map, '--catalog', where)).code, 0);
    const shape = (out: string) => {
      const r = JSON.parse(out) as {
        hit: Array<{ name: string }>;
        affected: Record<string, Array<{ name: string }>>;
      };
      return {
        hit: r.hit.map((n) => n.name),
        affected: Object.values(r.affected)
          .flat()
          .map((n) => n.name)
          .sort(),
      };
    };
    for (const node of ['mysql://db9:3306', 's.t', 'db9']) {
      const fromMap = await run('impact', node, '--json', '--map', map);
      const fromCatalog = await run('impact', node, '--json', '--catalog', where);
      assert.equal(fromCatalog.code, 0, fromCatalog.err);
      assert.deepEqual(shape(fromCatalog.out), shape(fromMap.out), node);
      // load.py only writes the table: not downstream of it, but it fails with it
      assert.ok(shape(fromMap.out).hit.includes('/opt/h/load.py'), node);
    }
  });
});
