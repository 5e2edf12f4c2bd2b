/**
 * A snapshot's flow pack (schema 5) answers walks exactly as its rows do, on a map large enough
 * to span many chunks, with non-ASCII names; the CLI's answers from it equal the map file's; a
 * snapshot without a pack is walked on its rows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { downstream } from '../../src/analyses/downstream.js';
import { describeFrameEdges, flowFrame } from '../../src/analyses/flow-tree.js';
import { numberedById } from '../../src/analyses/id-order.js';
import { upstream } from '../../src/analyses/upstream.js';
import { CatalogError } from '../../src/catalog/errors.js';
import { type AroundOptions, loadPart, loadPartShape } from '../../src/catalog/load-map.js';
import { pickSnapshots } from '../../src/catalog/pick-snapshots.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite-store.js';
import { storeSnapshot, toFleetMap } from '../../src/catalog/store-snapshot.js';
import { type Io, printJson, printJsonStreamed, type Streamed } from '../../src/cli/io.js';
import { indexNodeLink } from '../../src/graph/flow-index.js';
import type { NodeLinkData } from '../../src/store/node-link.js';
import { plain } from '../helpers/plain.js';
import { run } from './fleet-maps.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-pack-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Jobs run scripts that read and write files and tables in layers: about 3,000 nodes. */
function layeredMap(): NodeLinkData {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const nodes: NodeLinkData['nodes'] = [];
  const links: NodeLinkData['links'] = [];
  const ev = (file: string, line: number, construct: string) => ({
    confidence: 'exact' as const,
    method: 'static' as const,
    evidence: [{ file, line, construct, method: 'static' as const }],
  });
  const data: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const id = i % 3 === 0 ? `table:pg://db1:5432/sales.t${i}` : `file:/data/ü${i % 7}/out_${i}.csv`;
    nodes.push(
      i % 3 === 0
        ? { id, kind: 'table', name: `sales.t${i}`, label: `t${i}` }
        : { id, kind: 'file', path: id.slice(5), label: `out_${i}.csv` },
    );
    data.push(id);
  }
  for (let s = 0; s < 1500; s++) {
    const script = `script:/opt/etl/步骤_${s}.py`;
    nodes.push({ id: script, kind: 'script', path: script.slice(7), label: `步骤_${s}.py` });
    if (s % 5 === 0) {
      const job = `job:/etc/crontab:${s}`;
      nodes.push({ id: job, kind: 'job', schedule: '0 2 * * *', label: `line ${s}` });
      links.push({ source: job, target: script, kind: 'invokes', ...ev('/etc/crontab', s, 'cron') });
    } else if (s % 7 === 1) {
      links.push({
        source: `script:/opt/etl/步骤_${s - 1}.py`,
        target: script,
        kind: 'invokes',
        ...ev(script, 3, 'exec'),
      });
    }
    const layer = Math.floor((s / 1500) * 1100);
    for (let r = 0; r < 2; r++)
      links.push({
        source: data[layer + rand(60)]!,
        target: script,
        kind: 'reads',
        ...ev(script, 10 + r, 'open(...)'),
      });
    for (let w = 0; w < 2; w++) {
      const to = data[Math.min(1199, layer + 60 + rand(40))]!;
      if (!links.some((l) => l.source === script && l.target === to))
        links.push({ source: script, target: to, kind: 'writes', ...ev(script, 30 + w, "open(..., 'w')") });
    }
  }
  return {
    directed: true,
    multigraph: false,
    graph: { schemaVersion: 1, tool: 'dfmap', host: 'big01', scannedAt: '2026-04-01T00:00:00.000Z' },
    nodes,
    links,
  };
}

const linkId = (l: { source: string; target: string; kind?: unknown }) =>
  `${l.source}\u0000${l.target}\u0000${String(l.kind)}`;
const order = <T>(xs: T[], id: (x: T) => string) =>
  [...xs].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));

it('walks a pack of many chunks exactly as the rows, every kind of walk, and answers as the map file does', async () => {
  const where = path.join(dir, 'big.db');
  const store = openSqliteCatalog(where);
  const map = layeredMap();
  await storeSnapshot(store, map, { origin: 'import big' });
  const snaps = await pickSnapshots(store);
  const chunks = new Database(where, { readonly: true })
    .prepare("SELECT COUNT(*) AS n FROM flow_packs WHERE part IN ('nodes', 'edges')")
    .get() as { n: number };
  assert.ok(chunks.n > 8, `${chunks.n} text chunks`);
  const whole = indexNodeLink(toFleetMap(map, 'big01'));
  assert.ok(!numberedById(whole), 'the map is not in id order');
  const roots = whole.keys.filter((_, v) => v % 97 === 0);
  const walks: AroundOptions[] = [
    { walks: [{ direction: 'upstream' }] },
    { walks: [{ direction: 'downstream' }] },
    { walks: [{ direction: 'downstream' }], invokers: true },
    { walks: [{ direction: 'both', depth: 2 }] },
  ];
  let large = 0;
  for (const key of roots) {
    for (const opts of walks) {
      const packed = await loadPart(store, snaps, [key], { ...opts, via: 'pack' });
      const rows = await loadPart(store, snaps, [key], { ...opts, via: 'rows' });
      assert.ok(packed.known);
      assert.deepEqual(
        order(packed.data.nodes, (n) => n.id),
        order(rows.data.nodes, (n) => n.id),
        `${key} ${JSON.stringify(opts)}`,
      );
      assert.deepEqual(order(packed.data.links, linkId), order(rows.data.links, linkId));
      if (packed.data.nodes.length > 1024) large++;
      // the part answers as the whole map does, edges in the same order
      const part = indexNodeLink(packed.data, packed.known);
      // the pack numbers nodes by key and edges by their ends, whatever the rows' order
      assert.ok(numberedById(part), `${key}: the part from the pack is in id order`);
      const dir = opts.walks[0]!.direction;
      if (dir === 'upstream') assert.deepEqual(plain(upstream(part, [key])), plain(upstream(whole, [key])));
      if (dir === 'downstream' && !opts.invokers)
        assert.deepEqual(plain(downstream(part, [key])), plain(downstream(whole, [key])));
    }
  }
  assert.ok(large > 0, 'some walk reached nodes across several chunks');
  // by default a walk reads rows while it is small, and turns to the pack once it has grown
  const hub = whole.keys.find((k) => k.endsWith('/sales.t0'))!;
  const big = await loadPart(store, snaps, [hub], { walks: [{ direction: 'downstream' }], rowBudget: 50 });
  const small = await loadPart(store, snaps, [hub], {
    walks: [{ direction: 'downstream', depth: 1 }],
    rowBudget: 50,
  });
  assert.ok(big.known && big.data.links.length > 50, 'the large walk was done on the pack');
  assert.equal(small.known, undefined, 'the small walk stayed on the rows');
  const rows = await loadPart(store, snaps, [hub], { walks: [{ direction: 'downstream' }], via: 'rows' });
  assert.deepEqual(order(big.data.links, linkId), order(rows.data.links, linkId));
  await store.close();
});

it('reads the edges of a part from the pack as they are printed, in any order, and prints the answer the whole map gives', async () => {
  const where = path.join(dir, 'stream.db');
  const store = openSqliteCatalog(where);
  const map = layeredMap();
  await storeSnapshot(store, map, { origin: 'import big' });
  const snaps = await pickSnapshots(store);
  const whole = indexNodeLink(toFleetMap(map, 'big01'));
  const hub = whole.keys.find((k) => k.endsWith('/sales.t0'))!;
  const walks: AroundOptions = { walks: [{ direction: 'downstream' }], via: 'pack' };
  const part = await loadPartShape(store, snaps, [hub], walks);
  const full = await loadPart(store, snaps, [hub], walks);
  assert.equal(part.index.size, full.data.links.length);
  assert.ok(part.index.size > 1024, `${part.index.size} edges: several chunks`);
  // the edges carry their kind alone until read; read in the pack's order and in reverse
  assert.deepEqual(Object.keys(part.index.edges[0]!), ['kind']);
  const attrs = async (which: number[]) => {
    const out: unknown[] = [];
    for await (const batch of part.edgeAttrs(which, 300)) {
      assert.ok(batch.length <= 300);
      out.push(...batch);
    }
    return out;
  };
  const strip = ({ source: _s, target: _t, ...a }: Record<string, unknown>) => a;
  const all = Array.from({ length: part.index.size }, (_, e) => e);
  assert.deepEqual(await attrs(all), full.data.links.map(strip));
  assert.deepEqual(await attrs([...all].reverse()), full.data.links.map(strip).reverse());
  // the streamed answer prints what the whole map's answer prints
  const frame = flowFrame(part.index, [hub], 'downstream');
  const edges: Streamed = {
    length: frame.edges.length,
    stream: (n) => describeFrameEdges(part, frame.edges, n),
  };
  const printed = async (print: (io: Io) => Promise<void> | void) => {
    const out: string[] = [];
    await print({ out: (t) => out.push(`${t}\n`), err: () => {}, color: false, interactive: false });
    return out.join('');
  };
  const want = await printed((io) => printJson(io, downstream(whole, [hub])));
  assert.equal(await printed((io) => printJsonStreamed(io, { ...frame, edges })), want);
  await store.close();
});

it('walks the rows instead when the pack is damaged, with the same answer', async () => {
  const where = path.join(dir, 'damaged.db');
  const store = openSqliteCatalog(where);
  await storeSnapshot(store, layeredMap(), { origin: 'import big' });
  const snaps = await pickSnapshots(store);
  const walks: AroundOptions = { walks: [{ direction: 'downstream' }], via: 'pack' };
  const root = (await store.nodes(snaps.map((s) => s.id))).find((n) => n.key.endsWith('/sales.t0'))!.key;
  const good = await loadPart(store, snaps, [root], walks);
  assert.ok(good.known);
  await store.close();
  const db = new Database(where);
  // every text chunk of the edges cut to its first bytes
  db.prepare("UPDATE flow_packs SET data = substr(data, 1, 6) WHERE part = 'edges'").run();
  db.close();
  const again = openSqliteCatalog(where, { readonly: true });
  const part = await loadPart(again, snaps, [root], walks);
  assert.equal(part.known, undefined, 'the rows were walked');
  assert.deepEqual(order(part.data.links, linkId), order(good.data.links, linkId));
  // a part whose edges are read as they are printed finds the damage only then: a clear error
  const shape = await loadPartShape(again, snaps, [root], walks);
  await assert.rejects(
    async () => {
      for await (const _ of shape.edgeAttrs([0, 1, 2], 2));
    },
    (err: Error) => err instanceof CatalogError && /flow pack of snapshot \d+ is damaged/.test(err.message),
  );
  await again.close();
});

it('after an upgrade, an unchanged host stores its rows once more, with a pack, and shares those from then on', async () => {
  const where = path.join(dir, 'upgrade.db');
  let store = openSqliteCatalog(where);
  const day = (d: number) => ({
    ...layeredMap(),
    graph: { ...layeredMap().graph, scannedAt: `2026-04-0${d}T00:00:00.000Z` },
  });
  const old = await storeSnapshot(store, day(1), { origin: 'scan', content: 'same' });
  await store.close();
  // as a dfmap before flow packs left it: format 1, no pack
  const db = new Database(where);
  db.prepare("UPDATE snapshots SET format = 1, content = '1 same'").run();
  db.prepare('DELETE FROM flow_packs').run();
  db.close();
  store = openSqliteCatalog(where);
  const first = await storeSnapshot(store, day(2), { origin: 'scan', content: 'same' });
  assert.equal(first.rowsOf, undefined, 'not shared with the snapshot that has no pack');
  const second = await storeSnapshot(store, day(3), { origin: 'scan', content: 'same' });
  assert.equal(second.rowsOf, first.id);
  const [snap] = await pickSnapshots(store, { snapshot: second.id });
  const root = (await store.nodes([old.id])).find((n) => n.key.endsWith('/sales.t0'))!.key;
  const part = await loadPart(store, [snap!], [root], { walks: [{ direction: 'downstream' }], via: 'pack' });
  assert.ok(part.known, "the shared snapshot walks its holder's pack");
  await store.close();
});

it('walks the rows of a snapshot that has no pack (stored before schema 5), with the same answer', async () => {
  const where = path.join(dir, 'nopack.db');
  const store = openSqliteCatalog(where);
  await storeSnapshot(store, layeredMap(), { origin: 'import big' });
  await store.close();
  const file = path.join(dir, 'big.map.json');
  // the map in the catalog's terms (fleet keys), as `catalog export` writes it
  fs.writeFileSync(file, JSON.stringify(toFleetMap(layeredMap(), 'big01')));
  const node = 'file://big01/data/ü3/out_500.csv';
  const before = await run('upstream', node, '--json', '--catalog', where);
  assert.equal(before.code, 0, before.err);
  const db = new Database(where);
  db.exec('DELETE FROM flow_packs');
  db.close();
  const after = await run('upstream', node, '--json', '--catalog', where);
  assert.equal(after.code, 0, after.err);
  assert.deepEqual(JSON.parse(after.out), JSON.parse(before.out));
  const fromFile = await run('upstream', node, '--json', '--map', file);
  const strip = (out: string) => {
    const { map: _m, ...answer } = JSON.parse(out) as Record<string, unknown>;
    return answer;
  };
  assert.deepEqual(strip(before.out), strip(fromFile.out));
  assert.ok((JSON.parse(before.out) as { nodes: unknown[] }).nodes.length > 10);
});
