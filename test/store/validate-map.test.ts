/** Maps made elsewhere (issue 16, point 11): checked by type on load, one clear error, no stack trace. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { HARD_MAX_BYTES } from '../../src/util/server-fs.js';
import { runCli } from '../helpers/cli-in-process.js';
import { makeRoot, removeRoot } from '../helpers/server-root.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-foreign-'));
after(() => removeRoot(dir));

function mapFile(name: string, nodes: unknown[], links: unknown[]): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ directed: true, multigraph: false, graph: {}, nodes, links }));
  return file;
}

const ok = [
  { id: 'script:/opt/a.sh', kind: 'script', path: '/opt/a.sh' },
  { id: 'file:/data/b', kind: 'file', path: '/data/b' },
];

function assertClearError(r: { code: number; err: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, pattern);
  assert.doesNotMatch(r.err, /\n\s+at .*:\d+:\d+/, 'no stack trace');
  assert.doesNotMatch(r.err, /internal error/);
}

describe('maps made elsewhere', () => {
  test('a numeric path or name is an error naming the node', async () => {
    const f = mapFile('numeric-path', [{ id: 'file:/x', kind: 'file', path: 42 }], []);
    assertClearError(
      await runCli(['export', '-m', f, '--format', 'dot']),
      /node "file:\/x": "path" must be a string, not a number/,
    );
    const g = mapFile('numeric-name', [{ id: 'table:t', kind: 'table', name: 7 }], []);
    assertClearError(await runCli(['stats', '--map', g]), /node "table:t": "name" must be a string/);
  });

  test('evidence [null] is an error naming the link (it crashed the Cypher export)', async () => {
    const f = mapFile('null-evidence', ok, [
      { source: 'script:/opt/a.sh', target: 'file:/data/b', kind: 'writes', evidence: [null] },
    ]);
    assertClearError(
      await runCli(['export', '-m', f, '--format', 'cypher']),
      /link "script:\/opt\/a.sh" -> "file:\/data\/b", evidence 0: expected an object, not null/,
    );
  });

  test('a confidence of `constructor` is refused, not printed as `function Object()`', async () => {
    const f = mapFile('proto-confidence', ok, [
      { source: 'script:/opt/a.sh', target: 'file:/data/b', kind: 'writes', confidence: 'constructor' },
    ]);
    const r = await runCli(['stats', '--map', f]);
    assertClearError(r, /confidence "constructor" is not one of exact, resolved, partial, heuristic/);
    assert.doesNotMatch(r.out + r.err, /function Object/);
  });

  test('ids named like Object.prototype: analyses read them, export and view refuse them clearly', async () => {
    const f = mapFile(
      'proto-ids',
      [{ id: 'constructor' }, { id: 'toString' }, { id: '__proto__' }],
      [
        { source: 'constructor', target: 'toString' },
        { source: '__proto__', target: 'constructor' },
      ],
    );
    const up = await runCli(['upstream', 'toString', '--map', f, '--json']);
    assert.equal(up.code, 0, up.err);
    assert.match(up.out, /__proto__/);
    assertClearError(
      await runCli(['export', '-m', f, '--format', 'json']),
      /node "constructor": this id cannot be loaded/,
    );
  });

  test('a file bigger than Node can hold, with the size limit raised, is a warning and the scan goes on', async () => {
    const root = makeRoot({
      '/etc/crontab': '0 1 * * * etl /opt/jobs/huge.sh\n0 2 * * * etl /opt/jobs/small.sh\n',
      '/opt/jobs/huge.sh': '',
      '/opt/jobs/small.sh': '#!/bin/sh\ncp /data/in/a /data/out/a\n',
    });
    try {
      fs.truncateSync(path.join(root, 'opt/jobs/huge.sh'), HARD_MAX_BYTES + 1); // sparse
      const r = await scan({ root, maxFileBytes: 2 ** 40, workers: 0 });
      assert.ok(
        r.diagnostics.some((d) => d.code === 'file-too-large' && d.location?.file === '/opt/jobs/huge.sh'),
      );
      assert.ok(r.graph.hasNode('file:/data/out/a'), 'the rest of the scan went on');
    } finally {
      removeRoot(root);
    }
  });
});
