import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { communities } from '../../src/analyses/communities.js';
import { filterNodeKeys, type MapFilters } from '../../src/analyses/select/filter-nodes.js';
import { indexFlow } from '../../src/graph/flow-index.js';
import { inducedSubgraph } from '../../src/graph/subgraph.js';
import type { DataflowGraph } from '../../src/graph/types.js';
import { NodeNotFoundError, UsageError } from '../../src/model/errors.js';
import { workedExample } from '../export/maps.js';

/** What `dfmap export` does with its filters: the subgraph the kept nodes span (or the map itself). */
function filterMap(g: DataflowGraph, f: MapFilters): DataflowGraph {
  const keep = filterNodeKeys(indexFlow(g), f);
  return keep ? inducedSubgraph(g, keep) : g;
}

const names = (g: ReturnType<typeof workedExample>) => g.mapNodes((_k, a) => String(a.label)).sort();

describe('export filters', () => {
  test('no filter exports the whole map', () => {
    const g = workedExample();
    assert.equal(filterMap(g, {}), g);
  });

  test('--kind keeps those kinds and only the edges among them', () => {
    const g = filterMap(workedExample(), { kinds: ['script', 'file'] });
    assert.equal(g.order, 12);
    assert.ok(g.everyNode((_k, a) => a.kind === 'script' || a.kind === 'file'));
    // every script->file and file->script edge of the example; script->table edges are gone
    assert.equal(g.size, 10);
  });

  test('--focus with radius 1 is the node and its neighbours, either direction', () => {
    const g = filterMap(workedExample(), { focus: 'combined_export.json', radius: 1 });
    assert.deepEqual(names(g), ['6.py', 'combined_export.json']);
  });

  test('--radius 2 reaches one step further', () => {
    const g = filterMap(workedExample(), { focus: 'combined_export.json', radius: 2 });
    assert.deepEqual(names(g), [
      '30 2 * * * 6.py',
      '6.py',
      'combined_export.json',
      'daily_sales.csv',
      'low_stock.json',
    ]);
    assert.equal(g.size, 4);
  });

  test('--select takes dbt syntax: +NODE is the node and everything upstream', () => {
    const g = filterMap(workedExample(), { select: '+daily_sales.csv' });
    assert.ok(g.hasNode('script:/opt/dataops/1.py'));
    assert.ok(g.hasNode('endpoint:https://orders-api.northwind-retail.com/v2/orders'));
    assert.ok(!g.hasNode('file:/data/export/combined_export.json'));
    assert.ok(!g.hasNode('file:/data/extract/low_stock.json'));
  });

  test('--exclude alone drops what it selects', () => {
    const g = filterMap(workedExample(), { exclude: 'kind:job' });
    assert.equal(g.order, 24 - 6);
    assert.ok(g.everyNode((_k, a) => a.kind !== 'job'));
  });

  test('filters intersect', () => {
    const g = filterMap(workedExample(), { focus: '5.py', radius: 1, kinds: ['table'] });
    assert.deepEqual(names(g), ['shop.order_items', 'shop.orders', 'shop.stock_levels']);
  });

  test('an unknown focus is a NodeNotFoundError that names it', () => {
    assert.throws(() => filterMap(workedExample(), { focus: 'no_such_file.csv' }), NodeNotFoundError);
  });

  test('--community keeps one community of the whole map, by number or by name', () => {
    const full = workedExample();
    const all = communities(indexFlow(full)).communities;
    assert.ok(all.length >= 2, 'the worked example has several subsystems');
    const c = all[1]!;
    const members = Object.values(c.members)
      .flatMap((refs) => (refs ?? []).map((r) => r.id))
      .sort();
    assert.deepEqual(
      filterMap(full, { community: String(c.id) })
        .nodes()
        .sort(),
      members,
    );
    assert.deepEqual(filterMap(full, { community: c.name }).nodes().sort(), members);
  });

  test('an unknown community is a UsageError listing the communities', () => {
    assert.throws(
      () => filterMap(workedExample(), { community: '999' }),
      (e: Error) => {
        assert.ok(e instanceof UsageError);
        assert.match(String((e as UsageError).hint), /^communities: 0 \(/);
        return true;
      },
    );
  });
});
