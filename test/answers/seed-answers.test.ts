/**
 * The answers a newcomer gets on the worked example (examples/seed-server), scanned for real and
 * asked through the CLI: issue 11's points 1 and 2.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let map = '';

const run = runMain;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-seed-answers-'));
  map = path.join(dir, 'dfmap.json');
  const r = await run('scan', path.resolve('examples/seed-server'), '-o', map, '-q');
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('impact of a database on the worked example', () => {
  it('includes its writers 3.py and 4.py, which fail first at 01:30 and 01:40', async () => {
    const r = await run('impact', 'mysql', '--map', map, '--at', '2026-11-26T09:00', '--json');
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out);
    const runs = data.jobs.map((j: { label: string; nextRun: string }) => [j.label, j.nextRun]);
    assert.deepEqual(runs, [
      ['30 1 * * * 3.py', '2026-11-27T01:30:00.000Z'],
      ['40 1 * * * 4.py', '2026-11-27T01:40:00.000Z'],
      ['0 2 * * * 5.py', '2026-11-27T02:00:00.000Z'],
      ['30 2 * * * 6.py', '2026-11-27T02:30:00.000Z'],
    ]);
    assert.deepEqual(
      data.hit.map((n: { label: string }) => n.label),
      ['3.py', '4.py', '5.py'],
    );
    assert.equal(data.firstVisible.at, '2026-11-27T01:30:00.000Z');
  });

  it('--stale keeps the old meaning: only the readers downstream', async () => {
    const r = await run('impact', 'mysql', '--stale', '--map', map, '--at', '2026-11-26T09:00', '--json');
    const data = JSON.parse(r.out);
    assert.deepEqual(
      data.jobs.map((j: { label: string }) => j.label),
      ['0 2 * * * 5.py', '30 2 * * * 6.py'],
    );
  });
});

describe('files that are not data on the worked example', () => {
  it('the scan marks the logs, from their path and from how they are written', async () => {
    const data = JSON.parse(fs.readFileSync(map, 'utf8'));
    const roles = data.nodes
      .filter((n: { role?: string }) => n.role)
      .map((n: { path: string; role: string }) => [n.path, n.role]);
    assert.deepEqual(roles.sort(), [
      ['/var/log/dataops/1.log', 'log'],
      ['/var/log/dataops/2.log', 'log'],
      ['/var/log/dataops/3.log', 'log'],
      ['/var/log/dataops/4.log', 'log'],
      ['/var/log/dataops/5.log', 'log'],
      ['/var/log/dataops/6.log', 'log'],
      ['/var/log/dataops/cron.log', 'log'],
    ]);
  });

  it('critical: no log file among the top 5, MySQL among them', async () => {
    const r = await run('critical', '--top', '5', '--map', map, '--json');
    const top = JSON.parse(r.out).nodes.map((n: { name: string }) => n.name);
    assert.equal(top.length, 5);
    assert.ok(!top.some((name: string) => name.startsWith('/var/log/')), top.join(', '));
    assert.ok(top.includes('mysql://db01:3306'), top.join(', '));
    const withLogs = await run('critical', '--top', '29', '--with-logs', '--map', map, '--json');
    assert.ok(
      JSON.parse(withLogs.out).nodes.some((n: { name: string }) => n.name === '/var/log/dataops/cron.log'),
      '--with-logs keeps them',
    );
  });

  it("ego: 5.py's network of radius 2 holds no numbered script but 3.py, 4.py and 6.py", async () => {
    const r = await run('ego', '5.py', '--radius', '2', '--map', map, '--json');
    assert.equal(r.code, 0, r.err);
    const names = JSON.stringify(JSON.parse(r.out));
    const scripts = [...new Set(names.match(/\/opt\/dataops\/\d\.py/g))].sort();
    assert.deepEqual(scripts, [
      '/opt/dataops/3.py',
      '/opt/dataops/4.py',
      '/opt/dataops/5.py',
      '/opt/dataops/6.py',
    ]);
    const all = await run('ego', '5.py', '--radius', '2', '--with-logs', '--map', map, '--json');
    assert.match(JSON.stringify(JSON.parse(all.out)), /\/opt\/dataops\/1\.py/, 'cron.log links them all');
  });

  it('communities: the two extracts share a subsystem; stats leaves logs out of the hubs', async () => {
    const c = JSON.parse((await run('communities', '--map', map, '--json')).out);
    const home = (name: string) =>
      c.communities.findIndex((x: { members: unknown }) => JSON.stringify(x.members).includes(name));
    assert.ok(home('extract_a.csv') >= 0);
    assert.equal(home('extract_a.csv'), home('extract_b.csv'));
    const s = await run('stats', '--map', map);
    assert.ok(!/cron\.log/.test(s.out), s.out);
    assert.match(s.err, /left out 7 log files \(--with-logs keeps them\)/);
  });
});

describe("server time: the map's zone, whatever this machine's", () => {
  it('the scan records the zone; impact prints times in it under another TZ', async () => {
    const data = JSON.parse(fs.readFileSync(map, 'utf8'));
    assert.equal(data.graph.timeZone, 'UTC');
    assert.match(data.graph.timeZoneSource, /default/);
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const r = await run('impact', 'mysql', '--map', map, '--at', '2026-11-26 09:00');
      assert.match(r.out, /\(now: 2026-11-26 09:00 UTC\)/);
      assert.match(r.out, /first shows: 2026-11-27 01:30 UTC \(in 16h 30m\), when 30 1 \* \* \* 3\.py runs/);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
