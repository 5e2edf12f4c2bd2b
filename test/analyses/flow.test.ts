import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downstream } from '../../src/analyses/downstream.js';
import { egoNetwork } from '../../src/analyses/ego.js';
import { shortestPaths } from '../../src/analyses/shortest-paths.js';
import { countUpstreamNodes, forEachUpstreamNode, upstream } from '../../src/analyses/upstream.js';
import { indexFlow, indexNodeLink } from '../../src/graph/flow-index.js';
import { graphOfNodes } from '../../src/graph/index-graph.js';
import { NodeNotFoundError } from '../../src/model/errors.js';
import { toNodeLink } from '../../src/store/node-link.js';
import { plain } from '../helpers/plain.js';
import { key, workedExample } from './worked-example.js';

const EXPORT = key.file('/data/export/combined_export.json');

describe('answers in id order', () => {
  it('list edges by source, target and kind, and nodes by step and id, whatever order the map holds them in', () => {
    const data = toNodeLink(workedExample());
    const reversed = { ...data, nodes: [...data.nodes].reverse(), links: [...data.links].reverse() };
    for (const [name, ask] of [
      ['downstream', (i: ReturnType<typeof indexNodeLink>) => downstream(i, key.db)],
      ['upstream', (i: ReturnType<typeof indexNodeLink>) => upstream(i, EXPORT)],
    ] as const) {
      const want = plain(ask(indexNodeLink(data)));
      assert.deepEqual(plain(ask(indexNodeLink(reversed))), want, name);
      const ends = want.edges.map((e) => `${e.source} ${e.target} ${e.kind}`);
      assert.ok(want.edges.length > 3, name);
      assert.deepEqual(
        ends,
        [...ends].sort((a, b) => {
          const [x, y] = [a.split(' '), b.split(' ')];
          return x[0]! < y[0]!
            ? -1
            : x[0]! > y[0]!
              ? 1
              : x[1]! < y[1]!
                ? -1
                : x[1]! > y[1]!
                  ? 1
                  : x[2]! < y[2]!
                    ? -1
                    : 1;
        }),
        name,
      );
    }
  });
});

describe('flow index', () => {
  it('indexes node-link data and the graphology graph alike', () => {
    const g = workedExample();
    const a = indexFlow(g);
    const b = indexNodeLink(toNodeLink(g));
    assert.equal(a.order, b.order);
    assert.equal(a.size, b.size);
    const edgesOf = (ix: typeof a): string[] =>
      [...Array(ix.size).keys()].map((e) => `${ix.keys[ix.source[e]!]}>${ix.keys[ix.target[e]!]}`).sort();
    assert.deepEqual(edgesOf(a), edgesOf(b));
    const v = b.indexOf(key.script(5));
    const outs = [];
    for (let i = b.outStart[v]!; i < b.outStart[v + 1]!; i++) outs.push(b.keys[b.target[b.outEdge[i]!]!]);
    assert.deepEqual(outs.sort(), [
      key.file('/data/extract/daily_sales.csv'),
      key.file('/data/extract/low_stock.json'),
      key.file('/var/log/dataops/5.log'),
      key.file('/var/log/dataops/cron.log'),
    ]);
  });
});

describe('upstream', () => {
  it('of combined_export.json is 6.py, its inputs, 5.py, the tables, 3.py, 4.py, the stage files, 1.py, 2.py and their inputs', () => {
    const t = plain(upstream(indexFlow(workedExample()), EXPORT));
    const ids = new Set(t.nodes.map((n) => n.id));
    const expected = [
      key.script(6),
      key.file('/data/extract/daily_sales.csv'),
      key.file('/data/extract/low_stock.json'),
      key.script(5),
      key.table('shop.orders'),
      key.table('shop.order_items'),
      key.table('shop.stock_levels'),
      key.table('shop.products'),
      key.script(3),
      key.script(4),
      key.file('/data/stage/orders.json'),
      key.file('/data/stage/inventory.json'),
      key.script(1),
      key.script(2),
      key.api,
      key.file('/data/incoming/vendor/inventory_*.csv'),
    ];
    for (const k of expected) assert.ok(ids.has(k), `missing ${k}`);
    // the jobs that run those scripts, and the database the tables live in, feed it too
    for (let n = 1; n <= 6; n++) assert.ok(ids.has(key.job(n)));
    assert.ok(ids.has(key.db));
    assert.equal(ids.size, expected.length + 7);
    assert.ok(!ids.has(key.file('/var/log/dataops/cron.log')), 'logs do not feed the export');
    assert.deepEqual(
      t.roots.map((r) => r.id),
      [EXPORT],
    );
  });

  it('gives distances and every edge with its evidence', () => {
    const t = plain(upstream(indexFlow(workedExample()), EXPORT));
    assert.equal(t.nodes.find((n) => n.id === key.script(6))?.depth, 1);
    assert.equal(t.nodes.find((n) => n.id === key.script(5))?.depth, 3);
    const e = t.edges.find((x) => x.source === key.script(6) && x.target === EXPORT);
    assert.equal(e?.kind, 'writes');
    assert.deepEqual(
      e?.evidence.map((x) => `${x.file}:${x.line}`),
      ['/opt/dataops/6.py:28'],
    );
    // 19 data-flow edges, 6 job -> script, 4 database -> table
    assert.equal(t.edges.length, 19 + 6 + 4);
  });

  it('stops at --depth and reports only --kind', () => {
    const g = workedExample();
    assert.deepEqual(
      plain(upstream(indexFlow(g), EXPORT, { depth: 2 }))
        .nodes.map((n) => n.id)
        .sort(),
      [
        key.job(6),
        key.file('/data/extract/daily_sales.csv'),
        key.file('/data/extract/low_stock.json'),
        key.script(6),
      ].sort(),
    );
    const tables = plain(upstream(indexFlow(g), EXPORT, { kinds: ['table'] }));
    assert.deepEqual(tables.nodes.map((n) => n.name).sort(), [
      'shop.order_items',
      'shop.orders',
      'shop.products',
      'shop.stock_levels',
    ]);
  });

  it('has forEach and count variants', () => {
    const seen: string[] = [];
    forEachUpstreamNode(indexFlow(workedExample()), key.script(3), (k) => seen.push(k));
    assert.deepEqual(
      seen.sort(),
      [key.api, key.job(1), key.job(3), key.file('/data/stage/orders.json'), key.script(1)].sort(),
    );
    assert.equal(countUpstreamNodes(indexFlow(workedExample()), key.script(3)), 5);
  });

  it('rejects a key that is not in the map', () => {
    assert.throws(() => upstream(indexFlow(workedExample()), 'file:/nope'), NodeNotFoundError);
  });
});

describe('downstream', () => {
  it('of orders.json reaches 3.py, its tables, 5.py, the extracts, 6.py and the export', () => {
    const ids = plain(downstream(indexFlow(workedExample()), key.file('/data/stage/orders.json'))).nodes.map(
      (n) => n.id,
    );
    for (const k of [key.script(3), key.table('shop.orders'), key.script(5), key.script(6), EXPORT])
      assert.ok(ids.includes(k), k);
    assert.ok(!ids.includes(key.script(4)), '4.py does not read orders.json or anything made from it');
  });
});

describe('shortestPaths', () => {
  it('finds both shortest routes from the stage file to the export, with evidence', () => {
    const r = shortestPaths(indexFlow(workedExample()), key.file('/data/stage/orders.json'), EXPORT);
    assert.equal(r.length, 6);
    assert.equal(r.paths.length, 4, 'two tables x two extracts');
    for (const p of r.paths) {
      assert.equal(p.nodes[0]?.id, key.file('/data/stage/orders.json'));
      assert.equal(p.nodes.at(-1)?.id, EXPORT);
      assert.equal(p.edges.length, 6);
      for (const e of p.edges) assert.ok(e.evidence.length > 0);
    }
    assert.equal(
      shortestPaths(indexFlow(workedExample()), key.file('/data/stage/orders.json'), EXPORT, { limit: 3 })
        .truncated,
      true,
    );
  });

  it('says when data flows the other way', () => {
    const r = shortestPaths(indexFlow(workedExample()), EXPORT, key.script(1));
    assert.equal(r.paths.length, 0);
    assert.equal(r.length, undefined);
    assert.equal(r.reverse, true);
  });

  it('a node to itself is a path of no steps', () => {
    const r = shortestPaths(indexFlow(workedExample()), key.script(1), key.script(1));
    assert.equal(r.length, 0);
    assert.deepEqual(
      r.paths[0]?.nodes.map((n) => n.id),
      [key.script(1)],
    );
  });
});

describe('egoNetwork', () => {
  it('takes neighbours within the radius either way and the edges among them', () => {
    const ego = egoNetwork(indexFlow(workedExample()), key.script(5), { radius: 1 });
    assert.deepEqual(
      ego.nodes.map((n) => n.id).sort(),
      [
        key.script(5),
        key.job(5),
        key.table('shop.orders'),
        key.table('shop.order_items'),
        key.table('shop.stock_levels'),
        key.table('shop.products'),
        key.file('/data/extract/daily_sales.csv'),
        key.file('/data/extract/low_stock.json'),
        key.file('/var/log/dataops/5.log'),
        key.file('/var/log/dataops/cron.log'),
      ].sort(),
    );
    assert.equal(ego.edges.length, 9);
    const wider = egoNetwork(indexFlow(workedExample()), key.script(5), { radius: 2 });
    assert.ok(wider.nodes.some((n) => n.id === key.db && n.distance === 2));
    // 2 steps reach 6.py and, through the cron log, every other script
    assert.ok(wider.nodes.some((n) => n.id === key.script(1)));
  });

  it('comes out as a map of its own (as `dfmap ego --output` writes it)', () => {
    const index = indexFlow(workedExample());
    const ego = egoNetwork(index, key.script(6), { radius: 1 });
    const nodes = ego.nodes.map((n) => index.indexOf(n.id));
    const g = graphOfNodes(index, nodes, { ego: { centers: [key.script(6)], radius: 1 } });
    // 6.py, its job, two extracts, the export, its log and the cron log
    assert.equal(g.order, 7);
    assert.equal(g.size, 6);
    assert.equal(g.getNodeAttribute(key.script(6), 'kind'), 'script');
    assert.deepEqual(g.getAttribute('ego'), { centers: [key.script(6)], radius: 1 });
  });
});
