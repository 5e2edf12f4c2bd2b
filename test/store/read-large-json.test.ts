import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toNodeLink } from '../../src/store/node-link.js';
import { scanLargeJsonObject } from '../../src/store/read-large-json.js';
import { workedExample } from '../analyses/worked-example.js';

let dir = '';
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-large-json-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The whole top-level object as the scanner streams it: its big arrays put back in place. */
function readLargeJsonObject(file: string, window?: number): Record<string, unknown> | undefined {
  const arrays = new Map<string, unknown[]>();
  const sink = {
    batch(key: string, items: unknown[]) {
      arrays.set(key, [...(arrays.get(key) ?? []), ...items]);
    },
    end(key: string) {
      if (!arrays.has(key)) arrays.set(key, []);
    },
  };
  const out = scanLargeJsonObject(file, sink, window === undefined ? {} : { window });
  if (out) for (const [key, items] of arrays) out[key] = items;
  return out;
}

describe('scanLargeJsonObject', () => {
  const tricky = {
    a: 1,
    nodes: [],
    graph: { x: [1, { y: '}]"\\' }] },
    links: [{ source: 'a"b', target: 'é😀' }, { source: 2 }],
    z: null,
    w: 'q,}',
    t: true,
    n: -1.5e3,
  };

  it('reads what JSON.parse reads, whatever the window splits', () => {
    for (const text of [
      JSON.stringify(tricky),
      JSON.stringify(tricky, null, 2),
      JSON.stringify(toNodeLink(workedExample()), null, 1),
    ]) {
      const file = write('t.json', text);
      for (const window of [1, 2, 3, 7, 64, 4096]) {
        assert.deepEqual(readLargeJsonObject(file, window), JSON.parse(text), `window ${window}`);
      }
    }
  });

  it('hands the big arrays to the sink in batches, in file order, whatever the batch size', () => {
    const data = {
      graph: { a: [1] },
      nodes: [{ id: 'x' }, { id: 'y,]}' }, 3, 'z'],
      links: [],
      edges: [[1], [2]],
    };
    const file = write('s.json', JSON.stringify(data, null, 2));
    for (const batch of [1, 5, 30, 1 << 16]) {
      for (const window of [1, 7, 4096]) {
        const got: Record<string, unknown[]> = {};
        const ended: string[] = [];
        const top = scanLargeJsonObject(
          file,
          {
            batch: (key, items) => {
              assert.ok(items.length > 0, 'no empty batches');
              got[key] = [...(got[key] ?? []), ...items];
            },
            end: (key) => ended.push(key),
          },
          { batch, window },
        );
        assert.deepEqual(top, { graph: { a: [1] }, nodes: [], links: [], edges: [] });
        assert.deepEqual(got, { nodes: data.nodes, edges: data.edges }, `batch ${batch}, window ${window}`);
        assert.deepEqual(ended, ['nodes', 'links', 'edges']);
      }
    }
  });

  it('gives up (undefined) on what it does not understand, so the caller parses it whole', () => {
    assert.equal(readLargeJsonObject(write('arr.json', '[1, 2]')), undefined);
    assert.equal(readLargeJsonObject(write('bad.json', '{"nodes": [{"id": 1},, ]}')), undefined);
    assert.equal(readLargeJsonObject(write('cut.json', '{"nodes": [{"id": 1}')), undefined);
    assert.equal(readLargeJsonObject(write('junk.json', 'not json')), undefined);
    // what JSON.parse rejects, however the batches fall
    for (const text of [
      '{"nodes": [{"id": 1},]}',
      '{"nodes": [,{"id": 1}]}',
      '{"nodes": [{"id": 1}, , {"id": 2}]}',
      '{"nodes": [{"id": 1}} ]}',
      '{"nodes": []} trailing',
    ]) {
      for (const batch of [1, 3, 1 << 16]) {
        const file = write('bad.json', text);
        const sink = { batch: () => {}, end: () => {} };
        assert.equal(scanLargeJsonObject(file, sink, { batch, window: 2 }), undefined, `${text} (${batch})`);
      }
    }
    // a repeated key: JSON.parse keeps the last, a streamed array cannot be taken back
    assert.equal(readLargeJsonObject(write('twice.json', '{"nodes": [1], "nodes": [2]}')), undefined);
  });
});
