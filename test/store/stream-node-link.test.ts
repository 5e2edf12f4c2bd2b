import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexNodeLink } from '../../src/graph/flow-index.js';
import { ConfigError } from '../../src/model/errors.js';
import { buildNodeLink, toNodeLink } from '../../src/store/node-link.js';
import { streamNodeLink } from '../../src/store/stream-node-link.js';
import { workedExample } from '../analyses/worked-example.js';

let dir = '';
const write = (name: string, data: unknown): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data, null, 1));
  return p;
};
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-stream-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Maps made elsewhere, in the shapes node-link JSON comes in. */
const foreign: Record<string, Record<string, unknown>> = {
  'edges, numeric ids, duplicates': {
    directed: true,
    graph: { name: 'nx' },
    nodes: [{ id: '/in.csv' }, { id: '/bin/x.py' }, { id: 7 }, { id: '/in.csv', extra: 1 }, { id: 8 }],
    edges: [
      { source: '/in.csv', target: '/bin/x.py' },
      { source: '/bin/x.py', target: 7, weight: 2 },
      { source: 8, target: '/bin/x.py' },
      { source: '/in.csv', target: '/bin/x.py', kind: 'writes' },
      { source: '/bin/x.py', target: 7 },
    ],
  },
  'links before nodes': {
    links: [
      { source: 'a.py', target: 'b.csv' },
      { source: 'c.csv', target: 'a.py' },
    ],
    nodes: [{ id: 'a.py' }, { id: 'b.csv' }, { id: 'c.csv' }],
  },
  'links and edges: links win': {
    nodes: [{ id: 'a.py' }, { id: 'b.csv' }],
    links: [{ source: 'a.py', target: 'b.csv' }],
    edges: [{ source: 'b.csv', target: 'a.py' }],
  },
  'no links at all': { nodes: [{ id: 'file:/x' }] },
};

function sameAsWhole(file: string, batch: number): void {
  const whole = buildNodeLink(JSON.parse(fs.readFileSync(file, 'utf8')), file, { inPlace: true });
  const streamed = streamNodeLink(file, { batch, window: 64 });
  assert.ok(streamed, `${file} streams (batch ${batch})`);
  assert.deepEqual(streamed.data, whole.data, `batch ${batch}`);
  assert.deepEqual([...streamed.index.source], [...whole.index.source]);
  assert.deepEqual([...streamed.index.target], [...whole.index.target]);
  assert.deepEqual([...streamed.index.ids], [...whole.index.ids]);
}

describe('streamNodeLink', () => {
  it('reads what parsing the whole file reads, however the batches fall', () => {
    const maps = { worked: toNodeLink(workedExample()), ...foreign };
    for (const [name, data] of Object.entries(maps)) {
      const file = write(`${name.replace(/\W+/g, '-')}.json`, data);
      for (const batch of [1, 40, 1 << 16]) sameAsWhole(file, batch);
    }
  });

  it('keeps the first of duplicate links, also across batches, and indexes like indexNodeLink', () => {
    const file = write('dups.json', foreign['edges, numeric ids, duplicates']);
    const built = streamNodeLink(file, { batch: 1 })!;
    assert.deepEqual(
      built.data.links.map((l) => [l.source, l.target, l.kind]),
      [
        ['/in.csv', '/bin/x.py', 'reads'],
        ['/bin/x.py', '7', 'writes'],
        ['8', '/bin/x.py', 'reads'],
      ],
    );
    const known = indexNodeLink(built.data, built.index);
    const fresh = indexNodeLink(built.data);
    for (const k of ['source', 'target', 'outStart', 'outEdge', 'inStart', 'inEdge'] as const)
      assert.deepEqual([...known[k]], [...fresh[k]], k);
    assert.equal(known.indexOf('8'), fresh.indexOf('8'));
  });

  it('gives up (undefined) on bad maps, so the caller reports them as whole parsing does', () => {
    const bad: Record<string, unknown> = {
      'link to nowhere': { nodes: [{ id: 'a' }], links: [{ source: 'a', target: 'b' }] },
      'element not an object': { nodes: [{ id: 'a' }, 'b'], links: [] },
      'too new': { graph: { schemaVersion: 99 }, nodes: [{ id: 'a' }, 'b'] },
      // links win, but the edges are already taken: streaming cannot undo that
      'edges, then links': {
        nodes: [{ id: 'a' }, { id: 'b' }],
        edges: [{ source: 'a', target: 'b' }],
        links: [],
      },
      'nodes twice (JSON.parse keeps the last)': '{"nodes": [{"id": "a"}], "nodes": []}',
    };
    for (const [name, data] of Object.entries(bad)) {
      const file = write('bad.json', data);
      assert.equal(streamNodeLink(file, { batch: 1 }), undefined, name);
    }
    const file = write('bad.json', bad['link to nowhere']);
    assert.throws(
      () => buildNodeLink(JSON.parse(fs.readFileSync(file, 'utf8')), file),
      (e: unknown) => e instanceof ConfigError && /link 0 refers to node 'b'/.test(e.message),
    );
  });

  it('reports the shape of the whole file before anything in its elements', () => {
    // nodes missing: streaming sees the links, then finds no nodes at the end
    assert.throws(
      () => streamNodeLink(write('no-nodes.json', { links: [{ source: 'a', target: 'b' }] })),
      (e: unknown) => e instanceof ConfigError && /at nodes: missing/.test(e.message),
    );
  });
});
