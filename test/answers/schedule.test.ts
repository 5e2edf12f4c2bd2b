/**
 * `dfmap schedule` (alias `jobs`, issue 11): every job with its schedule in words, next and last
 * runs in the server's zone, like `systemctl list-timers`; on the worked example at a fixed --at.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scheduleInWords } from '../../src/analyses/schedule/in-words.js';
import { runDfmap } from '../helpers/cli.js';
import { runMain } from '../helpers/run-main.js';

let dir = '';
let map = '';
const run = runMain;
const AT = ['--at', '2026-11-26T09:00'];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-schedule-'));
  map = path.join(dir, 'dfmap.json');
  const r = await run('scan', path.resolve('examples/seed-server'), '-o', map, '-q');
  assert.equal(r.code, 0, r.err);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the map with its JSON changed. */
function variant(
  name: string,
  change: (json: { graph: Record<string, unknown>; nodes: Array<Record<string, unknown>> }) => void,
) {
  const json = JSON.parse(fs.readFileSync(map, 'utf8'));
  change(json);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('dfmap schedule on the worked example', () => {
  it('lists every job like systemctl list-timers: next, left, last, passed, schedule in words', async () => {
    const r = await run('schedule', '--map', map, ...AT);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.split('\n').slice(1), [
      'NEXT                  LEFT     LAST                  PASSED      SCHEDULE  JOB',
      '2026-11-27 01:00 UTC  16h 0m   2026-11-26 01:00 UTC  8h 0m ago   At 01:00  0 1 * * * 1.py',
      '2026-11-27 01:10 UTC  16h 10m  2026-11-26 01:10 UTC  7h 50m ago  At 01:10  10 1 * * * 2.py',
      '2026-11-27 01:30 UTC  16h 30m  2026-11-26 01:30 UTC  7h 30m ago  At 01:30  30 1 * * * 3.py',
      '2026-11-27 01:40 UTC  16h 40m  2026-11-26 01:40 UTC  7h 20m ago  At 01:40  40 1 * * * 4.py',
      '2026-11-27 02:00 UTC  17h 0m   2026-11-26 02:00 UTC  7h 0m ago   At 02:00  0 2 * * * 5.py',
      '2026-11-27 02:30 UTC  17h 30m  2026-11-26 02:30 UTC  6h 30m ago  At 02:30  30 2 * * * 6.py',
      '',
      '6 jobs listed; times in UTC, judged at 2026-11-26 09:00 UTC',
    ]);
    assert.match(r.out.split('\n')[0]!, /^map: .*dfmap\.json {2}host: etl01/);
  });

  it('--at judges another moment: between 01:30 and 01:40, 3.py ran and 4.py is next', async () => {
    const r = await run('jobs', '--map', map, '--at', '2026-11-26 01:35', '--json');
    assert.equal(r.code, 0, r.err);
    const jobs = JSON.parse(r.out).jobs as Array<{ label: string; nextRun: string; lastRun: string }>;
    assert.equal(jobs[0]!.label, '40 1 * * * 4.py', 'soonest first');
    assert.equal(jobs[0]!.nextRun, '2026-11-26T01:40:00.000Z');
    const three = jobs.find((j) => j.label === '30 1 * * * 3.py')!;
    assert.equal(three.lastRun, '2026-11-26T01:30:00.000Z');
    assert.equal(three.nextRun, '2026-11-27T01:30:00.000Z');
  });

  it('--json has each job with its schedule as written, in words, user, scheduler and the map', async () => {
    const r = await run('schedule', '5.py', '--map', map, ...AT, '--json');
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out);
    assert.equal(data.map.host, 'etl01');
    assert.equal(data.timeZone, 'UTC');
    assert.deepEqual(data.jobs, [
      {
        id: 'job:/var/spool/cron/crontabs/dataops:13',
        kind: 'job',
        label: '0 2 * * * 5.py',
        name: '/var/spool/cron/crontabs/dataops:13',
        scheduler: 'cron',
        user: 'dataops',
        schedule: '0 2 * * *',
        words: 'At 02:00',
        nextRun: '2026-11-27T02:00:00.000Z',
        lastRun: '2026-11-26T02:00:00.000Z',
      },
    ]);
  });

  it('selectors filter: a job as printed, the scripts a job runs, kind:, --exclude; no job is exit 2', async () => {
    const labels = async (...args: string[]) => {
      const r = await run('schedule', ...args, '--map', map, ...AT, '--json');
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out).jobs.map((j: { label: string }) => j.label);
    };
    assert.deepEqual(await labels('0 2 * * * 5.py'), ['0 2 * * * 5.py']);
    assert.deepEqual(await labels('3.py', '4.py'), ['30 1 * * * 3.py', '40 1 * * * 4.py']);
    assert.equal((await labels('kind:job')).length, 6);
    assert.deepEqual(await labels('--exclude', '1.py'), [
      '10 1 * * * 2.py',
      '30 1 * * * 3.py',
      '40 1 * * * 4.py',
      '0 2 * * * 5.py',
      '30 2 * * * 6.py',
    ]);
    const none = await run('schedule', 'kind:table', '--map', map);
    assert.equal(none.code, 2);
    assert.match(none.err, /'kind:table' selects no jobs/);
  });

  it("times are the server's: a map in Europe/Berlin runs 0 1 * * * at 01:00 CET, whatever TZ here", async () => {
    const berlin = variant('berlin.json', (j) => {
      j.graph.timeZone = 'Europe/Berlin';
    });
    {
      // this machine in New York (a child's environment: test files share a process)
      const env = { TZ: 'America/New_York' };
      const r = runDfmap(['schedule', '1.py', '--map', berlin, '--at', '2026-11-26 09:00', '--json'], {
        env,
      });
      const job = JSON.parse(r.out).jobs[0];
      assert.equal(job.nextRun, '2026-11-27T00:00:00.000Z', '01:00 in Berlin is 00:00 UTC in November');
      const text = runDfmap(['schedule', '1.py', '--map', berlin, '--at', '2026-11-26 09:00'], { env });
      assert.match(
        text.out,
        /^2026-11-27 01:00 GMT\+1 {2}16h 0m {2}2026-11-26 01:00 GMT\+1 {2}8h 0m ago {2}At 01:00 {2}0 1 \* \* \* 1\.py$/m,
      );
      assert.match(text.out, /times in Europe\/Berlin, judged at 2026-11-26 09:00 GMT\+1/);
    }
  });

  it('a run a trace observed shows as LAST SEEN beside the last scheduled run', async () => {
    const seen = variant('observed.json', (j) => {
      const job = j.nodes.find((n) => n.id === 'job:/var/spool/cron/crontabs/dataops:13')!;
      job.lastObserved = '2026-11-24T02:00:05.000Z';
    });
    const r = await run('schedule', '5.py', '6.py', '--map', seen, ...AT);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[1]!, /PASSED +LAST SEEN +SCHEDULE/);
    assert.match(lines[2]!, /2026-11-24 02:00 UTC 2d 6h ago {2}At 02:00 {2}0 2 \* \* \* 5\.py$/);
    assert.match(lines[3]!, / - +At 02:30 {2}30 2 \* \* \* 6\.py$/);
    const json = JSON.parse((await run('schedule', '5.py', '--map', seen, ...AT, '--json')).out);
    assert.equal(json.jobs[0].lastObserved, '2026-11-24T02:00:05.000Z');
  });
});

describe('schedules in words', () => {
  it('cron through cronstrue, crontab macros, @reboot', () => {
    assert.equal(scheduleInWords('30 2 * * 1-5', 'cron'), 'At 02:30, Monday through Friday');
    assert.equal(scheduleInWords('*/15 * * * *', 'cron'), 'Every 15 minutes');
    assert.equal(scheduleInWords('@daily', 'cron'), 'At 00:00');
    assert.equal(scheduleInWords('@reboot', 'cron'), 'At system start');
  });

  it('systemd OnCalendar= values as the cron they equal (systemd.time(7))', () => {
    assert.equal(scheduleInWords('Mon..Fri *-*-* 02:00:00', 'systemd'), 'At 02:00, Monday through Friday');
    assert.equal(scheduleInWords('Mon..Fri 04:00', 'systemd'), 'At 04:00, Monday through Friday');
    assert.equal(scheduleInWords('Sun *-*-* 05:00:00', 'systemd'), 'At 05:00, only on Sunday');
    assert.equal(scheduleInWords('*-*-01 03:15', 'systemd'), 'At 03:15, on day 1 of the month');
    assert.equal(scheduleInWords('*-*-* 00/6:00:00', 'systemd'), 'On the hour, every 6 hours');
    assert.equal(scheduleInWords('Sat,Sun 10:00', 'systemd'), 'At 10:00, only on Sunday and Saturday');
    assert.equal(scheduleInWords('weekly', 'systemd'), 'At 00:00, only on Monday');
    assert.equal(scheduleInWords('daily', 'systemd'), 'At 00:00');
    assert.equal(scheduleInWords('*-*-* 06:30:00; *-*-* 18:30:00', 'systemd'), 'At 06:30; At 18:30');
  });

  it('what cron cannot say stays without words: seconds, years, month ends, a zone', () => {
    assert.equal(scheduleInWords('*-*-* 06:30:15', 'systemd'), undefined);
    assert.equal(scheduleInWords('2027-*-* 06:30', 'systemd'), undefined);
    assert.equal(scheduleInWords('*-*~01 06:30', 'systemd'), undefined);
    assert.equal(scheduleInWords('*-*-* 06:30 Europe/Berlin', 'systemd'), undefined);
    assert.equal(scheduleInWords('not a schedule', 'cron'), undefined);
  });
});

describe('dfmap schedule --runs: the last run the server recorded', () => {
  it("on the stale story, each job's last start from cron's log, beside its last scheduled run", async () => {
    const root = path.join(dir, 'stale-story');
    execFileSync(process.execPath, ['examples/stale-story/prepare.mjs', root]);
    const story = path.join(dir, 'story.json');
    assert.equal((await run('scan', root, '-o', story, '-q')).code, 0);
    const r = await run('schedule', '--map', story, ...AT, '--runs', '--json');
    assert.equal(r.code, 0, r.err);
    const five = JSON.parse(r.out).jobs.find((j: { label: string }) => j.label === '0 2 * * * 5.py');
    assert.equal(five.lastRun, '2026-11-26T02:00:00.000Z');
    assert.equal(five.recorded.at, '2026-11-26T02:00:01.000Z', "cron's line in syslog, a second late");
    assert.equal(five.recorded.status, 'ok');
    const text = await run('schedule', '5.py', '--map', story, ...AT, '--runs');
    assert.match(text.out, /LAST SEEN/);
    assert.match(
      text.out,
      /7h 0m ago {2}2026-11-26 02:00 UTC 6h 59m ago {2}At 02:00 {2}0 2 \* \* \* 5\.py$/m,
    );
  });

  it('a copy without logs: no run on record, said once; a map without its ROOT is exit 2', async () => {
    const r = await run('schedule', '--map', map, ...AT, '--runs');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^no recorded run for 6 jobs: not judged: no cron log under ROOT/m);
    const gone = variant('no-root.json', (j) => {
      j.graph.root = path.join(dir, 'no-such-root');
    });
    const g = await run('schedule', '--map', gone, '--runs');
    assert.equal(g.code, 2);
    assert.match(g.err, /--runs reads the server's logs, and '.*no-such-root' is not there/);
  });
});
