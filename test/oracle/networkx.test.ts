/**
 * dfmap's analyses against NetworkX on generated maps: ancestors, descendants, articulation
 * points, bridges, immediate dominators, exact betweenness and PageRank must agree; Louvain is
 * compared by modularity (within a tolerance), not by partition.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDataflowMap } from '../../bench/analysis.generate.js';
import { findCutStructure } from '../../src/analyses/algorithms/articulation.js';
import { betweenness } from '../../src/analyses/algorithms/betweenness.js';
import { dominatorRoots, dominators } from '../../src/analyses/algorithms/dominators.js';
import { pagerank } from '../../src/analyses/algorithms/pagerank.js';
import { stronglyConnectedComponents } from '../../src/analyses/algorithms/scc.js';
import { traverse } from '../../src/analyses/algorithms/traverse.js';
import { toUndirected } from '../../src/analyses/algorithms/undirected.js';
import { communities } from '../../src/analyses/communities.js';
import { dataEdge } from '../../src/analyses/critical.js';
import { type FlowIndex, indexNodeLink } from '../../src/graph/flow-index.js';
import { parseNodeLink } from '../../src/store/node-link.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { askNetworkx, networkxMissing } from './networkx.js';

const skip = networkxMissing();
let dir = '';

interface Case {
  name: string;
  file: string;
  index: FlowIndex;
  sample: number[];
  roots: number[];
  partition: string[][];
  modularity: number;
  nx: Record<string, unknown>;
}
const cases: Case[] = [];

/** A random directed graph with cycles and both-way pairs, as node-link. */
function randomDigraph(n: number, m: number, seed: number) {
  const rnd = seededRandom(seed);
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `/data/n${i}.csv`, kind: 'file' }));
  const seen = new Set<string>();
  const links: Array<{ source: string; target: string }> = [];
  while (links.length < m) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a === b || seen.has(`${a}>${b}`)) continue;
    seen.add(`${a}>${b}`);
    links.push({ source: nodes[a]!.id, target: nodes[b]!.id });
  }
  return { directed: true, multigraph: false, graph: {}, nodes, links };
}

before(() => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-oracle-'));
  const maps: Array<[string, unknown]> = [
    ['dataflow-600', generateDataflowMap({ edges: 600, seed: 3 })],
    ['dataflow-2000', generateDataflowMap({ edges: 2000, seed: 11 })],
    ['random-cyclic', randomDigraph(150, 400, 5)],
  ];
  for (const [name, data] of maps) {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(data));
    const ix = indexNodeLink(parseNodeLink(data, file));
    const rnd = seededRandom(9);
    const sample = Array.from({ length: 25 }, () => Math.floor(rnd() * ix.order));
    const isData = dataEdge(ix);
    const roots = dominatorRoots(ix, stronglyConnectedComponents(ix, isData).component, isData);
    const edges: Array<[string, string]> = [];
    for (let e = 0; e < ix.size; e++)
      if (isData(e)) edges.push([ix.keys[ix.source[e]!]!, ix.keys[ix.target[e]!]!]);
    const r = communities(ix, { seed: 42 });
    const partition = r.communities.map((x) =>
      Object.values(x.members).flatMap((list) => list.map((n) => n.id)),
    );
    // one Python process per map: importing networkx is most of its cost
    const nx = askNetworkx({
      map: file,
      ops: [
        'ancestors',
        'descendants',
        'articulation_points',
        'bridges',
        'dominators',
        'betweenness',
        'pagerank',
        'louvain',
        'modularity_of',
      ],
      nodes: sample.map((v) => ix.keys[v]!),
      dominators: { edges, roots: roots.map((v) => ix.keys[v]!) },
      partition,
      seed: 42,
    }).results;
    cases.push({ name, file, index: ix, sample, roots, partition, modularity: r.modularity, nx });
  }
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

describe('NetworkX oracle', { skip }, () => {
  it('ancestors and descendants', () => {
    for (const c of cases) {
      const nx = c.nx as Record<string, Record<string, string[]>>;
      for (const v of c.sample) {
        const k = c.index.keys[v]!;
        for (const [op, dir] of [
          ['ancestors', 'in'],
          ['descendants', 'out'],
        ] as const) {
          const ours = [...traverse(c.index, [v], dir).order]
            .slice(1)
            .map((x) => c.index.keys[x]!)
            .sort();
          assert.deepEqual(ours, nx[op]![k], `${c.name} ${op} of ${k}`);
        }
      }
    }
  });

  it('articulation points and bridges of the undirected view', () => {
    for (const c of cases) {
      const u = toUndirected(c.index);
      const cut = findCutStructure(u);
      const nx = c.nx;
      const ours = [...cut.articulation].flatMap((x, v) => (x ? [c.index.keys[v]!] : [])).sort();
      assert.deepEqual(ours, nx.articulation_points, c.name);
      const bridges = cut.bridges.map((e) => [c.index.keys[u.a[e]!]!, c.index.keys[u.b[e]!]!].sort()).sort();
      assert.deepEqual(bridges, nx.bridges, c.name);
    }
  });

  it('immediate dominators from a virtual source', () => {
    for (const c of cases) {
      const ix = c.index;
      const dom = dominators(ix, c.roots, dataEdge(ix));
      const nx = c.nx.dominators as Record<string, string | null>;
      const ours: Record<string, string | null> = {};
      for (let v = 0; v < ix.order; v++) {
        const d = dom.idom[v]!;
        if (d >= 0) ours[ix.keys[v]!] = d === dom.virtualRoot ? null : ix.keys[d]!;
      }
      assert.deepEqual(ours, nx, c.name);
    }
  });

  it('exact betweenness and PageRank', () => {
    for (const c of cases) {
      const nx = c.nx as Record<string, Record<string, number>>;
      const b = betweenness(c.index).values;
      const pr = pagerank(c.index).values;
      for (let v = 0; v < c.index.order; v++) {
        const k = c.index.keys[v]!;
        assert.ok(
          close(b[v]!, nx.betweenness![k]!, 1e-9),
          `${c.name} betweenness of ${k}: ${b[v]} vs ${nx.betweenness![k]}`,
        );
        assert.ok(
          close(pr[v]!, nx.pagerank![k]!, 1e-8),
          `${c.name} pagerank of ${k}: ${pr[v]} vs ${nx.pagerank![k]}`,
        );
      }
    }
  });

  it('Louvain: our modularity is what NetworkX computes for our partition, and as good as its Louvain', () => {
    for (const c of cases) {
      const nx = c.nx as { louvain: { modularity: number }; modularity_of: number };
      assert.ok(
        close(c.modularity, nx.modularity_of, 1e-9),
        `${c.name}: ${c.modularity} vs ${nx.modularity_of}`,
      );
      assert.ok(
        c.modularity >= nx.louvain.modularity - 0.03,
        `${c.name}: ours ${c.modularity}, networkx ${nx.louvain.modularity}`,
      );
      assert.ok(c.partition.length > 1);
    }
  });
});
