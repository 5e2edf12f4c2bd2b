import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeNode, labelIs } from '../../src/analyses/describe.js';
import { parseSelection } from '../../src/analyses/select/parse-selection.js';
import { matchNodes, resolveNode } from '../../src/analyses/select/resolve-node.js';
import { selectNodeKeys } from '../../src/analyses/select/select-nodes.js';
import { createGraph, mergeNode } from '../../src/graph/build.js';
import { indexFlow } from '../../src/graph/flow-index.js';
import { NodeNotFoundError, UsageError } from '../../src/model/errors.js';
import { toFileNode, toJobNode, toScriptNode, toTableNode } from '../../src/model/keys.js';
import { buildMap, f, job, s } from './build-map.js';
import { key, workedExample } from './worked-example.js';

const index = indexFlow(workedExample());
const name = (n: string) => index.keys[resolveNode(index, n)];

describe('resolveNode', () => {
  it('resolves a key, a path, a basename, trailing segments and a script name', () => {
    const exp = key.file('/data/export/combined_export.json');
    assert.equal(name(exp), exp);
    assert.equal(name('/data/export/combined_export.json'), exp);
    assert.equal(name('combined_export.json'), exp);
    assert.equal(name('export/combined_export.json'), exp);
    assert.equal(name('5.py'), key.script(5));
  });

  it('resolves table names qualified or not, in any case', () => {
    assert.equal(name('shop.orders'), key.table('shop.orders'));
    assert.equal(name('orders'), key.table('shop.orders'));
    assert.equal(name('SHOP.Stock_Levels'), key.table('shop.stock_levels'));
    assert.equal(name('db01.shop.products'), key.table('shop.products'));
  });

  it('resolves a URL and the end of one', () => {
    assert.equal(name('https://orders-api.northwind-retail.com/v2/orders'), key.api);
    assert.equal(name('northwind-retail.com/v2/orders'), key.api);
  });

  it('finds the pattern node a concrete file instantiates', () => {
    assert.equal(
      name('/data/incoming/vendor/inventory_20261125.csv'),
      key.file('/data/incoming/vendor/inventory_*.csv'),
    );
    assert.equal(name('inventory_20261125.csv'), key.file('/data/incoming/vendor/inventory_*.csv'));
    assert.equal(matchNodes(index, 'inventory_20261125.csv').rule, 'pattern');
    assert.throws(() => name('/data/other/inventory_20261125.csv'), NodeNotFoundError);
  });

  it('lists the candidates when a name is ambiguous', () => {
    // 1.log .. 6.log are not ambiguous, but `orders` now names a file and a table
    const g = workedExample();
    mergeNode(g, toTableNode('archive.orders'));
    const ix = indexFlow(g);
    assert.throws(
      () => resolveNode(ix, 'orders'),
      (err: unknown) =>
        err instanceof NodeNotFoundError &&
        /matches 2 nodes/.test(err.message) &&
        err.message.includes('table:archive.orders') &&
        /longer name/.test(err.hint ?? ''),
    );
    assert.equal(ix.keys[resolveNode(ix, 'shop.orders')], key.table('shop.orders'));
  });

  it('suggests the closest names when nothing matches', () => {
    assert.throws(
      () => resolveNode(index, 'combined_exprt.json'),
      (err: unknown) => err instanceof NodeNotFoundError && /combined_export\.json/.test(err.hint ?? ''),
    );
  });

  it('prefers the script when one path is both a script and a file', () => {
    const g = createGraph();
    mergeNode(g, toScriptNode('/opt/etl/load.sql'));
    mergeNode(g, toFileNode('/opt/etl/load.sql'));
    const ix = indexFlow(g);
    assert.equal(ix.keys[resolveNode(ix, 'load.sql')], 'script:/opt/etl/load.sql');
  });
});

describe('labelIs', () => {
  it('agrees with describeNode for every node, label, name and near miss', () => {
    // jobs of every sort: with scripts (label from the schedule), without (its own label or
    // name), with a label that reads like a schedule's, with no schedule
    const g = buildMap([
      [job('0 5 * * *', 'export.py'), s('export.py')],
      [s('export.py'), f('/data/out.csv')],
    ]);
    mergeNode(g, toJobNode('/etc/crontab', 40, { schedule: '15 3 * * *', scheduler: 'cron' }));
    mergeNode(g, toJobNode('/etc/crontab', 41, { schedule: '15 3 * * *', label: '15 3 * * * x.py' }));
    mergeNode(g, toJobNode('/etc/crontab', 42, { label: 'nightly' }));
    const ixs = [index, indexFlow(g)];
    for (const ix of ixs) {
      const texts = new Set<string>(['', 'nightly', '15 3 * * *', '15 3 * * * x.py', '0 5 * * *x']);
      for (let v = 0; v < ix.order; v++) {
        const ref = describeNode(ix, v);
        texts.add(ref.label).add(ref.name).add(`${ref.label} `).add(ref.label.slice(0, -1));
        const a = ix.nodes[v]!;
        if (typeof a.schedule === 'string') texts.add(a.schedule).add(`${a.schedule} `);
      }
      for (let v = 0; v < ix.order; v++)
        for (const text of texts)
          assert.equal(labelIs(ix, v, text), describeNode(ix, v).label === text, `${ix.keys[v]} / '${text}'`);
    }
    // a job named by its printed label is found by it
    const made = indexFlow(g);
    const found = made.nodes[resolveNode(made, '0 5 * * * export.py')]!;
    assert.deepEqual([found.kind, found.schedule], ['job', '0 5 * * *']);
  });
});

describe('selection syntax', () => {
  const g = workedExample();
  const sel = (s: string | string[], exclude?: string) =>
    selectNodeKeys(indexFlow(g), s, exclude ? { exclude } : {});

  it('parses operators and depths', () => {
    const [[a]] = parseSelection('2+5.py+1') as [[ReturnType<typeof parseSelection>[0][0]]];
    assert.deepEqual({ ...a }, { text: '2+5.py+1', name: '5.py', parents: 2, children: 1, at: false });
    const [[b]] = parseSelection('+kind:table') as [[ReturnType<typeof parseSelection>[0][0]]];
    assert.equal(b.method, 'kind');
    assert.equal(b.parents, Number.POSITIVE_INFINITY);
    assert.throws(() => parseSelection('@+5.py'), UsageError);
    assert.throws(() => parseSelection('+'), UsageError);
  });

  it('NODE, +NODE, NODE+ and depth limits', () => {
    assert.deepEqual(sel('6.py'), [key.script(6)]);
    assert.deepEqual(sel('1+6.py'), [
      key.file('/data/extract/daily_sales.csv'),
      key.file('/data/extract/low_stock.json'),
      key.job(6),
      key.script(6),
    ]);
    assert.deepEqual(sel('combined_export.json+'), [key.file('/data/export/combined_export.json')]);
    assert.equal(sel('+combined_export.json').length, 24);
    assert.deepEqual(sel('6.py+1').sort(), [
      key.file('/data/export/combined_export.json'),
      key.file('/var/log/dataops/6.log'),
      key.file('/var/log/dataops/cron.log'),
      key.script(6),
    ]);
  });

  it('@NODE adds everything the downstream nodes need', () => {
    const s = sel('@low_stock.json');
    // 6.py needs daily_sales.csv too, and all of its upstream
    assert.ok(s.includes(key.file('/data/extract/daily_sales.csv')));
    assert.ok(s.includes(key.script(1)));
    assert.ok(s.includes(key.file('/data/export/combined_export.json')));
  });

  it('space is union, comma intersection, --exclude subtracts', () => {
    assert.deepEqual(sel('1.py 2.py'), [key.script(1), key.script(2)]);
    assert.deepEqual(sel(['1.py', '2.py']), [key.script(1), key.script(2)]);
    // tables both 3.py and 4.py feed... none; tables upstream of 5.py and downstream of 3.py
    assert.deepEqual(sel('+5.py,3.py+,kind:table'), [
      key.table('shop.order_items'),
      key.table('shop.orders'),
    ]);
    assert.deepEqual(sel('kind:table', 'orders'), [
      key.table('shop.order_items'),
      key.table('shop.products'),
      key.table('shop.stock_levels'),
    ]);
  });

  it('selects by kind, host, path and name', () => {
    assert.equal(sel('kind:job').length, 6);
    assert.deepEqual(sel('path:/data/extract/*'), [
      key.file('/data/extract/daily_sales.csv'),
      key.file('/data/extract/low_stock.json'),
    ]);
    assert.equal(sel('path:/data/**').length, 6);
    assert.equal(sel('host:db01').length, 5, 'the database and its four tables');
    assert.ok(sel('host:dataops01').includes(key.script(1)), 'local nodes are on the map host');
    assert.deepEqual(sel('name:shop.order*'), [key.table('shop.order_items'), key.table('shop.orders')]);
    assert.throws(() => sel('kind:tabel'), UsageError);
  });

  it('a whole argument naming a node wins over the syntax', () => {
    const g2 = createGraph();
    mergeNode(g2, toFileNode('/data/in/my report.csv'));
    mergeNode(g2, toFileNode('/data/in/c++.log'));
    assert.deepEqual(selectNodeKeys(indexFlow(g2), '/data/in/my report.csv'), [
      'file:/data/in/my report.csv',
    ]);
    assert.deepEqual(selectNodeKeys(indexFlow(g2), '/data/in/c++.log'), ['file:/data/in/c++.log']);
  });
});

describe('resolveNode: databases and hosts', () => {
  it('finds a database by its engine or by its host', () => {
    assert.equal(name('mysql'), key.db);
    assert.equal(name('db01'), key.db);
  });
});
