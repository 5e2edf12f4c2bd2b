/** `dfmap export` as a person runs it: in-process through main() and, for bytes on a pipe, as a child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { toDot } from '../../src/export/formats/dot.js';
import { readMap, writeMap } from '../../src/store/map-file.js';
import { workedExample } from './maps.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let map: string;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => (out += t),
    err: (t: string) => (err += `${t}\n`),
    color: false,
    interactive: false,
  };
  const code = await main(['export', ...argv], io);
  return { code, out, err };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-export-'));
  map = path.join(dir, 'map.json');
  writeMap(workedExample(), map);
});

describe('dfmap export', () => {
  test('--format dot prints the DOT of the map on stdout', async () => {
    const r = await run('--format', 'dot', '--map', map);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, toDot(readMap(map)));
  });

  test('an unknown format exits 2 and lists the known ones', async () => {
    const r = await run('--format', 'visio', '--map', map);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown format 'visio'/);
    assert.match(r.err, /dot, svg, png, mermaid, graphml, gexf, json, csv, cypher/);
  });

  test('no --format and no telling extension exits 2', async () => {
    const r = await run('--map', map);
    assert.equal(r.code, 2);
    assert.match(r.err, /which format/);
  });

  test('the format follows from --output’s extension', async () => {
    const out = path.join(dir, 'map.svg');
    const r = await run('--map', map, '--output', out);
    assert.equal(r.code, 0, r.err);
    assert.match(fs.readFileSync(out, 'utf8'), /<svg[\s\S]*combined_export\.json/);
    assert.match(r.err, /wrote svg of 24 nodes and 28 edges/);
  });

  test('a missing map exits 2 with a hint', async () => {
    const r = await run('--format', 'json', '--map', path.join(dir, 'nope.json'));
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read the map \(ENOENT\)/);
  });

  test('csv writes nodes.csv and edges.csv into the --output directory', async () => {
    const out = path.join(dir, 'csv-out');
    const r = await run('--format', 'csv', '--map', map, '--output', out);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(fs.readdirSync(out).sort(), ['edges.csv', 'nodes.csv']);
    assert.equal(fs.readFileSync(path.join(out, 'nodes.csv'), 'utf8').trim().split('\n').length, 25);
  });

  test('csv without --output prints both files, each after a header line', async () => {
    const r = await run('--format', 'csv', '--map', map);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^==> nodes\.csv <==\nid,kind,/);
    assert.match(r.out, /\n==> edges\.csv <==\nsource,target,/);
  });

  test('filters cut the map before it is exported', async () => {
    const r = await run('--format', 'json', '--map', map, '--focus', 'combined_export.json', '--radius', '1');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      JSON.parse(r.out).nodes.map((n: { id: string }) => n.id),
      ['file:/data/export/combined_export.json', 'script:/opt/dataops/6.py'],
    );
  });

  test('a bad --kind or --radius exits 2', async () => {
    assert.equal((await run('--format', 'dot', '--map', map, '--kind', 'table,widget')).code, 2);
    assert.equal((await run('--format', 'dot', '--map', map, '--focus', '6.py', '--radius', '-1')).code, 2);
  });

  test('--anonymize leaves no name and says the salt is public', async () => {
    const r = await run('--format', 'mermaid', '--map', map, '--anonymize');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /dataops|combined_export|orders|northwind/);
    assert.match(r.err, /public default salt/);
    const salted = await run('--format', 'mermaid', '--map', map, '--anonymize', '--salt', 'secret');
    assert.notEqual(salted.out, r.out);
    assert.doesNotMatch(salted.err, /public default salt/);
  });

  test('--help lists every format', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    for (const f of ['dot', 'svg', 'png', 'mermaid', 'graphml', 'gexf', 'json', 'csv', 'cypher'])
      assert.match(r.out, new RegExp(`\\n  ${f} `));
  });

  test('png goes to a pipe as bytes', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/dfmap-dev.ts', 'export', '--format', 'png', '--map', map],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual([...r.stdout.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });
});
