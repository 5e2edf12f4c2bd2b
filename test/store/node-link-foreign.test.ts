import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/model/errors.js';
import { inferKind, parseNodeLink } from '../../src/store/node-link.js';

describe('maps made elsewhere', () => {
  it('infers kinds from ids: scripts by extension, other paths files, bare dotted names unknown', () => {
    assert.equal(inferKind('/opt/etl/load.py', {}), 'script');
    assert.equal(inferKind('/opt/etl/run.sh', {}), 'script');
    assert.equal(inferKind('/opt/etl/merge.sql', {}), 'script');
    assert.equal(inferKind('/data/out/x.csv', {}), 'file');
    assert.equal(inferKind('combined_export.json', {}), 'file');
    assert.equal(inferKind('5.py', {}), 'script');
    assert.equal(inferKind('sales.orders', {}), 'unknown');
    assert.equal(inferKind('orders', {}), 'unknown');
    assert.equal(inferKind('table:sales.orders', {}), 'table');
    assert.equal(inferKind('https://api.example.com/v1', {}), 'endpoint');
  });

  it('parses node-link data without a graph: kinds, labels, edge defaults, duplicates dropped', () => {
    const data = {
      nodes: [{ id: '/in.csv' }, { id: '/bin/x.py' }, { id: 7 }, { id: '/in.csv' }],
      edges: [
        { source: '/in.csv', target: '/bin/x.py' },
        { source: '/bin/x.py', target: 7 },
        { source: '/in.csv', target: '/bin/x.py' },
      ],
    };
    const d = parseNodeLink(data, 'nx.json');
    assert.deepEqual(
      d.nodes.map((n) => [n.id, n.kind, n.label]),
      [
        ['/in.csv', 'file', 'in.csv'],
        ['/bin/x.py', 'script', 'x.py'],
        ['7', 'unknown', '7'],
      ],
    );
    assert.deepEqual(
      d.links.map((l) => [l.source, l.target, l.kind, l.confidence, l.evidence.length]),
      [
        ['/in.csv', '/bin/x.py', 'reads', 'exact', 0],
        ['/bin/x.py', '7', 'writes', 'exact', 0],
      ],
    );
    assert.equal(
      (data.nodes[0] as Record<string, unknown>).kind,
      undefined,
      'the input is not changed unless inPlace',
    );
  });

  it('names the file and the place of what is wrong', () => {
    assert.throws(
      () => parseNodeLink({ nodes: [{ id: 'a' }, 'b'], links: [] }, 'm.json'),
      (e: unknown) =>
        e instanceof ConfigError &&
        /^m\.json: not a node-link map at nodes\.1: expected an object/.test(e.message),
    );
    assert.throws(
      () => parseNodeLink({ nodes: [{ id: 'a' }], links: [{ source: 'a' }] }, 'm.json'),
      (e: unknown) => e instanceof ConfigError && /at links\.0\.target: missing/.test(e.message),
    );
  });
});
