/**
 * Every answer names its map and its host (issue 11, point 7): the first line of text, the `map`
 * field under --json, for a map file, a map found without --map, stdin and the catalog.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDfmap } from '../helpers/cli.js';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let map = '';
const root = path.resolve('examples/seed-server');

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-map-header-'));
  map = path.join(dir, 'dfmap.json');
  const r = await runMain('scan', root, '-o', map, '-q');
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Each answering command, with the arguments it needs on the worked example. */
const ANSWERS: string[][] = [
  ['upstream', 'combined_export.json'],
  ['downstream', 'orders.json'],
  ['impact', 'mysql', '--at', '2026-11-26T09:00'],
  ['path', 'orders.json', 'combined_export.json'],
  ['ego', '5.py'],
  ['critical', '--top', '3'],
  ['communities'],
  ['stats'],
  ['lint'],
  ['status', '--at', '2026-11-26T09:00'],
  ['diagnose', 'combined_export.json', '--at', '2026-11-26T09:00'],
];

describe('the header of every answer', () => {
  for (const args of ANSWERS) {
    it(`${args[0]}: the first line names the map file, the host and the root`, async () => {
      const r = await runMain(...args, '--map', map);
      assert.ok(r.code === 0 || r.code === 1, r.err);
      // the root is under the working directory (the test runs in the checkout): shown relative
      assert.equal(r.out.split('\n')[0], `map: ${map}  host: etl01  root: examples/seed-server`);
    });

    it(`${args[0]} --json: a map field with source, host and root, the old fields kept`, async () => {
      const r = await runMain(...args, '--map', map, '--json');
      assert.ok(r.code === 0 || r.code === 1, r.err);
      const data = JSON.parse(r.out);
      assert.deepEqual(data.map, { source: map, kind: 'file', host: 'etl01', root });
      assert.ok(Object.keys(data).length > 1, 'the answer itself is still there');
    });
  }

  it('a map found without --map is named as found; stdin is named -', async () => {
    // a child process with its own environment: test files share a process
    const r = runDfmap(['stats'], { env: { DFMAP_MAP: map } });
    assert.match(r.err, /reading .*dfmap\.json \(from DFMAP_MAP\)/);
    assert.equal(r.out.split('\n')[0], `map: ${map}  host: etl01  root: examples/seed-server`);
  });

  it('ego -o -: the map file goes to stdout untouched, the header to stderr', async () => {
    const r = await runMain('ego', '5.py', '--map', map, '-o', '-');
    assert.equal(r.code, 0, r.err);
    assert.ok(Array.isArray(JSON.parse(r.out).nodes), 'stdout is the map alone');
    assert.match(r.err, /^dfmap: map: .*dfmap\.json {2}host: etl01/m);
  });

  it('a catalog: the catalog, the snapshot or the hosts joined', async () => {
    const where = path.join(dir, 'fleet.db');
    for (const h of ['etl01', 'rpt01']) {
      const s = await runMain('scan', path.resolve('examples/fleet', h), '--catalog', where, '-q');
      assert.equal(s.code, 0, s.err);
    }
    const fleet = await runMain('stats', '--catalog', where);
    assert.equal(fleet.out.split('\n')[0], `map: catalog ${where}  hosts: etl01, rpt01`);
    const one = await runMain('upstream', 'daily.html', '--catalog', where, '--snapshot', 'rpt01', '--json');
    assert.equal(one.code, 0, one.err);
    const m = JSON.parse(one.out).map;
    assert.equal(m.kind, 'catalog');
    assert.equal(m.host, 'rpt01');
    assert.equal(m.root, path.resolve('examples/fleet/rpt01'));
    assert.equal(m.snapshots.length, 1);
    const text = await runMain('upstream', 'daily.html', '--catalog', where, '--snapshot', 'rpt01');
    assert.match(
      text.out.split('\n')[0]!,
      /^map: catalog .*fleet\.db, snapshot \d+ {2}host: rpt01 {2}root: examples\/fleet\/rpt01$/,
    );
  });
});
