/**
 * Every export read back by a real reader: GraphML and GEXF by graphology's parsers, DOT by Graphviz
 * (WASM), SVG by an XML parser, PNG by its header, Cypher by Neo4j's own Cypher parser, JSON by dfmap
 * and by NetworkX (python3-networkx).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { AbstractGraph, GraphConstructor } from 'graphology-types';
import { toCypher } from '../../src/export/formats/cypher.js';
import { toDot } from '../../src/export/formats/dot.js';
import { toGexf } from '../../src/export/formats/gexf.js';
import { toGraphml } from '../../src/export/formats/graphml.js';
import { toNodeLinkJson } from '../../src/export/formats/json.js';
import { toPng } from '../../src/export/formats/png.js';
import { renderDot, toSvg } from '../../src/export/formats/svg.js';
import { fromNodeLink } from '../../src/store/node-link-graph.js';
import { assertSameGraph } from './compare.js';
import { parseCypher } from './cypher-parser.js';
import { hostileNames, workedExample } from './maps.js';

const MAPS = { 'worked example': workedExample, 'hostile names': hostileNames };

for (const [name, build] of Object.entries(MAPS)) {
  describe(`round trips: ${name}`, () => {
    test('GraphML reads back with graphology-graphml as the same graph', () => {
      const g = build();
      assertSameGraph(parseGraphml(Graph as unknown as GraphConstructor, toGraphml(g)), g);
    });

    test('GEXF reads back with graphology-gexf as the same graph', () => {
      const g = build();
      const back = parseGexf(Graph as unknown as GraphConstructor, toGexf(g));
      // label (node) and kind (edge) are GEXF's own attributes; viz:color adds `color`.
      assertSameGraph(back, g);
      back.forEachNode((_k, a) => assert.match(String(a.color), /^#|^rgb/));
    });

    test('node-link JSON reads back with dfmap as the same graph', () => {
      const g = build();
      assertSameGraph(fromNodeLink(JSON.parse(toNodeLinkJson(g))) as unknown as AbstractGraph, g);
    });

    test('DOT renders through Graphviz into an SVG with one group per node and edge', async () => {
      const g = build();
      const svg = await renderDot(toDot(g));
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const groups = Array.from(doc.getElementsByTagName('g'));
      assert.equal(groups.filter((e) => e.getAttribute('class') === 'node').length, g.order);
      assert.equal(groups.filter((e) => e.getAttribute('class') === 'edge').length, g.size);
    });

    test('Cypher parses with Neo4j’s Cypher grammar, one statement per batch', () => {
      const g = build();
      const parsed = parseCypher(toCypher(g));
      assert.deepEqual(parsed.errors, []);
      const kinds = new Set(g.mapNodes((_k, a) => a.kind)).size;
      const edgeKinds = new Set(g.mapEdges((_e, a) => a.kind)).size;
      assert.equal(parsed.statements, 1 + kinds + edgeKinds);
    });
  });
}

describe('rendered pictures', () => {
  test('SVG is well-formed XML with every label as text', async () => {
    const svg = await toSvg(workedExample());
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    for (const label of ['combined_export.json', 'shop.orders', '3.py', '0 1 * * *'])
      assert.ok(texts.includes(label), label);
  });

  test('PNG is a PNG twice the SVG size', async () => {
    const g = workedExample();
    const png = await toPng(g);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = Buffer.from(png).readUInt32BE(16);
    const svgWidth = Number(/<svg width="(\d+)pt"/.exec(await toSvg(g))?.[1]);
    assert.ok(Math.abs(width - svgWidth * (4 / 3) * 2) <= 2, `png width ${width} for svg ${svgWidth}pt`);
  });
});

describe('NetworkX reads the JSON export', () => {
  const python = '/usr/bin/python3';
  const hasNetworkx = spawnSync(python, ['-c', 'import networkx'], { encoding: 'utf8' }).status === 0;
  // NetworkX >= 3.4 takes edges="links" (and warns without it); older versions read "links" by default.
  const script = `
import inspect, json, sys, networkx as nx
data = json.load(open(sys.argv[1]))
kw = {"edges": "links"} if "edges" in inspect.signature(nx.node_link_graph).parameters else {}
G = nx.node_link_graph(data, **kw)
print(json.dumps({"directed": G.is_directed(), "nodes": {n: d.get("kind") for n, d in G.nodes(data=True)},
                  "edges": sorted([s, t, d.get("kind")] for s, t, d in G.edges(data=True))}))
`;
  for (const [name, build] of Object.entries(MAPS)) {
    test(name, {
      skip: hasNetworkx ? false : 'python3-networkx is not installed (apt-get install -y python3-networkx)',
    }, () => {
      const g = build();
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-nx-')), 'map.json');
      fs.writeFileSync(file, toNodeLinkJson(g));
      const r = spawnSync(python, ['-c', script, file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as {
        directed: boolean;
        nodes: Record<string, string>;
        edges: string[][];
      };
      assert.equal(got.directed, true);
      assert.deepEqual(got.nodes, Object.fromEntries(g.mapNodes((k, a) => [k, a.kind])));
      const edges = g.mapEdges((_e, a, s, t) => [s, t, a.kind]).sort();
      assert.deepEqual(
        got.edges,
        edges.sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1)),
      );
    });
  }
});
