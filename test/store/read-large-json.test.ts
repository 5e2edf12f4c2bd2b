import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toNodeLink } from '../../src/store/node-link.js';
import { readLargeJsonObject } from '../../src/store/read-large-json.js';
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

describe('readLargeJsonObject', () => {
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

  it('shares node id strings with the links that name them', () => {
    const file = write('m.json', JSON.stringify(toNodeLink(workedExample())));
    const data = readLargeJsonObject(file, 5) as {
      nodes: Array<{ id: string }>;
      links: Array<{ source: string }>;
    };
    assert.ok(data.links.every((l) => data.nodes.some((n) => n.id === l.source)));
  });

  it('gives up (undefined) on what it does not understand, so the caller parses it whole', () => {
    assert.equal(readLargeJsonObject(write('arr.json', '[1, 2]')), undefined);
    assert.equal(readLargeJsonObject(write('bad.json', '{"nodes": [{"id": 1},, ]}')), undefined);
    assert.equal(readLargeJsonObject(write('cut.json', '{"nodes": [{"id": 1}')), undefined);
    assert.equal(readLargeJsonObject(write('junk.json', 'not json')), undefined);
  });
});
