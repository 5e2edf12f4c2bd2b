/**
 * Server time everywhere (issue 11, point 3): lint compares schedules in the zone the map recorded,
 * whatever this machine's. A systemd timer pinned to UTC writes a file at 02:00 UTC; a cron job
 * reads it at 02:30 server time. On a server in Europe/Berlin that is 01:30 UTC, before the
 * writer: a schedule-order hazard. Judged in UTC (the machine's zone, or --tz UTC), it is not.
 * schedule and plan print and compute their times in the same zone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mergeNode } from '../../src/graph/build.js';
import { writeMap } from '../../src/store/map-file.js';
import { buildMap, f, job, s } from '../analyses/build-map.js';
import { runDfmap } from '../helpers/cli.js';

let dir = '';
let map = '';

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-server-time-'));
  map = path.join(dir, 'berlin.json');
  const g = buildMap([
    [job('*-*-* 02:00:00 UTC', 'publish.py', 'systemd'), s('publish.py')],
    [job('30 2 * * *', 'pickup.py'), s('pickup.py')],
    [s('publish.py'), f('/data/out/feed.json')],
    [f('/data/out/feed.json'), s('pickup.py')],
  ]);
  mergeNode(g, s('unrelated.py'));
  g.setAttribute('timeZone', 'Europe/Berlin');
  writeMap(g, map);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("lint judges schedules in the server's zone", () => {
  // this machine in New York, in a child process (test files share a process)
  const env = { TZ: 'America/New_York' };
  const lint = (...extra: string[]) =>
    runDfmap(
      ['lint', '--rule', 'schedule-order', '--map', map, '--at', '2026-03-10 12:00', '--json', ...extra],
      {
        env,
      },
    );

  it('02:30 in Berlin is before 02:00 UTC: the reader gets the previous run', () => {
    const r = lint();
    assert.equal(r.code, 0, r.err);
    const hazards = JSON.parse(r.out).hazards as Array<{ message: string }>;
    assert.equal(hazards.length, 1, r.out);
    assert.match(
      hazards[0]!.message,
      /^pickup\.py \(30 2 \* \* \*\) runs before publish\.py \(\*-\*-\* 02:00:00 UTC\)/,
    );
  });

  it('judged in UTC (--tz), the same schedules are in order', () => {
    const r = lint('--tz', 'UTC');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).hazards, []);
  });

  it('schedule shows both runs in the server zone, whatever TZ here', () => {
    const r = runDfmap(['schedule', '--map', map, '--at', '2026-03-10 12:00', '--json'], { env });
    const runs = JSON.parse(r.out).jobs.map((j: { label: string; nextRun: string }) => [j.label, j.nextRun]);
    assert.deepEqual(runs, [
      ['30 2 * * * pickup.py', '2026-03-11T01:30:00.000Z'],
      ['*-*-* 02:00:00 UTC publish.py', '2026-03-11T02:00:00.000Z'],
    ]);
  });
});

describe("plan judges in the server's zone", () => {
  it('reads the zone the map recorded (it read a misspelt attribute and fell back to UTC)', () => {
    const r = runDfmap(
      ['plan', '--map', map, '--to', 'etl02', '--at', '2026-03-10 12:00', '--format', 'md'],
      { env: { TZ: 'America/New_York' } },
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /times in Europe\/Berlin, next runs after 2026-03-10 12:00 Europe\/Berlin/);
    assert.match(r.out, /before its next run 2026-03-11 02:30 Europe\/Berlin/);
  });
});
