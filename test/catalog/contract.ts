/**
 * What every catalog store must do, run against each real store (SQLite file, PostgreSQL server):
 * snapshots in and out, the fleet join across hosts, focused walks equal to whole-map answers,
 * --as-of, prune, locks, newer-format refusal, no credentials stored.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type EgoNetwork, egoNetwork } from '../../src/analyses/ego.js';
import { impact } from '../../src/analyses/impact.js';
import { upstream } from '../../src/analyses/upstream.js';
import { readHead, readTexts } from '../../src/catalog/flow-pack.js';
import {
  type AroundOptions,
  loadAround,
  loadMap,
  loadPart,
  loadPartShape,
} from '../../src/catalog/load-map.js';
import { pickSnapshots } from '../../src/catalog/pick-snapshots.js';
import { storeSnapshot } from '../../src/catalog/store-snapshot.js';
import type { CatalogStore } from '../../src/catalog/types.js';
import { indexNodeLink } from '../../src/graph/flow-index.js';
import type { NodeLinkData } from '../../src/store/node-link.js';
import { readMapData } from '../../src/store/read-map-data.js';
import { plain } from '../helpers/plain.js';
import { FLEET_HOSTS, fleetMaps, run } from './fleet-maps.js';

export interface ContractTarget {
  /** A fresh, empty catalog each call: its address and an open store. */
  fresh(): Promise<{ where: string; store: CatalogStore }>;
  /** Make the store's next write fail part-way (a lock held elsewhere, a server gone). */
  breakWrites?(where: string): Promise<() => Promise<void>>;
  /** Why the store cannot be tested here (no server), or false. */
  skip?(): string | false;
}

const REPORT = 'file://rpt01/srv/www/reports/daily.html';

async function fleetCatalog(t: ContractTarget): Promise<{ where: string; store: CatalogStore }> {
  const maps = await fleetMaps();
  const c = await t.fresh();
  for (const h of FLEET_HOSTS) await storeSnapshot(c.store, readMapData(maps[h]!), { origin: `import ${h}` });
  return c;
}

/** run.sh calls load.sh and writes out.csv, which load.sh reads. */
export function triangleMap(): NodeLinkData {
  const script = (path: string) => ({
    id: `script:${path}`,
    kind: 'script',
    path,
    label: path.split('/').pop(),
  });
  const ev = (line: number, construct: string) => [
    { file: '/opt/tri/run.sh', line, construct, method: 'static' },
  ];
  return {
    directed: true,
    multigraph: false,
    graph: { schemaVersion: 1, tool: 'dfmap', host: 'tri01', scannedAt: '2026-03-01T00:00:00.000Z' },
    nodes: [
      script('/opt/tri/run.sh'),
      script('/opt/tri/load.sh'),
      { id: 'file:/data/tri/out.csv', kind: 'file', path: '/data/tri/out.csv', label: 'out.csv' },
    ],
    links: [
      {
        source: 'script:/opt/tri/run.sh',
        target: 'file:/data/tri/out.csv',
        kind: 'writes',
        confidence: 'exact',
        evidence: ev(2, 'redirection >'),
      },
      {
        source: 'script:/opt/tri/run.sh',
        target: 'script:/opt/tri/load.sh',
        kind: 'invokes',
        confidence: 'exact',
        evidence: ev(3, 'command'),
      },
      {
        source: 'file:/data/tri/out.csv',
        target: 'script:/opt/tri/load.sh',
        kind: 'reads',
        confidence: 'exact',
        evidence: [{ file: '/opt/tri/load.sh', line: 2, construct: 'redirection <', method: 'static' }],
      },
    ],
  } as unknown as NodeLinkData;
}

/** An ego network with its edges in one order (the walk finds them in another than the whole map's index). */
function sortedEgo(ego: EgoNetwork): EgoNetwork {
  const id = (e: EgoNetwork['edges'][number]) => `${e.source}\u0000${e.target}\u0000${e.kind}`;
  return { ...ego, edges: [...ego.edges].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)) };
}

export function catalogContract(t: ContractTarget): void {
  it("joins three hosts: upstream of the reader's report reaches both writers", async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await fleetCatalog(t);
    try {
      const snaps = await pickSnapshots(store);
      assert.deepEqual(
        snaps.map((s) => s.host),
        ['etl01', 'etl02', 'rpt01'],
      );
      const part = await loadAround(store, snaps, [REPORT], { walks: [{ direction: 'upstream' }] });
      const keys = new Set(part.nodes.map((n) => n.id));
      // through the shared MySQL table, written on etl01 and read on rpt01
      assert.ok(keys.has('table:mysql://db01:3306/sales.orders'));
      assert.ok(keys.has('script://etl01/opt/etl/load_orders.py'));
      // through the NFS export: etl02's /data/exports and rpt01's /mnt/reports are nfs01:/export/reports
      assert.ok(keys.has('file://nfs01/export/reports/stock.csv'));
      assert.ok(keys.has('script://etl02/opt/export/export_stock.sh'));
      // scp rpt01:/srv/incoming/stock.count on etl02 is rpt01's file, filled in by rpt01's scan
      const count = part.nodes.find((n) => n.id === 'file://rpt01/srv/incoming/stock.count');
      assert.ok(count);
      assert.equal((count as Record<string, unknown>).placeholder, undefined);
      assert.equal((count as Record<string, unknown>).host, 'rpt01');
      // the walk never loaded what does not feed the report
      assert.ok(!keys.has('file://etl01/var/log/etl/load_orders.log'));
    } finally {
      await store.close();
    }
  });

  it('answers ego exactly as the whole map does, edges between the outermost nodes too', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await fleetCatalog(t);
    try {
      // a fourth host where run.sh writes out.csv that load.sh (which run.sh calls) reads:
      // at radius 1 of run.sh, out.csv -> load.sh joins two nodes both one step out
      await storeSnapshot(store, triangleMap(), { origin: 'import triangle' });
      const snaps = await pickSnapshots(store);
      const whole = indexNodeLink(await loadMap(store, snaps));
      let boundary = 0;
      for (const radius of [1, 2]) {
        for (const key of whole.keys) {
          const walks = [{ direction: 'both' as const, depth: radius }];
          const part = indexNodeLink(await loadAround(store, snaps, [key], { walks }));
          const want = sortedEgo(egoNetwork(whole, key, { radius }));
          assert.deepEqual(
            sortedEgo(egoNetwork(part, key, { radius })),
            want,
            `ego of ${key}, radius ${radius}`,
          );
          const far = new Set(want.nodes.filter((n) => n.distance === radius).map((n) => n.id));
          boundary += want.edges.filter((e) => far.has(e.source) && far.has(e.target)).length;
        }
      }
      assert.ok(boundary > 0, 'some ego network has an edge between two outermost nodes');
    } finally {
      await store.close();
    }
  });

  it('answers impact exactly as the whole map does: the scripts writing into a failed database too', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await fleetCatalog(t);
    try {
      const snaps = await pickSnapshots(store);
      const whole = indexNodeLink(await loadMap(store, snaps));
      const at = new Date('2026-03-10T12:00:00Z');
      const opts = { walks: [{ direction: 'downstream' as const }], invokers: true, failure: true };
      let writers = 0;
      for (const key of whole.keys) {
        // a host's members are found by name, not by walking: the command loads the whole map for them
        if (whole.nodes[whole.indexOf(key)]!.kind === 'host') continue;
        const want = plain(impact(whole, key, { at }));
        for (const via of ['rows', 'pack'] as const) {
          const part = await loadPart(store, snaps, [key], { ...opts, via });
          assert.deepEqual(
            plain(impact(indexNodeLink(part.data, part.known), key, { at })),
            want,
            `impact of ${key} (${via})`,
          );
          // the part impact reads: its edges' kinds alone
          const shape = (await loadPartShape(store, snaps, [key], { ...opts, via })).index;
          assert.deepEqual(plain(impact(shape, key, { at })), want, `impact of ${key} (${via}, kinds only)`);
        }
        // a hit script that is not downstream: it writes into what failed
        const down = new Set(upstreamOf(whole, key));
        writers += want.hit.filter((h) => down.has(h.id)).length;
      }
      assert.ok(writers > 0, 'some failure hits a script that only writes into it');
    } finally {
      await store.close();
    }
  });

  it("gives a pack's texts as its bytes hold them, also texts that are not ASCII", async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await t.fresh();
    try {
      // a name of two-byte, three-byte and four-byte (two UTF-16 units) characters, among plain ones
      const odd = '/data/tri/résumé-日本-😀.csv';
      const map = JSON.parse(
        JSON.stringify(triangleMap()).replaceAll('/data/tri/out.csv', odd),
      ) as NodeLinkData;
      await storeSnapshot(store, map, { origin: 'import triangle' });
      const [snap] = await pickSnapshots(store);
      const head = readHead((await store.flowPack(snap!.id, 'head')).get(0))!;
      let texts = 0;
      for (const [part, count] of [
        ['nodes', 2 * head.nodes],
        ['edges', head.edges],
      ] as const) {
        const chunks = Array.from({ length: Math.ceil(count / head.textChunk) }, (_, i) => i);
        const bytes = await store.flowPack(snap!.id, part, chunks);
        const got = await store.flowTexts(snap!.id, part, chunks);
        assert.deepEqual([...got.keys()].sort(), chunks);
        for (const c of chunks) {
          // PostgreSQL sends the texts as text, not as hex
          if (store.dialect === 'postgres') assert.ok(!(got.get(c) instanceof Uint8Array));
          const want = readTexts(bytes.get(c)!);
          const have = readTexts(got.get(c)!);
          assert.equal(have.count, want.count);
          for (let i = 0; i < want.count; i++, texts++) assert.equal(have.text(i), want.text(i));
        }
      }
      assert.ok(texts >= 2 * head.nodes + head.edges);
      // and the walks read them: the file is found by its key, with the scripts around it
      const key = (await store.nodes([snap!.id])).map((n) => n.key).find((k) => k.endsWith(odd))!;
      const part = await loadPart(store, [snap!], [key], { walks: [{ direction: 'both' }], via: 'pack' });
      assert.ok(part.known, 'walked on the pack');
      assert.deepEqual(part.data.nodes.map((n) => n.id).sort(), [
        key,
        'script://tri01/opt/tri/load.sh',
        'script://tri01/opt/tri/run.sh',
      ]);
    } finally {
      await store.close();
    }
  });

  it('counts the edges of a frontier up to a cap, as many as it would read', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await fleetCatalog(t);
    try {
      const snaps = (await pickSnapshots(store)).map((s) => s.id);
      const keys = (await store.nodes(snaps)).map((n) => n.key);
      let capped = 0;
      for (const dir of ['in', 'out'] as const) {
        for (const key of keys) {
          const all = (await store.edges(snaps, [key], dir)).length;
          for (const cap of [1, 2, 1000]) {
            assert.equal(
              await store.edgeCount(snaps, [key], dir, cap),
              Math.min(all, cap),
              `${key} ${dir} ${cap}`,
            );
            if (all > cap) capped++;
          }
        }
        const all = (await store.edges(snaps, keys, dir)).length;
        assert.equal(await store.edgeCount(snaps, keys, dir, 10_000), all);
      }
      assert.ok(capped > 0, 'some count stopped at its cap');
    } finally {
      await store.close();
    }
  });

  it('walks flow packs to exactly the part the rows give, every walk from every node, one host and the fleet', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await fleetCatalog(t);
    try {
      await storeSnapshot(store, triangleMap(), { origin: 'import triangle' });
      const walks: AroundOptions[] = [
        { walks: [{ direction: 'upstream' }] },
        { walks: [{ direction: 'downstream' }] },
        { walks: [{ direction: 'downstream' }], invokers: true },
        { walks: [{ direction: 'downstream' }], invokers: true, failure: true },
        { walks: [{ direction: 'both', depth: 1 }] },
        { walks: [{ direction: 'both', depth: 2 }] },
        {
          walks: [
            { direction: 'upstream', depth: 1 },
            { direction: 'downstream', depth: 2 },
          ],
        },
      ];
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      const linkId = (l: { source: string; target: string; kind?: unknown }) =>
        `${l.source}\u0000${l.target}\u0000${String(l.kind)}`;
      const sorted = (d: NodeLinkData) => ({
        ...d,
        nodes: [...d.nodes].sort(byId),
        links: [...d.links].sort((a, b) => (linkId(a) < linkId(b) ? -1 : linkId(a) > linkId(b) ? 1 : 0)),
      });
      let compared = 0;
      const all = await pickSnapshots(store);
      // each snapshot alone, then the fleet graph of all of them
      for (const snaps of [...all.map((snap) => [snap]), all]) {
        const keys = [...new Set((await store.nodes(snaps.map((x) => x.id))).map((r) => r.key))];
        const which = snaps.map((x) => x.id).join('+');
        for (const key of keys) {
          for (const opts of walks) {
            const packed = await loadPart(store, snaps, [key], { ...opts, via: 'pack' });
            assert.ok(packed.known, `snapshots ${which} are walked on their packs`);
            const rows = await loadPart(store, snaps, [key], { ...opts, via: 'rows' });
            assert.equal(rows.known, undefined);
            assert.deepEqual(sorted(packed.data), sorted(rows.data), `${key}: ${JSON.stringify(opts)}`);
            // the numbered ends are the links' own
            const index = indexNodeLink(packed.data, packed.known);
            packed.data.links.forEach((l, e) => {
              assert.equal(index.keys[index.source[e]!], l.source);
              assert.equal(index.keys[index.target[e]!], l.target);
            });
            compared++;
          }
        }
        // a key the snapshot does not have reaches nothing, as on the rows
        const none = await loadPart(store, snaps, ['file://nowhere/x'], { ...walks[0]!, via: 'pack' });
        assert.deepEqual(none.data.nodes, []);
      }
      assert.ok(compared > 100, `${compared} walks compared`);
    } finally {
      await store.close();
    }
  });

  it('keeps scan cache entries by key, a later one replacing an earlier (what it read had changed)', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await t.fresh();
    try {
      const many = Array.from({ length: 1200 }, (_, i) => [`k${i}`, `{"n":${i}}`] as [string, string]);
      await store.cachePut(many);
      await store.cachePut([['k7', '{"n":"again"}']]);
      const got = await store.cacheGet(['k7', 'k1199', 'absent', ...many.map((m) => m[0])]);
      assert.equal(got.size, 1200);
      assert.equal(got.get('k7'), '{"n":"again"}');
      assert.equal(got.get('k1199'), '{"n":1199}');
      assert.equal(got.has('absent'), false);
    } finally {
      await store.close();
    }
  });

  it('keeps one whole scan per key, a later one replacing an earlier', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await t.fresh();
    try {
      assert.equal(await store.scanAccessesGet('host-a'), undefined);
      assert.equal(await store.scanResultGet('host-a'), undefined);
      const big = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 256));
      const bytes = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : b);
      await store.scanResultPut('host-a', { accesses: '[["read","/etc/hostname",0,0,"x"]]', result: big });
      await store.scanResultPut('host-b', { accesses: '[]', result: Buffer.from([0, 1, 255]) });
      assert.equal(await store.scanAccessesGet('host-a'), '[["read","/etc/hostname",0,0,"x"]]');
      assert.equal(bytes(await store.scanResultGet('host-a')), big.toString('hex'));
      await store.scanResultPut('host-a', { accesses: '[]', result: Buffer.from('two') });
      assert.equal(bytes(await store.scanResultGet('host-a')), Buffer.from('two').toString('hex'));
      assert.equal(await store.scanAccessesGet('host-a'), '[]');
      assert.equal(bytes(await store.scanResultGet('host-b')), '0001ff');
    } finally {
      await store.close();
    }
  });

  it('answers a focused walk exactly as the whole fleet graph does', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await fleetCatalog(t);
    try {
      const snaps = await pickSnapshots(store);
      const whole = indexNodeLink(await loadMap(store, snaps));
      const part = indexNodeLink(
        await loadAround(store, snaps, [REPORT], { walks: [{ direction: 'upstream' }] }),
      );
      assert.deepEqual(plain(upstream(part, [REPORT])), plain(upstream(whole, [REPORT])));
      assert.ok(part.order < whole.order);
    } finally {
      await store.close();
    }
  });

  it("keeps history: --as-of picks each host's snapshot of that time; prune keeps the latest", async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const maps = await fleetMaps();
    const { where, store } = await t.fresh();
    try {
      const old = readMapData(maps.etl01!);
      old.graph.scannedAt = '2026-01-01T00:00:00.000Z';
      const changed = readMapData(maps.etl01!);
      changed.graph.scannedAt = '2026-02-01T00:00:00.000Z';
      const job = changed.nodes.find((n) => n.kind === 'job')!;
      (job as Record<string, unknown>).schedule = '45 1 * * *';
      const a = await storeSnapshot(store, old, { origin: 'import old' });
      const b = await storeSnapshot(store, changed, { origin: 'import new' });
      const [jan] = await pickSnapshots(store, { asOf: '2026-01-15T00:00:00.000Z' });
      assert.equal(jan!.id, a.id);
      const [latest] = await pickSnapshots(store);
      assert.equal(latest!.id, b.id);
      await assert.rejects(
        pickSnapshots(store, { asOf: '2025-12-01T00:00:00.000Z' }),
        /no snapshot at or before/,
      );
      // the CLI: diff the two snapshots, exit 1, the schedule change named
      const d = await run('diff', String(a.id), String(b.id), '--catalog', where, '--json');
      assert.equal(d.code, 1);
      const diff = JSON.parse(d.out);
      assert.deepEqual(diff.nodes.changed[0].changes.schedule, ['15 1 * * *', '45 1 * * *']);
      const same = await run('diff', String(b.id), 'etl01', '--catalog', where);
      assert.equal(same.code, 0, same.out);
      const p = await run('catalog', 'prune', '--keep', '1', '--catalog', where);
      assert.equal(p.code, 0, p.err);
      assert.match(p.out, new RegExp(`deleted 1 snapshot: ${a.id} \\(etl01`));
      assert.deepEqual(
        (await store.listSnapshots()).map((s) => s.id),
        [b.id],
      );
    } finally {
      await store.close();
    }
  });

  it('lets one scan of a host at a time, until it lets go', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const { store } = await t.fresh();
    try {
      assert.deepEqual(await store.lockHost('etl01', '1@a', 60_000), { ok: true });
      const second = await store.lockHost('etl01', '2@b', 60_000);
      assert.equal(second.ok, false);
      assert.ok(!second.ok && second.holder === '1@a');
      assert.deepEqual(await store.lockHost('etl02', '2@b', 60_000), { ok: true });
      await store.unlockHost('etl01', '1@a');
      assert.deepEqual(await store.lockHost('etl01', '2@b', 60_000), { ok: true });
      // a mark older than the stale limit is taken over (its scan died with its machine)
      assert.deepEqual(await store.lockHost('etl02', '3@c', 0), { ok: true });
    } finally {
      await store.close();
    }
  });

  it('refuses a snapshot written by a newer dfmap, by name, and changes nothing', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const maps = await fleetMaps();
    const { store } = await t.fresh();
    try {
      const s = await storeSnapshot(store, readMapData(maps.etl01!), { origin: 'x' });
      await rawExec(store, `UPDATE snapshots SET format = 99 WHERE id = ${s.id}`);
      await assert.rejects(pickSnapshots(store), (e: Error) => {
        assert.match(
          e.message,
          new RegExp(`snapshot ${s.id} of etl01 was written by a newer dfmap \\(format 99`),
        );
        return true;
      });
      assert.equal((await store.listSnapshots()).length, 1);
    } finally {
      await store.close();
    }
  });

  it("shares an unchanged host's rows with its earlier snapshot, answers alike, and hands them on when pruned", async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const maps = await fleetMaps();
    const { where, store } = await t.fresh();
    const at = (day: number) => {
      const m = readMapData(maps.etl01!);
      m.graph.scannedAt = `2026-01-0${day}T00:00:00.000Z`;
      return m;
    };
    try {
      const a = await storeSnapshot(store, at(1), { origin: 'scan', content: 'same' });
      // the rows are never read for a shared snapshot: a map that would fail says so
      const b = await storeSnapshot(store, { ...at(2), nodes: 'not read' } as unknown as NodeLinkData, {
        origin: 'scan',
        content: 'same',
      });
      const other = await storeSnapshot(store, at(3), { origin: 'scan', content: 'other' });
      assert.deepEqual([b.nodes, b.edges], [a.nodes, a.edges]);
      const rows = async (id: number) => (await store.nodes([id])).map((r) => ({ ...r, snapshot: 0 }));
      const edges = async (id: number) => (await store.edges([id])).map((r) => ({ ...r, snapshot: 0 }));
      assert.deepEqual(await rows(b.id), await rows(a.id));
      assert.deepEqual(await edges(b.id), await edges(a.id));
      assert.equal((await rows(other.id)).length, a.nodes);
      // asked together, each snapshot answers with its own id
      const both = await store.nodes([a.id, b.id]);
      assert.equal(both.filter((r) => r.snapshot === b.id).length, a.nodes);
      assert.equal(both.filter((r) => r.snapshot === a.id).length, a.nodes);
      const diff = await run('diff', String(a.id), String(b.id), '--catalog', where);
      assert.equal(diff.code, 0, diff.out);
      // the owner pruned: the rows go to the snapshot that shared them, which a later one shares
      await store.deleteSnapshots([a.id]);
      assert.equal((await rows(b.id)).length, a.nodes);
      // and so does its flow pack
      const [b1] = await pickSnapshots(store, { snapshot: b.id });
      const walked = await loadPart(store, [b1!], ['script://etl01/opt/etl/load_orders.py'], {
        walks: [{ direction: 'both' }],
        via: 'pack',
      });
      assert.ok(walked.known, "the snapshot that took the rows walks the owner's pack");
      assert.ok(walked.data.nodes.length > 1);
      const d = await storeSnapshot(store, at(4), { origin: 'scan', content: 'same' });
      assert.deepEqual(await edges(d.id), await edges(b.id));
      await store.deleteSnapshots([b.id, other.id]);
      assert.equal((await rows(d.id)).length, a.nodes);
      await store.deleteSnapshots([d.id]);
      assert.equal((await store.nodes([d.id])).length, 0);
    } finally {
      await store.close();
    }
  });

  it('never stores the credentials of an origin or an option', async (tc) => {
    if (t.skip?.()) return tc.skip(String(t.skip()));
    const maps = await fleetMaps();
    const { store } = await t.fresh();
    try {
      await storeSnapshot(store, readMapData(maps.etl01!), {
        origin: 'ssh://deploy:hunter2@etl01:22',
        options: { identity: '/home/me/.ssh/id_ed25519', password: 'hunter2', include: ['/opt'] },
      });
      const [s] = await store.listSnapshots();
      assert.equal(s!.origin, 'ssh://etl01:22');
      assert.deepEqual(s!.options, { include: ['/opt'] });
      assert.ok(!JSON.stringify(await store.snapshotMeta(s!.id)).includes('hunter2'));
      // the example's DSN password never reached the map, so never the catalog
      const rows = await store.nodes([s!.id]);
      assert.ok(!rows.some((r) => r.attrs.includes('not-a-real-one')));
    } finally {
      await store.close();
    }
  });

  if (t.breakWrites) {
    const breakWrites = t.breakWrites;
    it('writes all of a snapshot or none of it when the catalog fails mid-write', async (tc) => {
      if (t.skip?.()) return tc.skip(String(t.skip()));
      const maps = await fleetMaps();
      const { where, store } = await t.fresh();
      await storeSnapshot(store, readMapData(maps.etl01!), { origin: 'first' });
      const repair = await breakWrites(where);
      try {
        await assert.rejects(
          storeSnapshot(store, readMapData(maps.etl02!), { origin: 'second' }),
          /nothing was stored/,
        );
      } finally {
        await repair();
      }
      const snaps = await store.listSnapshots();
      assert.deepEqual(
        snaps.map((s) => s.host),
        ['etl01'],
      );
      assert.equal((await store.nodes(snaps.map((s) => s.id))).length, snaps[0]!.nodes);
      await store.close();
    });
  }
}

/** Test-only raw SQL through the store's own connection. */
async function rawExec(store: CatalogStore, sql: string): Promise<void> {
  const s = store as unknown as {
    db?: { exec(q: string): void };
    c?: { query(q: string): Promise<unknown> };
  };
  if (s.db) s.db.exec(sql);
  else await s.c!.query(sql);
}

/** Keys of everything upstream of `key` (its writers, what they read, ...). */
function upstreamOf(index: ReturnType<typeof indexNodeLink>, key: string): string[] {
  return plain(upstream(index, key)).nodes.map((n) => n.id);
}
