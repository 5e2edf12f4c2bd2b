/**
 * A map as text in two parts (store/map-text.ts): written from its attributes and body, it is the
 * file serializeMap writes from the graph, byte for byte, whatever the map holds; read back, it is
 * the same graph.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createGraph } from '../../src/graph/build.js';
import type { DataflowGraph } from '../../src/graph/types.js';
import { writeMap } from '../../src/store/map-file.js';
import { graphOfMapText, mapFileString, mapTextOf } from '../../src/store/map-text.js';
import { toNodeLink } from '../../src/store/node-link.js';

/** What serializeMap wrote before the text had parts: the node-link data, one space per level. */
const plain = (g: DataflowGraph) => `${JSON.stringify(toNodeLink(g), null, 1)}\n`;

function sample(): DataflowGraph {
  const g = createGraph({
    schemaVersion: 1,
    host: 'büro-01',
    scannedAt: '2026-12-05T00:00:00.000Z',
    warnings: [
      { code: 'x', severity: 'warning', message: 'a "quoted"\nline', location: { file: '/etc/crontab' } },
    ],
    mounts: [],
  });
  g.addNode('file:/srv/données/😀.csv', { kind: 'file', label: '😀.csv', path: '/srv/données/😀.csv' });
  g.addNode('script:/opt/a.sh', { kind: 'script', label: 'a.sh', path: '/opt/a.sh' });
  g.addNode('table:pg/sales.orders', { kind: 'table', label: 'sales.orders' });
  g.addDirectedEdge('script:/opt/a.sh', 'file:/srv/données/😀.csv', {
    kind: 'writes',
    confidence: 'exact',
    method: 'static',
    evidence: [
      { file: '/opt/a.sh', line: 3, snippet: 'echo \\t > "x"', construct: 'redirect', method: 'static' },
    ],
  });
  g.addDirectedEdge('table:pg/sales.orders', 'script:/opt/a.sh', {
    kind: 'reads',
    confidence: 'partial',
    method: 'static',
    evidence: [],
  });
  return g;
}

describe('a map as text in two parts', () => {
  it('writes the same bytes as the node-link data, for a full map, an empty one, and empty attributes', () => {
    for (const g of [sample(), createGraph({ host: 'h' }), createGraph()]) {
      assert.equal(mapFileString(mapTextOf(g)), plain(g));
    }
  });

  it('writes a map of many pieces (several gathered writes, names in any script) as the same bytes', () => {
    const g = sample();
    for (let i = 0; i < 4000; i++) {
      g.addNode(`file:/srv/é/${i}/😀`, { kind: 'file', label: `😀 ${i}`, path: `/srv/é/${i}/😀` });
      g.addDirectedEdge('script:/opt/a.sh', `file:/srv/é/${i}/😀`, {
        kind: 'writes',
        confidence: 'exact',
        method: 'static',
        evidence: [],
      });
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-map-text-'));
    try {
      const file = path.join(dir, 'map.json');
      writeMap(g, file);
      const text = plain(g);
      assert.ok(text.length > 4 * 256 * 1024);
      assert.equal(fs.readFileSync(file, 'utf8'), text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the attributes as they are now, changed after the body was made', () => {
    const g = sample();
    const t = mapTextOf(g);
    t.attributes.timeZone = 'Europe/Berlin';
    g.setAttribute('timeZone', 'Europe/Berlin');
    assert.equal(mapFileString(t), plain(g));
  });

  it('writes a file in parts that reads back as the same graph', () => {
    const g = sample();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-map-text-'));
    try {
      const file = path.join(dir, 'map.json');
      writeMap(mapTextOf(g), file);
      assert.equal(fs.readFileSync(file, 'utf8'), plain(g));
      writeMap(g, file);
      assert.equal(fs.readFileSync(file, 'utf8'), plain(g));
      const back = graphOfMapText(mapTextOf(g));
      assert.equal(plain(back), plain(g));
      assert.equal(back.order, 3);
      assert.equal(back.size, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
