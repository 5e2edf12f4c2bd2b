import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readMap, writeMap } from '../../src/store/map-file.js';
import { key, workedExample } from '../analyses/worked-example.js';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let map = '';

const run = runMain;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-analyses-'));
  map = path.join(dir, 'dfmap.json');
  writeMap(workedExample(), map);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dfmap upstream / downstream', () => {
  it('prints what feeds the export as a tree with evidence', async () => {
    const r = await run('upstream', 'combined_export.json', '--map', map);
    assert.equal(r.code, 0);
    const lines = r.out.split('\n');
    assert.equal(lines[0], `map: ${map}  host: dataops01`, 'the first line names the map and its host');
    assert.match(
      lines[1]!,
      /^upstream of combined_export\.json file \/data\/export\/combined_export\.json: /,
    );
    assert.match(r.out, /└─ ◀ writes 6\.py script \/opt\/dataops\/6\.py {2}\/opt\/dataops\/6\.py:28/);
    assert.match(r.out, /◀ contains mysql:\/\/db01:3306 database/);
    assert.ok(!/cron\.log/.test(r.out));
    assert.ok(!r.out.includes('\u001b['), 'no colour when not a terminal');
  });

  it('--json gives the exact nodes and edges', async () => {
    const r = await run(
      'upstream',
      '/data/export/combined_export.json',
      '--map',
      map,
      '--json',
      '--kind',
      'table',
    );
    const data = JSON.parse(r.out);
    assert.equal(data.direction, 'upstream');
    assert.deepEqual(data.nodes.map((n: { name: string }) => n.name).sort(), [
      'shop.order_items',
      'shop.orders',
      'shop.products',
      'shop.stock_levels',
    ]);
    assert.equal(data.edges.length, 29);
  });

  it('--kind collapses the tree to the kinds asked for', async () => {
    const r = await run('upstream', 'combined_export.json', '--map', map, '--kind', 'script');
    assert.match(r.out, /◀ writes via daily_sales\.csv 5\.py script/);
    assert.ok(!/◀ reads daily_sales\.csv/.test(r.out));
  });

  it('downstream follows the selection syntax', async () => {
    const r = await run('downstream', 'kind:database', '--map', map, '--depth', '1', '--json');
    const data = JSON.parse(r.out);
    assert.deepEqual(
      data.roots.map((n: { id: string }) => n.id),
      [key.db],
    );
    assert.equal(data.nodes.length, 4);
  });
});

describe('dfmap impact', () => {
  it('says what goes stale and when it first shows', async () => {
    const r = await run(
      'impact',
      'mysql://db01:3306',
      '--map',
      map,
      '--at',
      '2026-03-10T12:00:00Z',
      '--tz',
      'UTC',
    );
    assert.equal(r.code, 0);
    assert.match(r.out, /first shows: 2026-03-11 01:30 UTC \(in 13h 30m\), when 30 1 \* \* \* 3\.py runs/);
    assert.match(r.out, /scripts that use it fail at their next run \(3\): 3\.py, 4\.py, 5\.py/);
    assert.match(
      r.out,
      /final outputs that go stale \(1\)\n {2}combined_export\.json file \/data\/export\/combined_export\.json {2}2026-03-11 02:30 UTC/,
    );
  });

  it('--stale --json has the jobs downstream with their next runs', async () => {
    const r = await run(
      'impact',
      '--stale',
      'shop.orders',
      '--map',
      map,
      '--at',
      '2026-03-10T12:00:00Z',
      '--tz',
      'UTC',
      '--json',
    );
    const data = JSON.parse(r.out);
    assert.deepEqual(
      data.jobs.map((j: { id: string; nextRun: string }) => [j.id, j.nextRun]),
      [
        [key.job(5), '2026-03-11T02:00:00.000Z'],
        [key.job(6), '2026-03-11T02:30:00.000Z'],
      ],
    );
  });
});

describe('dfmap path and ego', () => {
  it('prints each shortest path step with evidence', async () => {
    const r = await run('path', 'inventory.json', 'low_stock.json', '--map', map);
    assert.match(r.out, /^map: .*\n1 shortest path from inventory\.json .* 4 steps each/);
    assert.match(r.out, /─writes→ shop\.stock_levels table +\/opt\/dataops\/4\.py:38/);
  });

  it('writes the ego network as a map that loads again', async () => {
    const out = path.join(dir, 'ego.json');
    const r = await run('ego', '5.py', '--radius', '1', '--with-logs', '--map', map, '--output', out);
    assert.equal(r.code, 0);
    assert.match(r.out, /ego network of 5\.py .*radius 1: 10 nodes, 9 edges/);
    const g = readMap(out);
    assert.equal(g.order, 10);
    assert.ok(g.hasNode(key.script(5)));
  });
});

describe('dfmap communities, critical, lint, stats', () => {
  it('communities are repeatable', async () => {
    const a = await run('communities', '--map', map, '--json');
    const b = await run('communities', '--map', map, '--json');
    assert.equal(a.out, b.out);
    assert.ok(JSON.parse(a.out).modularity > 0.3);
  });

  it('critical explains each score', async () => {
    const r = await run('critical', '--map', map, '--top', '3');
    assert.match(r.out, /exact betweenness/);
    assert.match(r.out, / 1 +0\.\d+ +5\.py script/);
    assert.match(r.out, /single point of failure for combined_export\.json/);
  });

  it('lint exits 1 at --fail-on and 0 below it', async () => {
    assert.equal((await run('lint', '--map', map)).code, 0);
    const r = await run('lint', '--map', map, '--fail-on', 'info');
    assert.equal(r.code, 1);
    assert.match(r.out, /0 errors, 0 warnings, 4 info/);
    assert.match(
      r.out,
      /^map: .*\nCOUNT {2}LEVEL {2}RULE\n/,
      'the per-rule summary comes first, after the header',
    );
    assert.equal((await run('lint', '--map', map, '--fail-on', 'loud')).code, 2);
    const json = JSON.parse((await run('lint', '--map', map, '--json')).out);
    assert.deepEqual(json.counts, { error: 0, warning: 0, info: 4 });
    assert.equal(json.hazards.length, 4);
  });

  it('stats counts the map', async () => {
    const r = await run('stats', '--map', map, '--json', '--with-logs');
    const s = JSON.parse(r.out);
    assert.equal(s.nodes, 31);
    const data = JSON.parse((await run('stats', '--map', map, '--json')).out);
    assert.equal(data.nodes, 24, 'without the 7 log files');
    assert.equal(s.longestPath.length, 8);
  });
});

describe('bad names and bad maps: exit 2, a clear message, no stack', () => {
  it('an ambiguous name lists the candidates and asks for a longer one', async () => {
    const file = path.join(dir, 'two-reports.json');
    const node = (p: string) => ({ id: `file:${p}`, kind: 'file', path: p });
    fs.writeFileSync(
      file,
      JSON.stringify({ nodes: [node('/a/report.csv'), node('/b/report.csv')], links: [] }),
    );
    const r = await run('upstream', 'report.csv', '--map', file);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^dfmap: 'report\.csv' matches 2 nodes:\n {2}file:\/a\/report\.csv\n {2}file:\/b\/report\.csv/,
    );
    assert.match(r.err, /hint: give a longer name/);
    assert.equal((await run('upstream', 'b/report.csv', '--map', file)).code, 0);
    assert.equal(
      (await run('upstream', 'name:report.csv', '--map', file)).code,
      0,
      'a method selects many on purpose',
    );
  });

  it('an unknown name suggests the closest', async () => {
    const r = await run('upstream', 'combined_exprot.json', '--map', map);
    assert.equal(r.code, 2);
    assert.match(r.err, /hint: did you mean '\/data\/export\/combined_export\.json'/);
  });

  it('a map that is not JSON names the file', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"nodes": [');
    const r = await run('stats', '--map', bad);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`dfmap: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON`));
    assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
    const debug = await run('--debug', 'stats', '--map', bad);
    assert.match(debug.err, /\n\s+at /, '--debug shows the stack');
  });

  it('not node-link, missing nodes, a newer version, a missing file', async () => {
    const write = (name: string, data: unknown) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, JSON.stringify(data));
      return p;
    };
    const cases: Array<[string, RegExp]> = [
      [write('array.json', [1, 2]), /not a node-link map/],
      [write('noid.json', { nodes: [{ name: 'x' }], links: [] }), /not a node-link map at nodes\.0\.id/],
      [
        write('dangling.json', { nodes: [{ id: 'a' }], links: [{ source: 'a', target: 'b' }] }),
        /link 0 refers to node 'b'/,
      ],
      [
        write('future.json', { graph: { schemaVersion: 99 }, nodes: [], links: [] }),
        /map format version 99 is newer/,
      ],
      [path.join(dir, 'absent.json'), /cannot read the map \(ENOENT\)/],
    ];
    for (const [file, message] of cases) {
      const r = await run('upstream', 'x', '--map', file);
      assert.equal(r.code, 2, file);
      assert.match(r.err, message);
      assert.ok(r.err.includes(file), 'the message names the file');
    }
  });

  it('bad option values are usage errors', async () => {
    assert.equal((await run('upstream', '5.py', '--map', map, '--depth', 'two')).code, 2);
    assert.equal((await run('upstream', '5.py', '--map', map, '--kind', 'tabel')).code, 2);
    assert.equal((await run('impact', '5.py', '--map', map, '--at', 'yesterday-ish')).code, 2);
    assert.equal((await run('downstream', 'kind:host', '--map', map)).code, 2, 'selects nothing');
  });
});

describe('maps made elsewhere', () => {
  it('a NetworkX node-link dump with an edges key and bare ids works with every command', async () => {
    const foreign = path.join(dir, 'nx.json');
    fs.writeFileSync(
      foreign,
      JSON.stringify({
        directed: true,
        multigraph: false,
        graph: {},
        nodes: [
          { id: '/srv/in/raw.csv' },
          { id: '/srv/bin/clean.py' },
          { id: '/srv/out/clean.csv' },
          { id: 'sales.orders' },
        ],
        edges: [
          { source: '/srv/in/raw.csv', target: '/srv/bin/clean.py' },
          { source: '/srv/bin/clean.py', target: '/srv/out/clean.csv' },
          { source: '/srv/bin/clean.py', target: 'sales.orders' },
        ],
      }),
    );
    const up = JSON.parse((await run('upstream', 'clean.csv', '--map', foreign, '--json')).out);
    assert.deepEqual(
      up.nodes.map((n: { id: string; kind: string }) => [n.id, n.kind]),
      [
        ['/srv/bin/clean.py', 'script'],
        ['/srv/in/raw.csv', 'file'],
      ],
    );
    assert.equal(up.edges[0].kind, 'writes');
    for (const cmd of [
      ['downstream', 'raw.csv'],
      ['impact', 'clean.py'],
      ['path', 'raw.csv', 'sales.orders'],
      ['ego', 'clean.py'],
      ['communities'],
      ['critical'],
      ['lint'],
      ['stats'],
    ]) {
      const r = await run(...cmd, '--map', foreign);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.err}`);
    }
    const stats = JSON.parse((await run('stats', '--map', foreign, '--json')).out);
    assert.deepEqual(stats.nodesByKind, { file: 2, script: 1, unknown: 1 });
  });
});
