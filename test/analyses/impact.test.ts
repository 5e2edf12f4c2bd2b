import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { impact } from '../../src/analyses/impact.js';
import { createGraph, mergeEdge } from '../../src/graph/build.js';
import { indexFlow } from '../../src/graph/flow-index.js';
import { toFileNode, toJobNode, toScriptNode } from '../../src/model/keys.js';
import { plain } from '../helpers/plain.js';
import { key, workedExample } from './worked-example.js';

const AT = new Date('2026-03-10T12:00:00Z');

describe('impact', () => {
  it('of MySQL hits every script that touches it, its writers first (3.py, 4.py), then what goes stale', () => {
    const r = plain(impact(indexFlow(workedExample()), key.db, { at: AT, tz: 'UTC' }));
    assert.equal(r.mode, 'failure');
    assert.deepEqual(
      r.hit.map((n) => n.id),
      [key.script(3), key.script(4), key.script(5)],
    );
    assert.deepEqual(
      r.jobs.map((j) => [j.id, j.nextRun]),
      [
        [key.job(3), '2026-03-11T01:30:00.000Z'],
        [key.job(4), '2026-03-11T01:35:00.000Z'],
        [key.job(5), '2026-03-11T02:00:00.000Z'],
        [key.job(6), '2026-03-11T02:30:00.000Z'],
      ],
    );
    assert.deepEqual(r.firstVisible, { job: key.job(3), at: '2026-03-11T01:30:00.000Z' });
    assert.equal(r.failsWith.length, 4, 'its four tables fail with it');
    assert.deepEqual(
      r.staleOutputs.map((o) => [o.id, o.staleAt]),
      [[key.file('/data/export/combined_export.json'), '2026-03-11T02:30:00.000Z']],
    );
  });

  it('of a file hits its writer too; --stale keeps only what is downstream', () => {
    const out = key.file('/data/export/combined_export.json');
    const failure = plain(impact(indexFlow(workedExample()), out, { at: AT, tz: 'UTC' }));
    assert.deepEqual(
      failure.hit.map((n) => n.id),
      [key.script(6)],
    );
    assert.deepEqual(
      failure.jobs.map((j) => j.id),
      [key.job(6)],
    );
    const stale = plain(impact(indexFlow(workedExample()), out, { at: AT, stale: true }));
    assert.deepEqual(stale.jobs, []);
    assert.deepEqual(stale.hit, []);
    assert.deepEqual(stale.affected, {});
  });

  it('--stale of MySQL reaches combined_export.json only through the jobs that read its tables', () => {
    const r = plain(impact(indexFlow(workedExample()), key.db, { at: AT, tz: 'UTC', stale: true }));
    assert.deepEqual(
      r.staleOutputs.map((o) => o.id),
      [key.file('/data/export/combined_export.json')],
    );
    assert.deepEqual(r.staleOutputs[0]?.writtenBy, [key.job(6)]);
    assert.equal(r.staleOutputs[0]?.staleAt, '2026-03-11T02:30:00.000Z');
    assert.deepEqual(
      r.jobs.map((j) => [j.id, j.nextRun]),
      [
        [key.job(4), '2026-03-11T01:35:00.000Z'],
        [key.job(5), '2026-03-11T02:00:00.000Z'],
        [key.job(6), '2026-03-11T02:30:00.000Z'],
      ],
    );
    assert.deepEqual(r.firstVisible, { job: key.job(4), at: '2026-03-11T01:35:00.000Z' });
    assert.equal(r.affected.table?.length, 4);
    assert.deepEqual(
      r.affected.script?.map((n) => n.id),
      [key.script(4), key.script(5), key.script(6)],
    );
    assert.deepEqual(
      r.affected.job?.map((n) => n.id),
      [key.job(4), key.job(5), key.job(6)],
    );
    assert.deepEqual(r.hosts, ['dataops01', 'db01']);
    assert.deepEqual(r.logs.map((n) => n.name).sort(), [
      '/var/log/dataops/4.log',
      '/var/log/dataops/5.log',
      '/var/log/dataops/6.log',
      '/var/log/dataops/cron.log',
    ]);
    assert.equal(r.at, AT.toISOString());
  });

  it('of a failing script includes its own job, which shows the failure first', () => {
    const r = plain(impact(indexFlow(workedExample()), key.script(3), { at: AT, tz: 'UTC' }));
    assert.deepEqual(
      r.jobs.map((j) => j.id),
      [key.job(3), key.job(5), key.job(6)],
    );
    assert.deepEqual(r.jobs[0]?.runs, [key.script(3)]);
    assert.ok(!r.affected.script?.some((n) => n.id === key.script(4)), '4.py reads nothing 3.py writes');
  });

  it('follows wrappers: the job that runs a wrapper runs the affected child', () => {
    const g = createGraph();
    const ev = { file: '/etc/crontab', line: 3, construct: 'x', method: 'static' as const };
    const job = toJobNode('/etc/crontab', 3, { schedule: '@reboot', scheduler: 'cron' });
    mergeEdge(g, {
      from: job,
      to: toScriptNode('/opt/run_all.sh'),
      kind: 'invokes',
      confidence: 'exact',
      evidence: ev,
    });
    mergeEdge(g, {
      from: toScriptNode('/opt/run_all.sh'),
      to: toScriptNode('/opt/load.py'),
      kind: 'invokes',
      confidence: 'exact',
      evidence: ev,
    });
    mergeEdge(g, {
      from: toFileNode('/data/in.csv'),
      to: toScriptNode('/opt/load.py'),
      kind: 'reads',
      confidence: 'exact',
      evidence: ev,
    });
    mergeEdge(g, {
      from: toScriptNode('/opt/load.py'),
      to: toFileNode('/data/out.csv'),
      kind: 'writes',
      confidence: 'exact',
      evidence: ev,
    });
    const r = plain(impact(indexFlow(g), 'file:/data/in.csv', { at: AT }));
    assert.deepEqual(
      r.jobs.map((j) => [j.id, j.runs, j.nextRun, j.note]),
      [['job:/etc/crontab:3', ['script:/opt/load.py'], undefined, '@reboot runs at boot, not at a time']],
    );
    assert.deepEqual(
      r.staleOutputs.map((o) => [o.id, o.writtenBy]),
      [['file:/data/out.csv', ['job:/etc/crontab:3']]],
    );
    assert.equal(r.firstVisible, undefined);
  });
});
