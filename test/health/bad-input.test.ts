/**
 * Bad input is a warning or a status with its reason, never a crash or a hang: damaged gzip rotations,
 * logs without times or in another zone, a 10 GB log, a clock before the first run, impossible schedules.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { indexFlow } from '../../src/graph/flow-index.js';
import { assessHealth } from '../../src/health/assess.js';
import { diagnose } from '../../src/health/diagnose/diagnose.js';
import { removeRoot } from '../helpers/server-root.js';
import { buildStory, EXPORT, NOW } from './stories.js';
import { local, World } from './world.js';

const roots: string[] = [];
after(() => {
  for (const r of roots) removeRoot(r);
});
function story(...args: Parameters<typeof buildStory>) {
  const s = buildStory(...args);
  roots.push(s.root);
  return s;
}

describe('damaged logs', () => {
  const damage = (root: string) => {
    const gz2 = path.join(root, 'var/log/syslog.2.gz');
    const bytes = fs.readFileSync(gz2);
    fs.writeFileSync(gz2, bytes.subarray(0, bytes.length - 20));
    fs.writeFileSync(path.join(root, 'var/log/syslog.3.gz'), Buffer.from('this is not gzip\n'));
  };

  it('a truncated and a corrupt gzip rotation: warnings, and the run they hid is "not judged"', async () => {
    // 2.py runs on Mondays: its run due (Nov 23) is only in syslog.4.gz, behind the damaged ones
    const { root, graph } = story({ twoPyWeekly: true });
    damage(root);
    const r = await assessHealth(indexFlow(graph), { root, now: NOW });
    const codes = r.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('log-gzip-damaged'), codes.join());
    assert.ok(r.diagnostics.some((d) => /syslog\.2\.gz: unexpected end of file/.test(d.message)));
    const job = r.nodes.get('job:/var/spool/cron/crontabs/dataops:4')!;
    assert.equal(job.status, 'unknown');
    assert.match(job.summary, /not judged: the cron logs under ROOT do not reach back to the run due/);
    // what the damage does not hide is still judged
    assert.equal(r.nodes.get('script:/opt/dataops/5.py')!.status, 'ok');
  });

  it('behind damaged rotations, a cron mail still shows the run and its failure', async () => {
    const { root, graph } = story({
      twoPy: { fails: 'vendor-missing', from: '2026-11-23' },
      twoPyWeekly: true,
    });
    damage(root);
    const r = await assessHealth(indexFlow(graph), { root, now: NOW });
    assert.match(
      r.nodes.get('job:/var/spool/cron/crontabs/dataops:4')!.summary,
      /cron mailed its output Nov 23 01:10/,
    );
    assert.equal(r.nodes.get('script:/opt/dataops/2.py')!.status, 'failing');
    assert.equal(r.nodes.get('file:/data/incoming/vendor/stock.csv')!.status, 'missing');
  });

  it('a script log in an unknown format (no times, binary junk): judged by its mtime and last lines', async () => {
    const { root, graph } = story({});
    fs.writeFileSync(
      path.join(root, 'var/log/dataops/5.log'),
      Buffer.concat([Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\nall good\n')]),
    );
    fs.utimesSync(
      path.join(root, 'var/log/dataops/5.log'),
      local('2026-11-26 02:04'),
      local('2026-11-26 02:04'),
    );
    const r = await assessHealth(indexFlow(graph), { root, now: NOW });
    assert.equal(r.nodes.get('script:/opt/dataops/5.py')!.status, 'ok');
  });
});

describe('huge logs', () => {
  it('a 10 GB syslog (sparse): only its end is read, the answer is the same', async () => {
    const { root, graph } = story({ dbDownFrom: '2026-11-24' });
    const syslog1 = path.join(root, 'var/log/syslog.1');
    const tail = fs.readFileSync(syslog1);
    const mtime = fs.statSync(syslog1).mtime;
    fs.truncateSync(syslog1, 10 * 1024 ** 3);
    fs.appendFileSync(syslog1, Buffer.concat([Buffer.from('\n'), tail]));
    fs.utimesSync(syslog1, mtime, mtime);
    const d = await diagnose(indexFlow(graph), `file:${EXPORT}`, { root, now: NOW });
    assert.equal(d.causes[0]?.node, 'database:mysql://db01:3306');
  });

  it('a 10 GB log without a single line break stops at the read bound, with a warning', async () => {
    const { root, graph } = story({});
    const log = path.join(root, 'var/log/dataops/6.log');
    fs.truncateSync(log, 10 * 1024 ** 3);
    fs.utimesSync(log, local('2026-11-26 02:31'), local('2026-11-26 02:31'));
    const r = await assessHealth(indexFlow(graph), { root, now: NOW, maxLogBytes: 16 * 1024 * 1024 });
    assert.ok(
      r.diagnostics.some((d) => d.code === 'log-read-limit' && d.location?.file === '/var/log/dataops/6.log'),
    );
    // cron still saw 6.py start: the job ran, the script is judged from that
    assert.equal(r.nodes.get('script:/opt/dataops/6.py')!.status, 'ok');
  });
});

describe('clocks and schedules', () => {
  it('T before the first run in the records: "not judged" with the reason, files from after T flagged', async () => {
    const { root, graph } = story({});
    const early = local('2026-11-19 12:00');
    const r = await assessHealth(indexFlow(graph), { root, now: early });
    const five = r.nodes.get('job:/var/spool/cron/crontabs/dataops:5')!;
    assert.equal(five.status, 'unknown');
    assert.match(five.summary, /do not reach back to the run due/);
    const extract = r.nodes.get('file:/data/extract/extract_a.csv')!;
    assert.equal(extract.status, 'unknown');
    assert.match(extract.summary, /after T/);
  });

  it('a schedule with no run before T and an @reboot job: "not judged", never a crash', async () => {
    const w = new World();
    w.job('0 0 30 2 *', '/opt/jobs/never.py');
    w.job('@reboot', '/opt/jobs/boot.py');
    w.writes('/opt/jobs/never.py', '/data/never.csv');
    const { root, graph } = w.build();
    roots.push(root);
    const r = await assessHealth(indexFlow(graph), { root, now: NOW });
    const never = r.nodes.get('job:/var/spool/cron/crontabs/dataops:4')!;
    assert.equal(never.status, 'unknown');
    assert.match(never.summary, /has no run before T/);
    assert.match(r.nodes.get('job:/var/spool/cron/crontabs/dataops:5')!.summary, /@reboot/);
    assert.equal(r.nodes.get('file:/data/never.csv')!.status, 'missing');
  });
});
