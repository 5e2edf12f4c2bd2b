import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCutStructure } from '../../src/analyses/algorithms/articulation.js';
import { betweenness } from '../../src/analyses/algorithms/betweenness.js';
import { dominators } from '../../src/analyses/algorithms/dominators.js';
import { pagerank } from '../../src/analyses/algorithms/pagerank.js';
import { countReachableLabels } from '../../src/analyses/algorithms/reach-counts.js';
import { stronglyConnectedComponents } from '../../src/analyses/algorithms/scc.js';
import { toUndirected } from '../../src/analyses/algorithms/undirected.js';
import { communities } from '../../src/analyses/communities.js';
import { critical } from '../../src/analyses/critical.js';
import { mapStats } from '../../src/analyses/stats.js';
import { createGraph } from '../../src/graph/build.js';
import { indexFlow } from '../../src/graph/flow-index.js';
import { key, workedExample } from './worked-example.js';

/** A plain graph from `a>b` strings (nodes of kind unknown). */
function graph(...edges: string[]) {
  const g = createGraph();
  for (const e of edges) {
    const [a, b] = e.split('>') as [string, string];
    for (const v of [a, b]) if (!g.hasNode(v)) g.addNode(v, { kind: 'file', path: `/${v}` });
    g.addDirectedEdge(a, b, { kind: 'reads', confidence: 'exact', method: 'declared', evidence: [] });
  }
  return indexFlow(g);
}
const at = (ix: ReturnType<typeof graph>, k: string) => ix.indexOf(k);

describe('graph algorithms on hand-made graphs', () => {
  it('betweenness of a chain: the middle carries the one through path', () => {
    const ix = graph('a>b', 'b>c');
    const b = betweenness(ix);
    assert.equal(b.method, 'exact');
    assert.equal(b.values[at(ix, 'b')], 0.5);
    assert.equal(b.values[at(ix, 'a')], 0);
  });

  it('betweenness splits over equal shortest paths', () => {
    const ix = graph('s>a', 's>b', 'a>t', 'b>t');
    const b = betweenness(ix);
    // one (s,t) pair, half through each; scale 1/((4-1)(4-2)) = 1/6
    assert.ok(Math.abs(b.values[at(ix, 'a')]! - 0.5 / 6) < 1e-12);
  });

  it('dominators: a diamond joins at its source, a chain at each step', () => {
    const ix = graph('s>a', 's>b', 'a>t', 'b>t', 't>u');
    const d = dominators(ix, [at(ix, 's')]);
    assert.equal(d.idom[at(ix, 't')], at(ix, 's'));
    assert.equal(d.idom[at(ix, 'u')], at(ix, 't'));
    assert.equal(d.idom[at(ix, 's')], d.virtualRoot);
  });

  it('articulation points and bridges, with what they cut off', () => {
    const ix = graph('a>b', 'b>c', 'c>a', 'c>d', 'd>e');
    const cut = findCutStructure(toUndirected(ix));
    assert.deepEqual(
      [...cut.articulation]
        .map((x, v) => (x ? ix.keys[v] : ''))
        .filter(Boolean)
        .sort(),
      ['c', 'd'],
    );
    assert.equal(cut.bridges.length, 2);
    assert.equal(cut.separates[at(ix, 'c')], 2, 'c cuts off d and e');
    assert.equal(cut.separates[at(ix, 'd')], 1, 'd cuts off e');
  });

  it('strongly connected components, successors first', () => {
    const ix = graph('a>b', 'b>a', 'b>c');
    const scc = stronglyConnectedComponents(ix);
    assert.equal(scc.count, 2);
    assert.equal(scc.component[at(ix, 'a')], scc.component[at(ix, 'b')]);
    assert.ok(scc.component[at(ix, 'c')]! < scc.component[at(ix, 'a')]!);
  });

  it('counts distinct labels downstream (a diamond counts once), and samples when asked', () => {
    const ix = graph('a>b', 'a>c', 'b>d', 'c>d');
    const scc = stronglyConnectedComponents(ix);
    const r = countReachableLabels(
      ix,
      scc,
      [
        [at(ix, 'd'), 0],
        [at(ix, 'c'), 1],
      ],
      2,
    );
    assert.equal(r.exact, true);
    assert.equal(r.counts[at(ix, 'a')], 2);
    assert.equal(r.counts[at(ix, 'b')], 1);
    const many = Array.from({ length: 100 }, (_, i) => [at(ix, 'd'), i] as const);
    const sampled = countReachableLabels(ix, scc, many, 100, { budget: 1 });
    assert.equal(sampled.exact, false);
    assert.equal(sampled.counts[at(ix, 'a')], 100, 'every label sits on d, so the estimate is exact');
  });

  it('pagerank of a two-cycle is even, and sums to one', () => {
    const ix = graph('a>b', 'b>a', 'b>c');
    const pr = pagerank(ix).values;
    assert.ok(Math.abs(pr.reduce((x, y) => x + y, 0) - 1) < 1e-9);
    const two = pagerank(graph('a>b', 'b>a')).values;
    assert.ok(Math.abs(two[0]! - 0.5) < 1e-9);
  });

  it('communities: two triangles joined by one edge', () => {
    const ix = graph('a>b', 'b>c', 'c>a', 'x>y', 'y>z', 'z>x', 'c>x');
    const r = communities(ix);
    assert.equal(r.communities.length, 2);
    assert.ok(Math.abs(r.modularity - 2 * (3 / 7 - (7 / 14) ** 2)) < 1e-12);
    assert.deepEqual(
      r.communities[0]?.interfaces.map((e) => `${e.source}>${e.target}`),
      ['c>x'],
    );
    assert.deepEqual(communities(ix), r, 'the same seed gives the same answer');
  });
});

describe('critical', () => {
  it('ranks 5.py first on the worked example, a single point of failure for the export', () => {
    const r = critical(indexFlow(workedExample()));
    assert.equal(r.nodes[0]?.id, key.script(5));
    assert.deepEqual(r.nodes[0]?.dominates, [key.file('/data/export/combined_export.json')]);
    assert.match(r.nodes[0]?.why ?? '', /single point of failure for combined_export\.json/);
    assert.equal(r.betweenness.method, 'exact');
    const six = r.nodes.find((n) => n.id === key.script(6));
    assert.deepEqual(six?.dominates, [key.file('/data/export/combined_export.json')]);
    const db = critical(indexFlow(workedExample()), { top: 100 }).nodes.find((n) => n.id === key.db);
    assert.equal(db?.outputs, 1);
    assert.equal(db?.jobs, 4, 'its failure hits 3.py (a writer), 4.py, 5.py, and 6.py downstream');
    assert.deepEqual(db?.dominates, [key.file('/data/export/combined_export.json')], 'down, it fails 5.py');
  });

  it('samples betweenness above the budget, with a fixed seed', () => {
    const a = critical(indexFlow(workedExample()), { exactBudget: 10 });
    assert.equal(a.betweenness.method, 'sampled');
    assert.deepEqual(critical(indexFlow(workedExample()), { exactBudget: 10 }), a);
  });
});

describe('mapStats', () => {
  it('counts the worked example', () => {
    const st = mapStats(indexFlow(workedExample()));
    assert.equal(st.nodes, 31);
    assert.deepEqual(st.nodesByKind, { job: 6, script: 6, file: 13, endpoint: 1, table: 4, database: 1 });
    assert.equal(st.edges, 41);
    assert.equal(st.components.count, 1);
    assert.equal(st.cycles.count, 0);
    assert.equal(st.longestPath.length, 8);
    // several 8-step paths end at 6.py's outputs (the export, its log)
    assert.equal(st.longestPath.edges.at(-1)?.source, key.script(6));
    assert.equal(st.hubs[0]?.id, key.script(5));
  });

  it('ranks hubs and PageRank as sorting every node would, ties by node order', () => {
    const ix = indexFlow(workedExample());
    const deg = (v: number) => ix.inStart[v + 1]! - ix.inStart[v]! + ix.outStart[v + 1]! - ix.outStart[v]!;
    const pr = pagerank(ix).values;
    const all = [...Array(ix.order).keys()];
    for (const top of [0, 1, 3, 10, 40]) {
      const st = mapStats(ix, { top });
      const byDegree = [...all].sort((a, b) => deg(b) - deg(a) || a - b).slice(0, top);
      assert.deepEqual(
        st.hubs.map((h) => h.id),
        byDegree.map((v) => ix.keys[v]),
        `top ${top}`,
      );
      const byRank = [...all].sort((a, b) => pr[b]! - pr[a]! || a - b).slice(0, Math.min(top, 5));
      assert.deepEqual(
        st.pagerank.map((p) => p.id),
        byRank.map((v) => ix.keys[v]),
      );
    }
    const buckets = Object.entries(mapStats(ix).degreeDistribution);
    assert.equal(
      buckets.reduce((sum, [, n]) => sum + n, 0),
      ix.order,
      'every node in one bucket',
    );
    const low = buckets.map(([k]) => Number(k.split('-')[0]));
    assert.deepEqual(
      low,
      [...low].sort((a, b) => a - b),
      'buckets in order',
    );
  });
});
